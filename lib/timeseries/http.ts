/**
 * The HTTP exchange both store clients share (TimeSeriesClient, RecordingsClient): base URL, timeout, the write
 * token on PUT/PATCH/DELETE, and every non-2xx reply as TimeSeriesApiError carrying the server's `detail`; an
 * unreachable server is a TimeSeriesConnectionError.
 */

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

export interface StoreClientOptions {
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

/** A request body: JSON (sent as text) or raw bytes (application/octet-stream). */
export type StoreBody = { json: unknown } | { bytes: Uint8Array };

export class StoreHttp {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #token: string;

  constructor(baseUrl: string, options: StoreClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#token = options.token ?? defaultStoreToken();
  }

  /** The 2xx reply (its body unread); throws for anything else. */
  async send(method: string, path: string, body?: StoreBody, accept?: string): Promise<Response> {
    const headers: Record<string, string> = accept === undefined ? {} : { accept };
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (body && "json" in body) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers["content-type"] = "application/octet-stream";
      payload = body.bytes as Uint8Array<ArrayBuffer>;
    }
    if (method !== "GET" && this.#token !== "") headers.authorization = `Bearer ${this.#token}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        body: payload,
        headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new TimeSeriesConnectionError(
        `Cannot reach the time-series store at ${this.baseUrl} (${(error as Error).message}). ` +
          "Is it running (bun server.ts) and is the URL right?",
      );
    }
    if (!response.ok) {
      const text = await response.text();
      throw new TimeSeriesApiError(response.status, detailOf(text), text);
    }
    return response;
  }

  /** A JSON request answered with JSON. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body === undefined ? undefined : { json: body });
    return (await response.json()) as T;
  }
}
