/** Spawned `bun` scripts for tests: output collected as it comes, waiting for lines, clean teardown. */
import { join } from "node:path";
import { repoRoot } from "./stack.ts";

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `bun <script> ...args` to completion (script relative to the repo root). */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; cwd?: string; stdin?: Bun.BunFile } = {},
): Promise<RunResult> {
  const child = Bun.spawn([process.execPath, join(repoRoot, script), ...args], {
    env,
    cwd: options.cwd ?? repoRoot,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 30_000,
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { exitCode, stdout, stderr };
}

/** A long-running script (an executor): its output so far, and waits on it. */
export class RunningScript {
  readonly child: Bun.Subprocess<"ignore", "pipe", "pipe">;
  stdout = "";
  stderr = "";
  readonly #reading: Promise<void>;

  /** `detached`: in a process group of its own, like a terminal job (see `signalGroup`). */
  constructor(
    script: string,
    args: string[],
    env: Record<string, string>,
    options: { detached?: boolean } = {},
  ) {
    this.child = Bun.spawn([process.execPath, join(repoRoot, script), ...args], {
      env,
      cwd: repoRoot,
      detached: options.detached,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    this.#reading = Promise.all([
      this.#collect(this.child.stdout, (text) => {
        this.stdout += text;
      }),
      this.#collect(this.child.stderr, (text) => {
        this.stderr += text;
      }),
    ]).then(() => undefined);
  }

  async #collect(stream: ReadableStream<Uint8Array>, append: (text: string) => void): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of stream) append(decoder.decode(chunk, { stream: true }));
  }

  /** Resolves with the first match of `pattern` in stdout; rejects after `timeoutMs` or if the child exits. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `${pattern} not seen (exit ${this.child.exitCode}); stdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      }
      await Bun.sleep(25);
    }
  }

  /** Sends `signal` to the child's whole process group, as a terminal does on Ctrl-C (needs `detached`). */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.child.pid, signal);
  }

  /** Waits for the child to exit by itself: its exit code, with all of its output read. */
  async finished(): Promise<number> {
    const code = await this.child.exited;
    await this.#reading;
    return code;
  }

  /** Sends `signal` and waits for the exit code (and the rest of the output). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number> {
    if (this.child.exitCode === null) this.child.kill(signal);
    const code = await this.child.exited;
    await this.#reading;
    return code;
  }
}

/** An executor spawned with the stack's env; resolves once it printed `Executor NAME registered`. */
export async function startExecutor(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ executor: RunningScript; name: string }> {
  const executor = new RunningScript("executor/executor.ts", args, env);
  const match = await executor.waitFor(/Executor (\S+) registered/);
  return { executor, name: match[1]! };
}

/** Polls `check` until it returns a value other than undefined. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(50);
  }
}
