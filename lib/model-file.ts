import {
  type Model,
  ModelError,
  parseModel,
  type SeriesDetector,
  seriesDetectorFromModel,
  tutorialDefaultModel,
} from "./signal/index.ts";

export interface LoadedModel {
  model: Model;
  /** The detector the model names (kl or rms). */
  detector: SeriesDetector;
  /** false when the file was absent and the tutorial's hard-coded model is used instead. */
  fromFile: boolean;
  /** Set when falling back to the tutorial default; callers log it. */
  warning?: string;
}

/** Default model path: env MODEL_PATH, else "model.json" in the working directory. */
export function defaultModelPath(env: Record<string, string | undefined> = process.env): string {
  return env.MODEL_PATH ?? "model.json";
}

/**
 * Reads and validates model.json. A missing file falls back to the tutorial's hard-coded threshold with a warning;
 * a file that exists but is malformed throws ModelError (never silently replaced).
 */
export async function loadModel(path = defaultModelPath()): Promise<LoadedModel> {
  const file = Bun.file(path);
  if (!(await file.exists())) {
    const model = tutorialDefaultModel();
    return {
      model,
      detector: seriesDetectorFromModel(model),
      fromFile: false,
      warning: `${path} not found: using the tutorial's hard-coded threshold ${model.threshold} (run scripts/calc_kl_div_threshold.ts to calibrate)`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (error) {
    throw new ModelError(
      `${path} is not valid JSON (${(error as Error).message}); re-run scripts/calibrate.ts (or scripts/calc_kl_div_threshold.ts)`,
    );
  }
  let model: Model;
  try {
    model = parseModel(json);
  } catch (error) {
    throw new ModelError(`${path}: ${(error as Error).message}`);
  }
  return { model, detector: seriesDetectorFromModel(model), fromFile: true };
}

/** Writes the model as pretty JSON (numbers round-trip exactly). */
export async function saveModel(path: string, model: Model): Promise<void> {
  await Bun.write(path, `${JSON.stringify(model, null, 2)}\n`);
}
