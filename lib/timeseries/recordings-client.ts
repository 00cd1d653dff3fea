/**
 * Typed client of the store's recordings (`/recordings/...`): ingest, the executors' segment work, the
 * stitcher and the report. Same errors and token handling as TimeSeriesClient (lib/timeseries/http.ts):
 * a non-2xx reply throws TimeSeriesApiError with the server's status and `detail`. Segments go up and come
 * back as one Float32Array per channel.
 */
import { type StoreClientOptions, StoreHttp } from "./http.ts";
import type {
  MergedEnvelope,
  PhaseEventWire,
  Recording,
  RecordingMeta,
  RecordingPage,
  RecordingPatch,
  RecordingSummary,
  Samples,
  SegmentResultBody,
  StoredSegmentResult,
} from "./recordings.ts";
import {
  decodeSegment,
  FLOAT32_PACKING,
  parseScaleText,
  type SegmentPacking,
  type SegmentValues,
  scaleText,
  segmentBody,
} from "./segment-bytes.ts";

/** A segment answer's packing from its headers (a store without X-Encoding sends float32). */
function packingOf(headers: Headers, channelCount: number): SegmentPacking {
  if (headers.get("x-encoding") !== "int16") return FLOAT32_PACKING;
  const scale = parseScaleText(headers.get("x-scale") ?? "");
  if (typeof scale === "string" || scale.length !== channelCount)
    throw new Error(`the store sent an int16 segment with an unusable X-Scale: ${headers.get("x-scale")}`);
  return { encoding: "int16", scale };
}

import type { Message } from "./types.ts";

export interface SegmentSamples {
  /** Absolute index of the first sample. */
  start: number;
  /** One array per channel, in the recording's channel order. */
  channels: Float32Array[];
}

export type RecordingsClientOptions = StoreClientOptions;

export class RecordingsClient {
  readonly #http: StoreHttp;

  constructor(baseUrl: string, options: RecordingsClientOptions = {}) {
    this.#http = new StoreHttp(baseUrl, options);
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Creates the recording or replaces it (its segments, results and events are dropped). */
  async put(id: string, meta: RecordingMeta): Promise<{ created: boolean; recording: RecordingSummary }> {
    const response = await this.#http.send("PUT", path(id), { json: meta });
    return { created: response.status === 201, recording: (await response.json()) as RecordingSummary };
  }

  patch(id: string, change: RecordingPatch): Promise<RecordingSummary> {
    return this.#http.json("PATCH", path(id), change);
  }

  get(id: string): Promise<Recording> {
    return this.#http.json("GET", path(id));
  }

  /** One page; follow `next_cursor` (or use listAll). */
  list(options: { limit?: number; cursor?: string } = {}): Promise<RecordingPage> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set("limit", String(options.limit));
    if (options.cursor !== undefined) query.set("cursor", options.cursor);
    return this.#http.json("GET", `/recordings/${query.size > 0 ? `?${query}` : ""}`);
  }

  async listAll(): Promise<RecordingSummary[]> {
    const all: RecordingSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({ cursor });
      all.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  }

  remove(id: string): Promise<Message> {
    return this.#http.json("DELETE", path(id));
  }

  /**
   * Stores segment n (replacing it and dropping its result); `start` defaults to n·L, the first sample the
   * segment owns. Every channel must have the same length.
   */
  /** Float32 values per channel, or int16 raw values with each channel's scale (half the bytes). */
  async putSegment(
    id: string,
    n: number,
    values: SegmentValues,
    start?: number,
  ): Promise<{ created: boolean }> {
    const query = new URLSearchParams();
    if (start !== undefined) query.set("start", String(start));
    const { bytes, packing } = segmentBody(values);
    if (packing.encoding === "int16") {
      query.set("encoding", "int16");
      query.set("scale", scaleText(packing.scale));
    }
    const text = query.size === 0 ? "" : `?${query}`;
    const response = await this.#http.send("PUT", `${path(id)}/segments/${n}${text}`, { bytes });
    await response.arrayBuffer();
    return { created: response.status === 201 };
  }

  /** The segment's float32 values per channel (int16 segments travel as stored and are scaled here). */
  async getSegment(id: string, n: number): Promise<SegmentSamples> {
    const response = await this.#http.send("GET", `${path(id)}/segments/${n}?encoding=stored`);
    const channelCount = Number(response.headers.get("x-channels"));
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      start: Number(response.headers.get("x-start-sample")),
      channels: decodeSegment(bytes, channelCount, true, packingOf(response.headers, channelCount)),
    };
  }

  /** Samples [start, start + count) per channel, read out of the stored segments. */
  samples(id: string, start: number, count: number): Promise<Samples> {
    return this.#http.json("GET", `${path(id)}/samples?start=${start}&count=${count}`);
  }

  async putSegmentResult(id: string, n: number, result: SegmentResultBody): Promise<{ created: boolean }> {
    const response = await this.#http.send("PUT", `${path(id)}/segments/${n}/result`, { json: result });
    await response.arrayBuffer();
    return { created: response.status === 201 };
  }

  /** Every stored segment result in segment order; envelopes only when asked for. */
  async results(id: string, options: { envelope?: boolean } = {}): Promise<StoredSegmentResult[]> {
    const query = options.envelope ? "?envelope=true" : "";
    return (await this.#http.json<{ items: StoredSegmentResult[] }>("GET", `${path(id)}/results${query}`))
      .items;
  }

  /** Stores the stitched events (replacing earlier ones). */
  putEvents(id: string, processId: string, events: PhaseEventWire[]): Promise<RecordingSummary> {
    return this.#http.json("PUT", `${path(id)}/events`, { process_id: processId, events });
  }

  envelope(id: string, columns?: number): Promise<MergedEnvelope> {
    return this.#http.json(
      "GET",
      `${path(id)}/envelope${columns === undefined ? "" : `?columns=${columns}`}`,
    );
  }
}

function path(id: string): string {
  return `/recordings/${encodeURIComponent(id)}`;
}
