/** Conversions between stored records and the store's JSON replies. */
import type { SeriesRecord, SeriesWithPoints } from "../db/storage.ts";
import type { TimeSeriesSummary } from "../lib/timeseries/types.ts";

export function toSummary(record: SeriesRecord): TimeSeriesSummary {
  return {
    ts_id: record.tsId,
    process_id: record.processId,
    anomaly: record.anomaly,
    kl_divergence: record.klDivergence,
    points: record.pointCount,
    event_count: record.eventKinds === null ? null : record.eventKinds.length,
    created_at: new Date(record.createdAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
  };
}

/** JSON number text that parses back to the same double, keeping the sign of -0 (JSON.stringify drops it). */
function numberJson(value: number): string {
  return value === 0 && 1 / value < 0 ? "-0.0" : String(value);
}

/**
 * The GET reply as JSON text, built directly: it avoids materialising 1000s of point objects and keeps -0.
 * Keys in the tutorial's order first (ts_id, data, anomaly), then our extra fields.
 */
export function seriesJson(stored: SeriesWithPoints): string {
  const { ts_id, ...extra } = toSummary(stored);
  const { times, values } = stored;
  const points = new Array<string>(times.length);
  for (let i = 0; i < times.length; i++) {
    points[i] = `{"time":${JSON.stringify(times[i])},"value":${numberJson(values[i]!)}}`;
  }
  const head = `{"ts_id":${JSON.stringify(ts_id)},"data":[${points.join(",")}],`;
  return `${head}${JSON.stringify({ ...extra, events: stored.events }).slice(1)}`;
}
