/**
 * Scripts load their plotting code (lib/plot/: Observable Plot, linkedom, resvg) only when they draw: a run
 * without a picture never loads a lib/plot/ module (issue 16). Each script runs as a whole process with a
 * preload that records every module it loaded; the runs that draw are the control showing the record sees
 * lib/plot/ when it is there.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { repoRoot } from "../support/stack.ts";

const PRELOAD = join(repoRoot, "test", "support", "loaded-modules.ts");
const PLOT_DIR = join(repoRoot, "lib", "plot") + sep;
let dir = "";
let runs = 0;

/**
 * Runs `bun --preload PRELOAD script args` in the temporary folder; the modules it loaded. `anyExit`: a
 * usage error is fine too (all the static imports are loaded before a script looks at its flags).
 */
async function loadedModules(script: string, args: string[], anyExit = false): Promise<string[]> {
  const list = join(dir, `modules-${runs++}.txt`);
  const child = Bun.spawn([process.execPath, "--preload", PRELOAD, join(repoRoot, script), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", LOADED_MODULES_FILE: list },
    stdout: "pipe",
    stderr: "pipe",
    timeout: 60_000,
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (exitCode !== 0 && !anyExit)
    throw new Error(`${script} ${args.join(" ")} exited ${exitCode}:\n${stdout}${stderr}`);
  const modules = readFileSync(list, "utf8").split("\n").filter(Boolean);
  // The record is real: it lists the repository's lib/ modules the script imports (the script itself is listed
  // only once its top level has finished, which --help's exit cuts short).
  expect(modules.some((m) => m.startsWith(join(repoRoot, "lib") + sep))).toBe(true);
  return modules;
}

const plotModules = (modules: string[]) => modules.filter((m) => m.startsWith(PLOT_DIR));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lazy-plot-"));
  await loadedModules("scripts/gen_dataset.ts", ["--no-plot", "--duration", "20", "--seed", "1"]);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const DATA = ["--dataset", "dataset.csv", "--model", "model.json"];

describe("without a picture, lib/plot/ is not loaded", () => {
  test.each([
    ["scripts/gen_dataset.ts", ["--no-plot", "--duration", "20", "--seed", "2", "--out", "other.csv"]],
    ["scripts/calc_kl_div_threshold.ts", ["--no-plot", ...DATA]],
    ["scripts/calibrate.ts", ["--detector", "rms", "--no-plot", ...DATA]],
    ["scripts/calibrate.ts", ["--detector", "kl", "--no-plot", ...DATA]],
  ])("%s %p", async (script, args) => {
    const modules = await loadedModules(script, args);
    expect(modules.some((m) => m.startsWith(join(repoRoot, "lib", "signal") + sep))).toBe(true);
    expect(plotModules(modules)).toEqual([]);
  });

  test("no script or executor loads it at start-up (--help: every static import, nothing run)", async () => {
    const entries = [
      ...readdirSync(join(repoRoot, "scripts"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => `scripts/${f}`),
      "executor/executor.ts",
      "executor/detect.ts",
      "executor/command_executor.ts",
    ];
    expect(entries.length).toBeGreaterThan(10);
    for (const entry of entries) {
      const modules = await loadedModules(entry, ["--help"], true);
      expect({ entry, plot: plotModules(modules) }).toEqual({ entry, plot: [] });
    }
  }, 120_000);
});

describe("with a picture, the chart is drawn (and the record sees lib/plot/)", () => {
  test.each([
    [
      "scripts/gen_dataset.ts",
      ["--plot", "a.png", "--duration", "20", "--seed", "3", "--out", "third.csv"],
      "a.png",
    ],
    ["scripts/calc_kl_div_threshold.ts", ["--plot", "k.png", ...DATA], "k.png"],
    ["scripts/calibrate.ts", ["--detector", "rms", "--plot", "r.png", ...DATA], "r.png"],
  ])("%s %p", async (script, args, png) => {
    const modules = await loadedModules(script, args);
    expect(plotModules(modules).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, png))).toBe(true);
  });
});
