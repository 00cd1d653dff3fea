/**
 * The tutorial's first two scripts, run as they are: gen_dataset.ts, then calc_kl_div_threshold.ts. With
 * `--detector rms` the second step is calibrate.ts --detector rms; with `--profile` the dataset has that profile.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DetectorKind, ProfileName } from "../lib/signal/index.ts";
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

export interface CalibrationSettings {
  seconds: number;
  seed: number;
  detector: DetectorKind;
  profile: ProfileName;
}

/**
 * Why the dataset and model must be made again, or null when the ones on disk fit: both exist and the model is
 * of the asked detector. A profile other than the tutorial's is always regenerated (the files do not say which
 * profile made them).
 */
export async function recalibrationReason(
  paths: CalibrationPaths,
  settings: Pick<CalibrationSettings, "detector" | "profile">,
): Promise<string | null> {
  if (!existsSync(paths.dataset) || !existsSync(paths.model)) return "missing";
  if (settings.profile !== "tutorial") return `profile ${settings.profile}`;
  let detector: unknown;
  try {
    detector = ((await Bun.file(paths.model).json()) as { detector?: unknown }).detector ?? "kl";
  } catch {
    return "unreadable model";
  }
  return detector === settings.detector ? null : `the model is ${String(detector)}, not ${settings.detector}`;
}

export async function generateAndCalibrate(
  children: ChildProcesses,
  paths: CalibrationPaths,
  settings: CalibrationSettings,
  progress: Progress,
  signal: AbortSignal,
): Promise<void> {
  const plots = dirname(paths.dataset);
  const script = (name: string) => join(paths.repoRoot, "scripts", name);
  const profile = settings.profile === "tutorial" ? [] : [`--profile=${settings.profile}`];
  progress.step(
    `Generating the dataset (${settings.seconds} s at 1 kHz${profile.length > 0 ? `, profile ${settings.profile}` : ""}) → ${paths.dataset}`,
  );
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
        ...profile,
      ],
      env: process.env,
      logPath: join(paths.logDir, "gen_dataset.log"),
    }),
    signal,
  );
  if (settings.detector === "rms") {
    progress.step(`Calibrating the RMS event detector → ${paths.model}`);
    await unlessAborted(
      children.run({
        name: "calibrate.ts",
        cmd: [
          process.execPath,
          script("calibrate.ts"),
          "--detector=rms",
          `--dataset=${paths.dataset}`,
          `--model=${paths.model}`,
          `--plot=${join(plots, "rms_events.png")}`,
        ],
        env: process.env,
        logPath: join(paths.logDir, "calibration.log"),
      }),
      signal,
    );
    return;
  }
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
