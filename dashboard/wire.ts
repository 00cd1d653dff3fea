/**
 * JSON shapes of the dashboard's own endpoints (`/dashboard/api/...`) and SSE events, shared by the
 * server plugin and the browser code so both sides agree at compile time.
 */

import type { StoredEventKind, VoltageEventWire } from "../lib/timeseries/types.ts";

/** The table's filters: the verdict flag, or series with at least one event of a kind. */
export const SERIES_FILTERS = ["all", "anomalous", "normal", "dip", "swell", "interruption"] as const;
export type SeriesFilter = (typeof SERIES_FILTERS)[number];

export interface SeriesRow {
  ts_id: string;
  created_at: string | null;
  updated_at: string | null;
  /** null while no executor has checked the series yet. */
  anomaly: boolean | null;
  kl_divergence: number | null;
  process_id: string | null;
  /** Kind of each event of an rms verdict, in order; null for a KL verdict or none yet. */
  event_kinds: StoredEventKind[] | null;
}

export interface SeriesPage {
  items: SeriesRow[];
  total: number;
  offset: number;
  limit: number;
  filter: SeriesFilter;
}

/** Half-open index ranges [start, end) into the series' points. */
import type { IndexRange } from "../lib/label-ranges.ts";
import type { ProcessCounts } from "../lib/process-counts.ts";

export type { IndexRange, ProcessCounts };

export interface SeriesDetail {
  row: SeriesRow;
  /** Seconds parsed from the stored time strings (the chart's x axis). */
  time: number[];
  values: number[];
  threshold: number | null;
  /** Where the calibrated detector, run window by window, flags the wave. */
  detected: IndexRange[];
  /** Where the submitter injected drops, when it recorded them (the demo does). */
  labelled: IndexRange[] | null;
  /** Window length (points) used for `detected`. */
  window: number | null;
  /** The stored verdict's events with their spans on the chart; null when it has none (then `detected`). */
  events: EventShade[] | null;
}

/** One stored event placed on the series' points, with its chart label ("dip to 21 %"). */
export interface EventShade {
  event: VoltageEventWire;
  range: IndexRange;
  label: string;
}

export interface ExecutorView {
  name: string;
  type: string;
  state: string;
  lastHeardFrom: string | null;
}

export interface ProcessView {
  id: string;
  state: "waiting" | "running" | "successful" | "failed" | "cancelled" | "unknown";
  funcname: string;
  args: string[];
  executorName: string | null;
  submitted: string | null;
  started: string | null;
  ended: string | null;
  errors: string[];
  output: unknown[];
}

export interface ColonySnapshot {
  colonyName: string;
  counts: ProcessCounts;
  executors: ExecutorView[];
  /** The most recent few processes of each state. */
  recent: Record<keyof ProcessCounts, ProcessView[]>;
  /** Set when the Colonies server could not be read; the rest is then empty. */
  error?: string;
}

export interface LogView {
  timestamp: string | null;
  executorName: string;
  processId: string;
  message: string;
}

export interface ProcessDetail {
  process: ProcessView;
  logs: LogView[];
}

export interface DashboardInfo {
  threshold: number | null;
  modelSource: string;
  colony: { enabled: boolean; colonyName: string | null };
}

/** Server-sent events on `/dashboard/api/events` (event name → data). */
export interface DashboardEvents {
  hello: DashboardInfo;
  /** Series ids changed since the previous event (batched). */
  series: { changed: string[]; removed: string[] };
  colony: ColonySnapshot;
}
