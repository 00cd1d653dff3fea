/**
 * Reading the recordings routes' input: closed JSON bodies (a key the wire does not define is a 422, not
 * silently dropped), binary segment bodies, integer path and query values, and the wire-to-storage mapping.
 * Every refusal is a StoreHttpError naming the field.
 */
import type { TSchema } from "elysia";
import { TypeCompiler } from "elysia/type-system";
import {
  type RecordingMetaInput,
  type RecordingPatchInput,
  RecordingStorageError,
  type SegmentResultInput,
} from "../db/recording-storage.ts";
import type {
  PhaseEventWire,
  RecordingMeta,
  RecordingPatch,
  SegmentResultBody,
} from "../lib/timeseries/recordings.ts";
import {
  FLOAT32_PACKING,
  parseScaleText,
  type SegmentEncoding,
  type SegmentPacking,
} from "../lib/timeseries/segment-bytes.ts";
import { issuesDetail, StoreHttpError, unprocessable } from "./errors.ts";
import { acceptEvents } from "./events-input.ts";
import { readJsonBody } from "./json-body.ts";

/** A parse hook: the JSON body, checked against the closed schema before Elysia's own (key-dropping) pass. */
export function closedJsonBody(schema: TSchema, maxBytes: number) {
  const check = TypeCompiler.Compile(schema);
  return async ({ request }: { request: Request }) => {
    const body = await readJsonBody(request, maxBytes);
    if (!check.Check(body)) {
      throw unprocessable(issuesDetail("body", check.Errors(body)) ?? "Invalid request: body does not match");
    }
    return body;
  };
}

/** A parse hook: the raw bytes of an `application/octet-stream` body, within the size limit. */
export function binaryBody(maxBytes: number) {
  return async ({ request }: { request: Request }): Promise<Uint8Array> => {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/octet-stream\s*(;|$)/i.test(type)) {
      throw new StoreHttpError(
        415,
        `A segment body is Content-Type: application/octet-stream (channel-major little-endian float32, or int16 with ?encoding=int16), got ${JSON.stringify(type)}.`,
      );
    }
    const declared = Number(request.headers.get("content-length"));
    if (declared > maxBytes) throw segmentTooLarge(declared, maxBytes);
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw segmentTooLarge(bytes.byteLength, maxBytes);
    return bytes;
  };
}

/** A segment PUT's packing from its `encoding` and `scale` query parameters (422 naming segment-scale). */
export function segmentPacking(
  encoding: SegmentEncoding | undefined,
  scale: string | undefined,
): SegmentPacking {
  if (encoding !== "int16") {
    if (scale !== undefined)
      throw unprocessable("Invalid request: query.scale: only with encoding=int16", "segment-scale");
    return FLOAT32_PACKING;
  }
  if (scale === undefined)
    throw unprocessable(
      "Invalid request: query.scale: encoding=int16 needs scale (gain,offset for each channel)",
      "segment-scale",
    );
  const parsed = parseScaleText(scale);
  if (typeof parsed === "string")
    throw unprocessable(`Invalid request: query.scale: ${parsed}`, "segment-scale");
  return { encoding: "int16", scale: parsed };
}

function segmentTooLarge(bytes: number, maxBytes: number): StoreHttpError {
  return new StoreHttpError(
    413,
    `Segment body is ${bytes} bytes; the limit is ${maxBytes} bytes. Use shorter segments (segment_seconds).`,
  );
}

/** A whole number in [min, max] from path or query text (`where`: "path.n", "query.start", ...). */
export function integerText(where: string, text: string | undefined, min: number, max: number): number {
  const value = text === undefined || !/^\d{1,16}$/.test(text) ? Number.NaN : Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw unprocessable(
      `Invalid request: ${where}: Expected an integer from ${min} to ${max}, got ${text === undefined ? "missing" : JSON.stringify(text)}`,
    );
  }
  return value;
}

/** The storage's refusals as HTTP answers: 404 for what is not stored, 422 for what the metadata forbids. */
export async function answering<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!(error instanceof RecordingStorageError)) throw error;
    throw new StoreHttpError(error.reason === "invalid" ? 422 : 404, error.message, error.rule);
  }
}

export function recordingNotFound(id: string): StoreHttpError {
  return new StoreHttpError(404, `Recording '${id}' not found.`);
}

export function segmentNotStored(id: string, n: number): StoreHttpError {
  return new StoreHttpError(404, `Segment ${n} of recording '${id}' is not stored.`);
}

/** Span checks of the series' events, and only the wire's fields kept (phases copied). */
export function acceptPhaseEvents(events: readonly PhaseEventWire[], where: string): PhaseEventWire[] {
  return acceptEvents(events, where).map((event, i) => ({ ...event, phases: [...events[i]!.phases] }));
}

export function toMetaInput(meta: RecordingMeta): RecordingMetaInput {
  return {
    source: meta.source,
    format: meta.format,
    channels: meta.channels.map(({ name, phase, units, quantity }) => ({ name, phase, units, quantity })),
    samplingRate: meta.sampling_rate,
    startTime: meta.start_time,
    nominalVoltage: meta.nominal_voltage,
    frequency: meta.frequency,
    segmentSeconds: meta.segment_seconds,
    overlapSamples: meta.overlap_samples,
    totalSamples: meta.total_samples,
    segmentCount: meta.segment_count,
    complete: meta.complete,
    warnings: meta.warnings,
  };
}

export function toPatchInput(patch: RecordingPatch): RecordingPatchInput {
  return { totalSamples: patch.total_samples, segmentCount: patch.segment_count, complete: patch.complete };
}

export function toResultInput(segment: number, body: SegmentResultBody): SegmentResultInput {
  const { envelope } = body;
  return {
    segment,
    processId: body.process_id,
    events: acceptPhaseEvents(body.events, "body.events"),
    envelope: {
      bucketSamples: envelope.bucket_samples,
      start: envelope.start,
      min: envelope.min.map((row) => Float64Array.from(row)),
      max: envelope.max.map((row) => Float64Array.from(row)),
    },
  };
}
