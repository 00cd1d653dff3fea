/**
 * The tutorial's first two scripts, run as they are: gen_dataset.ts, then calc_kl_div_threshold.ts. With
 * `--detector rms` the second step is calibrate.ts --detector rms; with `--profile` the dataset has that profile.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { unlessAborted } from "../lib/abort.ts";
import type { DetectorKind, ProfileName } from "../lib/signal/index.ts";
import type { ChildProcesses } from "../lib/stack/children.ts";
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
  const runScript = (name: string, args: string[], log: string) =>
    unlessAborted(
      children.run({
        name,
        cmd: [process.execPath, join(paths.repoRoot, "scripts", name), ...args],
        env: process.env,
        logPath: join(paths.logDir, log),
      }),
      signal,
    );
  const profile = settings.profile === "tutorial" ? [] : [`--profile=${settings.profile}`];
  progress.step(
    `Generating the dataset (${settings.seconds} s at 1 kHz${profile.length > 0 ? `, profile ${settings.profile}` : ""}) → ${paths.dataset}`,
  );
  await runScript(
    "gen_dataset.ts",
    [
      `--out=${paths.dataset}`,
      `--plot=${join(plots, "anomalies.png")}`,
      `--duration=${settings.seconds}`,
      `--seed=${settings.seed}`,
      ...profile,
    ],
    "gen_dataset.log",
  );
  const data = [`--dataset=${paths.dataset}`, `--model=${paths.model}`];
  if (settings.detector === "rms") {
    progress.step(`Calibrating the RMS event detector → ${paths.model}`);
    const plot = `--plot=${join(plots, "rms_events.png")}`;
    await runScript("calibrate.ts", ["--detector=rms", ...data, plot], "calibration.log");
  } else {
    progress.step(`Calibrating the KL-divergence threshold → ${paths.model}`);
    await runScript(
      "calc_kl_div_threshold.ts",
      [...data, `--plot=${join(plots, "kl_div_res.png")}`],
      "calibration.log",
    );
  }
}
