/**
 * Typed client of the time-series store (scripts, executor, dashboard tests). Every non-2xx reply throws
 * TimeSeriesApiError carrying the server's status and `detail`; an unreachable server throws
 * TimeSeriesConnectionError. Writes carry the store's write token (env STORE_TOKEN) when there is one
 * (lib/timeseries/http.ts, shared with the RecordingsClient).
 */
import { type StoreClientOptions, StoreHttp, TimeSeriesApiError } from "./http.ts";
import { pointValues } from "./samples.ts";
import type {
  AnomalyUpdate,
  Health,
  Message,
  StoredEventKind,
  TimeSeries,
  TimeSeriesBody,
  TimeSeriesPage,
  TimeSeriesSummary,
} from "./types.ts";

export {
  defaultStoreToken,
  defaultStoreUrl,
  TimeSeriesApiError,
  TimeSeriesConnectionError,
} from "./http.ts";

export interface ListOptions {
  /** true: only anomalous series, false: only normal ones, undefined: all. */
  anomalies?: boolean;
  /** Only series whose events include one of this kind. */
  eventKind?: StoredEventKind;
  limit?: number;
  cursor?: string;
}

export type TimeSeriesClientOptions = StoreClientOptions;

/** Values as bytes first; JSON from a store that has no bytes to give. */
const VALUES_ACCEPT = "application/octet-stream, application/json;q=0.5";

export class TimeSeriesClient {
  readonly #http: StoreHttp;

  constructor(baseUrl: string, options: TimeSeriesClientOptions = {}) {
    this.#http = new StoreHttp(baseUrl, options);
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Creates or replaces the series `body.ts_id`. */
  put(body: TimeSeriesBody): Promise<Message> {
    return this.#request("PUT", `/timeseries/${encodeURIComponent(body.ts_id)}`, body);
  }

  get(tsId: string): Promise<TimeSeries> {
    return this.#request("GET", `/timeseries/${encodeURIComponent(tsId)}`);
  }

  /**
   * The series' values alone, for a detector: our store sends them as float64 bytes (an eighth of the JSON,
   * nothing to parse); any store that answers JSON instead (the tutorial's) is read from its points.
   */
  async values(tsId: string): Promise<Float64Array> {
    const path = `/timeseries/${encodeURIComponent(tsId)}`;
    const response = await this.#http.send("GET", path, undefined, VALUES_ACCEPT);
    if (!response.headers.get("content-type")?.startsWith("application/octet-stream")) {
      return pointValues(((await response.json()) as TimeSeries).data);
    }
    const bytes = await response.bytes();
    if (bytes.length % 8 !== 0) {
      throw new TimeSeriesApiError(
        response.status,
        `the store sent ${bytes.length} bytes for series ${tsId}'s values, not a whole number of float64s`,
        "",
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const values = new Float64Array(bytes.length / 8);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
    return values;
  }

  /** One page; follow `next_cursor` (or use listAll). */
  list(options: ListOptions = {}): Promise<TimeSeriesPage> {
    const query = new URLSearchParams();
    if (options.anomalies !== undefined) query.set("anomalies", String(options.anomalies));
    if (options.eventKind !== undefined) query.set("event_kind", options.eventKind);
    if (options.limit !== undefined) query.set("limit", String(options.limit));
    if (options.cursor !== undefined) query.set("cursor", options.cursor);
    const suffix = query.size > 0 ? `?${query}` : "";
    return this.#request("GET", `/timeseries/${suffix}`);
  }

  /** Every matching series, following the pages. */
  async listAll(options: Omit<ListOptions, "cursor"> = {}): Promise<TimeSeriesSummary[]> {
    const all: TimeSeriesSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...options, cursor });
      all.push(...page.timeseries);
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  }

  /** Records a verdict; `kl_divergence` or `events` (either replaces both) carry what the detector found. */
  setAnomaly(tsId: string, update: AnomalyUpdate): Promise<Message> {
    return this.#request("PATCH", `/timeseries/${encodeURIComponent(tsId)}/anomaly`, update);
  }

  remove(tsId: string): Promise<Message> {
    return this.#request("DELETE", `/timeseries/${encodeURIComponent(tsId)}`);
  }

  health(): Promise<Health> {
    return this.#request("GET", "/health");
  }

  #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#http.json<T>(method, path, body);
  }
}
