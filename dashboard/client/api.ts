/** Typed fetch helpers for the dashboard's JSON endpoints (same origin, no credentials involved). */
import type { MergedEnvelope, Recording, RecordingPage, Samples } from "../../lib/timeseries/recordings.ts";
import type {
  ColonySnapshot,
  DashboardInfo,
  LogView,
  ProcessDetail,
  SeriesDetail,
  SeriesFilter,
  SeriesPage,
} from "../wire.ts";

const BASE = "/dashboard/api";

/** GET of a same-origin URL: the dashboard's own endpoints, or the store's documented `/recordings/` routes. */
async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { detail?: unknown };
      if (typeof body.detail === "string") detail = body.detail;
    } catch {
      // keep the status line
    }
    throw new Error(detail);
  }
  return (await response.json()) as T;
}

function getJson<T>(path: string): Promise<T> {
  return fetchJson<T>(`${BASE}${path}`);
}

const recordingPath = (id: string) => `/recordings/${encodeURIComponent(id)}`;

export const api = {
  info: () => getJson<DashboardInfo>("/info"),
  series: (filter: SeriesFilter, offset: number, limit: number) =>
    getJson<SeriesPage>(`/series?filter=${filter}&offset=${offset}&limit=${limit}`),
  seriesDetail: (tsId: string) => getJson<SeriesDetail>(`/series/${encodeURIComponent(tsId)}`),
  colony: () => getJson<ColonySnapshot>("/colony"),
  process: (processId: string) => getJson<ProcessDetail>(`/processes/${encodeURIComponent(processId)}`),
  searchLogs: (text: string, days: number, count: number) =>
    getJson<{ logs: LogView[] }>(`/logs/search?text=${encodeURIComponent(text)}&days=${days}&count=${count}`),
  recordings: (limit: number) => fetchJson<RecordingPage>(`/recordings/?limit=${limit}`),
  recording: (id: string) => fetchJson<Recording>(recordingPath(id)),
  envelope: (id: string, columns: number) =>
    fetchJson<MergedEnvelope>(`${recordingPath(id)}/envelope?columns=${columns}`),
  samples: (id: string, start: number, count: number) =>
    fetchJson<Samples>(`${recordingPath(id)}/samples?start=${start}&count=${count}`),
};
