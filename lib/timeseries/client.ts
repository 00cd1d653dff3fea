/**
 * Typed client of the time-series store (scripts, executor, dashboard tests). Every non-2xx reply throws
 * TimeSeriesApiError carrying the server's status and `detail`; an unreachable server throws
 * TimeSeriesConnectionError. Writes carry the store's write token (env STORE_TOKEN) when there is one.
 */
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

/** The store's base URL for scripts: env STORE_URL, default http://127.0.0.1:8000 (the tutorial's). */
export function defaultStoreUrl(env: Record<string, string | undefined> = process.env): string {
  return env.STORE_URL || "http://127.0.0.1:8000";
}

/** The write token our tools send: env STORE_TOKEN (its first entry when it lists several), or none. */
export function defaultStoreToken(env: Record<string, string | undefined> = process.env): string {
  return (env.STORE_TOKEN ?? "").split(",")[0]!.trim();
}

export class TimeSeriesApiError extends Error {
  override name = "TimeSeriesApiError";
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly body: string,
  ) {
    super(`store answered ${status}: ${detail}`);
  }
}

export class TimeSeriesConnectionError extends Error {
  override name = "TimeSeriesConnectionError";
}

export interface ListOptions {
  /** true: only anomalous series, false: only normal ones, undefined: all. */
  anomalies?: boolean;
  /** Only series whose events include one of this kind. */
  eventKind?: StoredEventKind;
  limit?: number;
  cursor?: string;
}

export interface TimeSeriesClientOptions {
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Bearer token for writes (default: defaultStoreToken()); "" sends none. */
  token?: string;
}

function detailOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    if (typeof parsed.detail === "string") return parsed.detail;
    if (parsed.detail !== undefined) return JSON.stringify(parsed.detail);
  } catch {
    // not JSON: fall through to the raw text
  }
  return text || "(empty reply)";
}

export class TimeSeriesClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #token: string;

  constructor(baseUrl: string, options: TimeSeriesClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#token = options.token ?? defaultStoreToken();
  }

  /** Creates or replaces the series `body.ts_id`. */
  put(body: TimeSeriesBody): Promise<Message> {
    return this.#request("PUT", `/timeseries/${encodeURIComponent(body.ts_id)}`, body);
  }

  get(tsId: string): Promise<TimeSeries> {
    return this.#request("GET", `/timeseries/${encodeURIComponent(tsId)}`);
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

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET" && this.#token !== "") headers.authorization = `Bearer ${this.#token}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new TimeSeriesConnectionError(
        `Cannot reach the time-series store at ${this.baseUrl} (${(error as Error).message}). ` +
          "Is it running (bun server.ts) and is the URL right?",
      );
    }
    const text = await response.text();
    if (!response.ok) throw new TimeSeriesApiError(response.status, detailOf(text), text);
    return JSON.parse(text) as T;
  }
}
