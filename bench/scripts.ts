/**
 * `bun bench/scripts.ts [--runs N] [--python-dir DIR]`: the tutorial's scripts as a user runs them, each a
 * whole process started N times (Bun's start, imports, work, exit), in a temporary folder with the tutorial's
 * 10^5-row dataset. With Python + numpy + pandas and the tutorial's originals (--python-dir: a folder, or a
 * bare git mirror, holding gen_dataset.py and calc_kl_div_threshold.py) it runs those side by side; otherwise
 * it says why not and times ours alone. Run by hand; numbers go into bench/README.md.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";

const PYTHON_SCRIPTS = ["gen_dataset.py", "calc_kl_div_threshold.py"] as const;
type PythonScript = (typeof PYTHON_SCRIPTS)[number];

const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/scripts.ts",
    summary: "Whole-process times of the tutorial's scripts (ours, and the Python originals when available).",
    flags: {
      runs: {
        type: "integer",
        default: 10,
        description: "runs of each command",
        check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
      },
      pythonDir: {
        type: "string",
        default: "",
        description:
          "folder or bare git mirror with the tutorial's gen_dataset.py and calc_kl_div_threshold.py",
        placeholder: "DIR",
      },
    },
  }),
);

const root = resolve(import.meta.dir, "..");
const dir = mkdtempSync(join(tmpdir(), "bench-scripts-"));
/** The originals write dataset.csv, model.json and their pictures where they run: a folder of their own. */
const pyDir = join(dir, "python");
const bun = process.execPath;
const script = (name: string) => join(root, "scripts", name);

interface Row {
  label: string;
  argv: string[];
  times: number[];
  python?: boolean;
}

/** Runs argv in the temporary folder, in milliseconds; a failing run stops the bench with its output. */
function timeRun(argv: string[], cwd = dir): number {
  const t0 = performance.now();
  const result = Bun.spawnSync(argv, { cwd, stdout: "pipe", stderr: "pipe", env: process.env });
  const ms = performance.now() - t0;
  if (result.exitCode !== 0) {
    throw new Error(`${argv.join(" ")} exited ${result.exitCode}:\n${result.stdout}${result.stderr}`);
  }
  return ms;
}

/** The tutorial's originals, copied into the temporary folder, or why they cannot run here. */
function pythonOriginals(source: string): { scripts: Record<PythonScript, string> } | { why: string } {
  const missing: string[] = [];
  const check = Bun.spawnSync(["python3", "-c", "import numpy, pandas"], { stdout: "pipe", stderr: "pipe" });
  if (check.exitCode !== 0) missing.push("python3 cannot import numpy and pandas");
  if (source === "")
    missing.push("no --python-dir given (a folder or git mirror with the tutorial's .py files)");
  else if (!existsSync(source)) missing.push(`--python-dir ${source} does not exist`);
  if (missing.length > 0) return { why: missing.join("; ") };
  // Filled for every name below, or the function returns why not.
  const scripts = {} as Record<PythonScript, string>;
  mkdirSync(pyDir);
  copyFileSync(join(dir, "dataset.csv"), join(pyDir, "dataset.csv"));
  const bare = existsSync(join(source, "HEAD")) && existsSync(join(source, "objects"));
  for (const name of PYTHON_SCRIPTS) {
    const target = join(pyDir, name);
    if (bare) {
      const list = Bun.spawnSync(["git", "--git-dir", source, "ls-tree", "-r", "--name-only", "HEAD"]);
      const path = list.stdout
        .toString()
        .split("\n")
        .find((p) => p === name || p.endsWith(`/${name}`));
      if (!path) return { why: `${name} is not in the git mirror ${source}` };
      writeFileSync(target, Bun.spawnSync(["git", "--git-dir", source, "show", `HEAD:${path}`]).stdout);
    } else {
      const found = findFile(source, name);
      if (!found) return { why: `${name} is not under ${source}` };
      copyFileSync(found, target);
    }
    scripts[name] = target;
  }
  return { scripts };
}

function findFile(folder: string, name: string, depth = 4): string | null {
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (entry === name) return path;
    if (depth > 0 && entry !== ".git" && entry !== "node_modules" && statSync(path).isDirectory()) {
      const found = findFile(path, name, depth - 1);
      if (found) return found;
    }
  }
  return null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

try {
  // The calibration scripts read the tutorial's dataset; make it once, untimed.
  timeRun([bun, script("gen_dataset.ts"), "--no-plot", "--seed", "1"]);
  const calibrate = ["--dataset", "dataset.csv", "--model", "model.json"];
  const rows: Row[] = [
    { label: "bun -e 0 (Bun's start alone)", argv: [bun, "-e", "0"], times: [] },
    {
      label: "gen_dataset.ts --no-plot (10^5 rows)",
      argv: [bun, script("gen_dataset.ts"), "--no-plot"],
      times: [],
    },
    { label: "gen_dataset.ts (draws anomalies.png)", argv: [bun, script("gen_dataset.ts")], times: [] },
    {
      label: "calc_kl_div_threshold.ts --no-plot",
      argv: [bun, script("calc_kl_div_threshold.ts"), "--no-plot", ...calibrate],
      times: [],
    },
    {
      label: "calc_kl_div_threshold.ts (draws kl_div_res.png)",
      argv: [bun, script("calc_kl_div_threshold.ts"), ...calibrate],
      times: [],
    },
    {
      label: "calibrate.ts --detector rms --no-plot",
      argv: [bun, script("calibrate.ts"), "--detector", "rms", "--no-plot", ...calibrate],
      times: [],
    },
  ];
  const python = pythonOriginals(flags.pythonDir);
  if ("why" in python) console.log(`Python originals skipped (ours timed alone): ${python.why}.`);
  else {
    rows.push(
      {
        label: "python3 gen_dataset.py (tutorial; draws its plot)",
        argv: ["python3", python.scripts["gen_dataset.py"]],
        times: [],
        python: true,
      },
      {
        label: "python3 calc_kl_div_threshold.py (tutorial; draws its plot)",
        argv: ["python3", python.scripts["calc_kl_div_threshold.py"]],
        times: [],
        python: true,
      },
    );
  }
  // Interleaved rounds, so a burst of load from other work hits every command alike.
  for (let run = 0; run < flags.runs; run++)
    for (const row of rows) row.times.push(timeRun(row.argv, row.python ? pyDir : dir));

  const pyGen = rows.find((r) => r.python && r.label.includes("gen_dataset"));
  const pyCal = rows.find((r) => r.python && r.label.includes("calc_kl"));
  const versus = (row: Row): string => {
    if (row.python) return "";
    const py = row.label.startsWith("gen_dataset")
      ? pyGen
      : row.label.startsWith("calc_kl")
        ? pyCal
        : undefined;
    return py ? `${(median(py.times) / median(row.times)).toFixed(1)}×` : "";
  };
  console.log(
    `\n${flags.runs} runs each, whole process, ms (load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}):\n`,
  );
  console.log("| command | min | median | max | Python median / ours |");
  console.log("|---|---:|---:|---:|---:|");
  for (const row of rows) {
    const cells = [Math.min(...row.times), median(row.times), Math.max(...row.times)].map((ms) =>
      ms.toFixed(0),
    );
    console.log(`| ${row.label} | ${cells.join(" | ")} | ${versus(row)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
