/**
 * The demo's child processes: each writes stdout+stderr to its own log file; all are stopped (SIGTERM,
 * then SIGKILL after a grace period) in reverse start order, on success, on error and on Ctrl-C, and a
 * last-resort SIGKILL runs on process exit so none outlives the demo. (Only a SIGKILL of the demo itself,
 * which no process can handle, would leave them running.)
 */
import { closeSync, openSync } from "node:fs";
import type { Subprocess } from "bun";
import { logTail } from "../log-tail.ts";
import { StackError } from "./errors.ts";

export interface ChildSpec {
  name: string;
  cmd: string[];
  env: Record<string, string | undefined>;
  logPath: string;
  /** Children are stopped by tier, highest first; a tier stops all at once (default: a new tier each). */
  tier?: number;
}

export interface Child {
  name: string;
  tier: number;
  logPath: string;
  proc: Subprocess;
  /** Set once the process has exited. */
  exitCode: number | null;
}

export { logTail };

export class ChildProcesses {
  private readonly children: Child[] = [];
  private nextTier = 0;
  private readonly onExit = () => this.killNow();

  constructor(
    private readonly hooks: { onSpawn?: (child: Child) => void } = {},
    private readonly graceMs = 5_000,
  ) {
    process.on("exit", this.onExit);
  }

  list(): readonly Child[] {
    return this.children;
  }

  spawn(spec: ChildSpec): Child {
    const fd = openSync(spec.logPath, "a");
    try {
      // Own session: a terminal's Ctrl-C reaches only the demo, which then stops the children in order
      // (executors unregister while the Colonies server is still up).
      const proc = Bun.spawn(spec.cmd, {
        env: spec.env,
        stdin: "ignore",
        stdout: fd,
        stderr: fd,
        detached: true,
      });
      const tier = spec.tier ?? this.nextTier++;
      const child: Child = { name: spec.name, tier, logPath: spec.logPath, proc, exitCode: null };
      void proc.exited.then((code) => {
        child.exitCode = code;
      });
      this.children.push(child);
      this.hooks.onSpawn?.(child);
      return child;
    } finally {
      closeSync(fd);
    }
  }

  /** Runs a command to completion (a tutorial script); throws with its output's tail when it fails. */
  async run(spec: ChildSpec): Promise<void> {
    const child = this.spawn(spec);
    const code = await child.proc.exited;
    this.children.splice(this.children.indexOf(child), 1);
    if (code !== 0) {
      throw new StackError(
        `${spec.name} failed (exit ${code}); its output (${spec.logPath}) ends with:\n${logTail(spec.logPath)}`,
      );
    }
  }

  /** Throws if a child that should be running has exited. */
  assertRunning(child: Child): void {
    if (child.exitCode !== null) {
      throw new StackError(
        `${child.name} exited unexpectedly (exit ${child.exitCode}); its log (${child.logPath}) ends with:\n${logTail(child.logPath)}`,
      );
    }
  }

  /** Polls `url` until it answers 2xx; fails early if the child dies. */
  async waitForHttp(child: Child, url: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.assertRunning(child);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await Bun.sleep(100);
    }
    throw new StackError(
      `${child.name} did not answer at ${url} within ${timeoutMs / 1000} s; see ${child.logPath}`,
    );
  }

  /** Waits until the child's log contains `text` (for processes without an HTTP endpoint). */
  async waitForLog(child: Child, text: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.assertRunning(child);
      if (logTail(child.logPath, 200).includes(text)) return;
      await Bun.sleep(100);
    }
    throw new StackError(
      `${child.name} did not print "${text}" within ${timeoutMs / 1000} s; see ${child.logPath}`,
    );
  }

  /** Stops every child, highest tier first: SIGTERM, then SIGKILL after the grace period. */
  async stopAll(): Promise<void> {
    while (this.children.length > 0) {
      const top = Math.max(...this.children.map((child) => child.tier));
      const tier = this.children.filter((child) => child.tier === top);
      await Promise.all(tier.map((child) => this.stop(child)));
      for (const child of tier) this.children.splice(this.children.indexOf(child), 1);
    }
    process.off("exit", this.onExit);
  }

  private async stop(child: Child): Promise<void> {
    if (child.exitCode !== null) return;
    child.proc.kill("SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([
      child.proc.exited.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), this.graceMs);
      }),
    ]);
    // A pending grace timer would keep the demo alive after its last child is gone.
    clearTimeout(timer);
    if (!exited) {
      child.proc.kill("SIGKILL");
      await child.proc.exited;
    }
  }

  /** Synchronous last resort (process "exit" handlers cannot wait). */
  killNow(): void {
    for (const child of this.children) {
      if (child.exitCode === null) {
        try {
          child.proc.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  }
}
