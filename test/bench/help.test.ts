/** Every bench script answers --help with its usage and exits 0 without running anything. */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runScript } from "../support/child.ts";
import { repoRoot } from "../support/stack.ts";

const benches = readdirSync(join(repoRoot, "bench"))
  .filter((name) => name.endsWith(".ts") && name !== "support.ts")
  .sort();

describe("bench --help", () => {
  test("finds the bench scripts", () => {
    expect(benches).toContain("signal.ts");
    expect(benches.length).toBeGreaterThanOrEqual(7);
  });

  test.each(benches)("bench/%s --help prints its usage and exits 0", async (name) => {
    const result = await runScript(join("bench", name), ["--help"], { PATH: process.env.PATH ?? "" });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Usage: bun bench/${name} [options]`);
    expect(result.stdout).toContain("--help");
  });
});
