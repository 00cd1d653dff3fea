/** Runs scripts/<name> in a temporary working directory (no MODEL_PATH), for the script tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./stack.ts";

export interface ScriptsDir {
  dir: string;
  run(script: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  remove(): void;
}

export function scriptsDir(prefix: string): ScriptsDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    async run(script, ...args) {
      const proc = Bun.spawn([process.execPath, join(repoRoot, "scripts", script), ...args], {
        cwd: dir,
        stdout: "pipe",
        stderr: "pipe",
        env: { ...process.env, MODEL_PATH: undefined },
      });
      const [stdout, stderr, code] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
        proc.exited,
      ]);
      return { stdout, stderr, code };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
