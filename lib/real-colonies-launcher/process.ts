/** Pid files and stopping processes we started earlier (possibly from another run of the launcher). */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid in `path` when the file exists and that process still runs. */
export function runningPid(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, "utf8").split("\n")[0]!.trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

export function writePidFile(path: string, pid: number): void {
  writeFileSync(path, `${pid}\n`);
}

/** Sends `signal`, waits up to `graceMs` for the exit, then SIGKILLs. Resolves once the pid is gone. */
export async function stopPid(
  pid: number,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 15_000,
): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, "SIGKILL");
      while (isAlive(pid)) await Bun.sleep(50);
      return;
    }
    await Bun.sleep(50);
  }
}

/** Stops the process named in a pid file (if it runs) and removes the file; true when one was stopped. */
export async function stopByPidFile(path: string): Promise<boolean> {
  const pid = runningPid(path);
  rmSync(path, { force: true });
  if (pid === undefined) return false;
  await stopPid(pid);
  return true;
}
