/** The tutorial's first two scripts, run as they are: gen_dataset.ts, then calc_kl_div_threshold.ts. */
import { dirname, join } from "node:path";
import { unlessAborted } from "./abort.ts";
import type { ChildProcesses } from "./children.ts";
import type { Progress } from "./progress.ts";

export interface CalibrationPaths {
  repoRoot: string;
  logDir: string;
  /** The dataset CSV; the scripts' PNG plots go next to it. */
  dataset: string;
  model: string;
}

export async function generateAndCalibrate(
  children: ChildProcesses,
  paths: CalibrationPaths,
  settings: { seconds: number; seed: number },
  progress: Progress,
  signal: AbortSignal,
): Promise<void> {
  const plots = dirname(paths.dataset);
  const script = (name: string) => join(paths.repoRoot, "scripts", name);
  progress.step(`Generating the dataset (${settings.seconds} s at 1 kHz) → ${paths.dataset}`);
  await unlessAborted(
    children.run({
      name: "gen_dataset.ts",
      cmd: [
        process.execPath,
        script("gen_dataset.ts"),
        `--out=${paths.dataset}`,
        `--plot=${join(plots, "anomalies.png")}`,
        `--duration=${settings.seconds}`,
        `--seed=${settings.seed}`,
      ],
      env: process.env,
      logPath: join(paths.logDir, "gen_dataset.log"),
    }),
    signal,
  );
  progress.step(`Calibrating the KL-divergence threshold → ${paths.model}`);
  await unlessAborted(
    children.run({
      name: "calc_kl_div_threshold.ts",
      cmd: [
        process.execPath,
        script("calc_kl_div_threshold.ts"),
        `--dataset=${paths.dataset}`,
        `--model=${paths.model}`,
        `--plot=${join(plots, "kl_div_res.png")}`,
      ],
      env: process.env,
      logPath: join(paths.logDir, "calibration.log"),
    }),
    signal,
  );
}
