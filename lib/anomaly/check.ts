/**
 * One series through the detector: fetch it from the store, detect with the calibrated detector (which
 * applies the model's own preprocessing), and write the verdict back with the process id that did it.
 * Shared by the anomaly executor and the container's detector command.
 */
import type { SeriesDetector } from "../signal/index.ts";
import {
  TimeSeriesApiError,
  type TimeSeriesClient,
  toWireEvent,
  type VoltageEventWire,
} from "../timeseries/index.ts";
import { AnomalyJobError } from "./errors.ts";
import { logLines } from "./log-lines.ts";

/** One entry of an `anomaly` process's output. */
export interface SeriesResult {
  ts_id: string;
  anomaly: boolean;
  /** null for detectors that measure no KL divergence (rms). */
  kl_divergence: number | null;
  /** The events found (rms; [] when none); null for detectors that report no events (kl). */
  events: VoltageEventWire[] | null;
}

export interface CheckHooks {
  /** Receives the tutorial's log lines in order (the executor forwards them to Colonies). */
  log?(line: string): void;
  /** Adds the time spent in the detector (benchmarks). */
  onDetect?(ms: number): void;
}

function storeProblem(tsId: string, store: TimeSeriesClient, error: unknown): Error {
  if (error instanceof TimeSeriesApiError && error.status === 404) {
    return new AnomalyJobError(`time series ${tsId} not found in the store at ${store.baseUrl}`);
  }
  if (error instanceof TimeSeriesApiError) {
    return new AnomalyJobError(`time series ${tsId}: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export async function checkSeries(
  store: TimeSeriesClient,
  detector: SeriesDetector,
  tsId: string,
  processId: string,
  hooks: CheckHooks = {},
): Promise<SeriesResult> {
  hooks.log?.(logLines.checking(tsId));
  hooks.log?.(logLines.fetching(tsId, store.baseUrl));
  let values: Float64Array;
  try {
    values = await store.values(tsId);
  } catch (error) {
    throw storeProblem(tsId, store, error);
  }
  if (values.length === 0) throw new AnomalyJobError(`time series ${tsId} has no data points`);
  hooks.log?.(logLines.detecting(tsId));
  const started = performance.now();
  const verdict = detector.detect(values);
  hooks.onDetect?.(performance.now() - started);
  const { anomaly, klDivergence } = verdict;
  const events = verdict.events?.map(toWireEvent) ?? null;
  hooks.log?.(logLines.verdict(tsId, anomaly, { klDivergence, events }));
  try {
    await store.setAnomaly(tsId, {
      anomaly,
      process_id: processId,
      ...(klDivergence === null ? {} : { kl_divergence: klDivergence }),
      ...(events === null ? {} : { events }),
    });
  } catch (error) {
    throw storeProblem(tsId, store, error);
  }
  return { ts_id: tsId, anomaly, kl_divergence: klDivergence, events };
}
