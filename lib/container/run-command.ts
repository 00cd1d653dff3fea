/** Runs one command as a subprocess (argv array, never a shell) with a deadline. */

export interface CommandResult {
  exitCode: number | null;
  /** Set when the process ended on a signal (ours after the deadline, or anyone else's). */
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  /** Kill the command (SIGKILL) when it runs longer than this; omit for no limit. */
  timeoutMs?: number;
  cwd?: string;
  /** The whole environment of the command (nothing else is inherited). */
  env: Record<string, string | undefined>;
}

export async function runCommand(
  argv: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  const child = Bun.spawn([...argv], {
    cwd: options.cwd,
    env: options.env,
    // Out of our process group: a Ctrl-C at the terminal must stop the executor (which then finishes the
    // command in hand), not kill the command mid-run.
    detached: true,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs);
  try {
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    const signal = child.signalCode === null ? null : String(child.signalCode);
    return {
      exitCode: signal === null ? exitCode : null,
      signal,
      timedOut,
      stdout,
      stderr,
    };
  } finally {
    clearTimeout(timer);
  }
}
