/** One line per closed process, for `submit --wait` and the tests. */
import { type Process, ProcessState } from "../colonies-sdk/index.ts";
import { pythonBool, type VoltageEventWire } from "../timeseries/index.ts";
import { verdictDetail } from "./log-lines.ts";

function isSeriesResult(value: unknown): value is {
  ts_id: string;
  anomaly: boolean;
  kl_divergence?: number | null;
  events?: VoltageEventWire[] | null;
} {
  const v = value as Record<string, unknown> | null;
  return typeof v === "object" && v !== null && typeof v.ts_id === "string" && typeof v.anomaly === "boolean";
}

export function describeClosedProcess(process: Process): string[] {
  const id = process.processid;
  if (process.state === ProcessState.Successful) {
    const results = (process.out ?? []).filter(isSeriesResult);
    if (results.length === 0) return [`Process ${id} successful: ${JSON.stringify(process.out ?? [])}`];
    return results.map(
      (r) =>
        `Process ${id} successful: anomaly ${pythonBool(r.anomaly)},${verdictDetail({
          klDivergence: typeof r.kl_divergence === "number" ? r.kl_divergence : null,
          events: Array.isArray(r.events) ? r.events : null,
        })} time series ID: ${r.ts_id}`,
    );
  }
  const state = process.state === ProcessState.Failed ? "failed" : "cancelled";
  return [`Process ${id} ${state}: ${(process.errors ?? []).join("; ") || "(no error text)"}`];
}
