/**
 * The store's recordings routes (issue 15) as an Elysia plugin, composed by store/app.ts beside /timeseries:
 * metadata, binary segments, segment results, stitched events, and the views (samples, merged envelope).
 * Writes are behind the app's STORE_TOKEN check (it runs on every request before routing); errors are
 * `{"detail": ...}` through the app's error handler. Wire schemas: lib/timeseries/recordings.ts.
 */
import { Elysia, t } from "elysia";
import type { RecordingStorage } from "../db/recording-storage.ts";
import { parseBooleanText } from "../lib/timeseries/boolean-text.ts";
import {
  DEFAULT_LIST_LIMIT,
  MAX_ENVELOPE_COLUMNS,
  MAX_LIST_LIMIT,
  MAX_SAMPLES_READ,
  MAX_SEGMENTS,
} from "../lib/timeseries/limits.ts";
import {
  EnvelopeQuerySchema,
  MergedEnvelopeSchema,
  RecordingEventsBodySchema,
  RecordingIdSchema,
  RecordingListQuerySchema,
  RecordingMetaSchema,
  RecordingPageSchema,
  RecordingPatchSchema,
  RecordingSchema,
  RecordingSummarySchema,
  SamplesQuerySchema,
  SamplesSchema,
  SegmentParamsSchema,
  SegmentQuerySchema,
  SegmentReadQuerySchema,
  SegmentResultBodySchema,
  SegmentResultsQuerySchema,
  SegmentResultsSchema,
} from "../lib/timeseries/recordings.ts";
import { scaleText } from "../lib/timeseries/segment-bytes.ts";
import { ErrorSchema, MessageSchema } from "../lib/timeseries/types.ts";
import { unprocessable } from "./errors.ts";
import {
  acceptPhaseEvents,
  answering,
  binaryBody,
  closedJsonBody,
  integerText,
  recordingNotFound,
  segmentNotStored,
  segmentPacking,
  toMetaInput,
  toPatchInput,
  toResultInput,
} from "./recording-input.ts";
import { mergeEnvelope, owningSegments, readSamples, segmentAnswer } from "./recording-views.ts";
import { recordingJson, recordingSummary, segmentResultWire } from "./recording-wire.ts";

export interface RecordingRoutesOptions {
  recordings: RecordingStorage;
  /** Largest JSON or segment body (413 above it). */
  maxBodyBytes: number;
}

const idParams = t.Object({ id: RecordingIdSchema });
/** Error replies per kind of route (every status a route can answer is declared with its body). */
const read = { 404: ErrorSchema, 422: ErrorSchema };
const bodyWrite = { 413: ErrorSchema, 422: ErrorSchema };
const write = { ...bodyWrite, 404: ErrorSchema };
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});
const segmentIndex = (n: string) => integerText("path.n", n, 0, MAX_SEGMENTS - 1);

export function recordingRoutes({ recordings, maxBodyBytes }: RecordingRoutesOptions) {
  // The second entry never runs (the hook always returns); it names the body type for the OpenAPI document.
  const json = (schema: Parameters<typeof closedJsonBody>[0]) => [
    closedJsonBody(schema, maxBodyBytes),
    "json" as const,
  ];
  const stored = async (id: string) => (await recordings.get(id)) ?? Promise.reject(recordingNotFound(id));

  return (
    new Elysia({ name: "recordings" })
      .put(
        "/recordings/:id",
        async ({ params, body, set }) => {
          const { created, recording } = await answering(recordings.put(params.id, toMetaInput(body)));
          set.status = created ? 201 : 200;
          return recordingSummary(recording);
        },
        {
          parse: json(RecordingMetaSchema),
          params: idParams,
          body: RecordingMetaSchema,
          response: { 200: RecordingSummarySchema, 201: RecordingSummarySchema, ...bodyWrite },
          detail: {
            summary: "Create (201) or replace (200) a recording; replacing drops its data",
          },
        },
      )
      .patch(
        "/recordings/:id",
        async ({ params, body }) => {
          const updated = await answering(recordings.patch(params.id, toPatchInput(body)));
          if (!updated) throw recordingNotFound(params.id);
          return recordingSummary(updated);
        },
        {
          parse: json(RecordingPatchSchema),
          params: idParams,
          body: RecordingPatchSchema,
          response: { 200: RecordingSummarySchema, ...write },
          detail: {
            summary: "Set total_samples, segment_count or complete (follow mode finishing)",
          },
        },
      )
      .get(
        "/recordings/",
        async ({ query }) => {
          const limit =
            query.limit === undefined
              ? DEFAULT_LIST_LIMIT
              : integerText("query.limit", query.limit, 1, MAX_LIST_LIMIT);
          const after = query.cursor ? Number(query.cursor) : 0;
          const page = await recordings.list({ limit, after });
          return {
            items: page.items.map(recordingSummary),
            next_cursor: page.next === null ? null : String(page.next),
          };
        },
        {
          query: RecordingListQuerySchema,
          response: { 200: RecordingPageSchema, 422: ErrorSchema },
          detail: { summary: "List recordings in creation order, a page at a time (follow next_cursor)" },
        },
      )
      // Replies holding events are sent as Response.json: Elysia's static type of the event schema's kind union
      // does not match the TypeBox one, so a typed return would not compile (the schema still documents them).
      .get("/recordings/:id", async ({ params }) => Response.json(recordingJson(await stored(params.id))), {
        params: idParams,
        response: { 200: RecordingSchema, ...read },
        detail: { summary: "A recording's metadata, counts and stitched events" },
      })
      .delete(
        "/recordings/:id",
        async ({ params }) => {
          if (!(await recordings.remove(params.id))) throw recordingNotFound(params.id);
          return { message: `Recording '${params.id}' deleted with its segments, results and events.` };
        },
        {
          params: idParams,
          response: { 200: MessageSchema, ...read },
          detail: { summary: "Delete a recording and everything stored for it" },
        },
      )
      .put(
        "/recordings/:id/segments/:n",
        async ({ params, query, body, set }) => {
          const n = segmentIndex(params.n);
          const start =
            query.start === undefined
              ? undefined
              : integerText("query.start", query.start, 0, Number.MAX_SAFE_INTEGER);
          const packing = segmentPacking(query.encoding, query.scale);
          const { created } = await answering(
            recordings.putSegment(params.id, { segment: n, start, bytes: body as Uint8Array, packing }),
          );
          set.status = created ? 201 : 200;
          return { message: `Segment ${n} of recording '${params.id}' ${created ? "stored" : "replaced"}.` };
        },
        {
          parse: [binaryBody(maxBodyBytes), "application/octet-stream"],
          params: SegmentParamsSchema,
          query: SegmentQuerySchema,
          // No `body` schema: Elysia's t.Uint8Array() check costs ~8 ms per 40 KB segment; binaryBody checks
          // the type and size, the storage the length. The document gets the body from `detail.requestBody`.
          response: { 200: MessageSchema, 201: MessageSchema, ...write, 415: ErrorSchema },
          detail: {
            summary: "Store (201) or replace (200) a segment's samples; replacing drops its result",
            requestBody: {
              required: true,
              description:
                "Channel-major little-endian samples, channels × samples: float32, or int16 with ?encoding=int16",
              content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
            },
          },
        },
      )
      .get(
        "/recordings/:id/segments/:n",
        async ({ params, query }) => {
          const n = segmentIndex(params.n);
          const segment = await recordings.getSegment(params.id, n);
          if (!segment) {
            await stored(params.id);
            throw segmentNotStored(params.id, n);
          }
          const { bytes, packing } = segmentAnswer(segment, query.encoding ?? "float32");
          return new Response(bytes as Uint8Array<ArrayBuffer>, {
            headers: {
              "content-type": "application/octet-stream",
              "x-start-sample": String(segment.start),
              "x-samples": String(segment.sampleCount),
              "x-channels": String(segment.channelCount),
              "x-encoding": packing.encoding,
              ...(packing.encoding === "int16" && { "x-scale": scaleText(packing.scale) }),
            },
          });
        },
        {
          params: SegmentParamsSchema,
          query: SegmentReadQuerySchema,
          // No `response`: the document generator would replace these with JSON ones (see detail.responses).
          detail: {
            summary: "A segment's samples; X-Start-Sample, X-Samples, X-Channels say their shape",
            responses: {
              200: {
                description:
                  "Channel-major little-endian samples, channels × samples: float32, or with ?encoding=stored " +
                  "as stored (int16 where X-Encoding says so)",
                headers: {
                  "X-Start-Sample": {
                    schema: { type: "integer" },
                    description: "Absolute index of the first sample",
                  },
                  "X-Samples": { schema: { type: "integer" }, description: "Samples per channel" },
                  "X-Channels": { schema: { type: "integer" }, description: "Channels" },
                  "X-Encoding": {
                    schema: { type: "string", enum: ["float32", "int16"] },
                    description: "How the body holds the samples",
                  },
                  "X-Scale": {
                    schema: { type: "string" },
                    description:
                      "int16 only: gain,offset per channel (value = gain·raw + offset; raw -32768 missing)",
                  },
                },
                content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
              },
              404: errorResponse("Unknown recording, or the segment is not stored"),
              422: errorResponse("Invalid id, segment index or encoding"),
            },
          },
        },
      )
      .get(
        "/recordings/:id/samples",
        async ({ params, query }) => {
          const recording = await stored(params.id);
          const start = integerText("query.start", query.start, 0, Number.MAX_SAFE_INTEGER);
          const count = integerText("query.count", query.count, 1, MAX_SAMPLES_READ);
          if (recording.totalSamples !== null && start + count > recording.totalSamples) {
            throw unprocessable(
              `Invalid request: query.count: samples ${start}-${start + count - 1} run past total_samples ${recording.totalSamples}`,
              "samples-in-recording",
            );
          }
          const [first, last] = owningSegments(recording, start, count);
          return readSamples(
            recording,
            await recordings.segmentsBetween(params.id, first, last),
            start,
            count,
          );
        },
        {
          params: idParams,
          query: SamplesQuerySchema,
          response: { 200: SamplesSchema, ...read },
          detail: { summary: "Samples [start, start + count) per channel, from the stored segments" },
        },
      )
      .put(
        "/recordings/:id/segments/:n/result",
        async ({ params, body, set }) => {
          const n = segmentIndex(params.n);
          const { created } = await answering(recordings.putSegmentResult(params.id, toResultInput(n, body)));
          set.status = created ? 201 : 200;
          return {
            message: `Result of segment ${n} of recording '${params.id}' ${created ? "stored" : "replaced"}.`,
          };
        },
        {
          parse: json(SegmentResultBodySchema),
          params: SegmentParamsSchema,
          body: SegmentResultBodySchema,
          response: { 200: MessageSchema, 201: MessageSchema, ...write },
          detail: {
            summary: "Store (201) or replace (200) a stored segment's events and U_rms envelope",
          },
        },
      )
      .get(
        "/recordings/:id/results",
        async ({ params, query }) => {
          // The route's pattern has checked the text; "" counts as not given.
          const envelope = query.envelope ? (parseBooleanText(query.envelope) ?? false) : false;
          const results = await recordings.segmentResults(params.id, { envelope });
          if (!results) throw recordingNotFound(params.id);
          return Response.json({ items: results.map(segmentResultWire) });
        },
        {
          params: idParams,
          query: SegmentResultsQuerySchema,
          response: { 200: SegmentResultsSchema, ...read },
          detail: { summary: "Every stored segment result in segment order (the stitcher's input)" },
        },
      )
      .put(
        "/recordings/:id/events",
        async ({ params, body }) => {
          const events = acceptPhaseEvents(body.events, "body.events");
          const updated = await answering(
            recordings.putEvents(params.id, { processId: body.process_id, events }),
          );
          if (!updated) throw recordingNotFound(params.id);
          return recordingSummary(updated);
        },
        {
          parse: json(RecordingEventsBodySchema),
          params: idParams,
          body: RecordingEventsBodySchema,
          response: { 200: RecordingSummarySchema, ...write },
          detail: { summary: "Store (replace) the recording's stitched events" },
        },
      )
      .get(
        "/recordings/:id/envelope",
        async ({ params, query }) => {
          const columns =
            query.columns === undefined
              ? 1000
              : integerText("query.columns", query.columns, 1, MAX_ENVELOPE_COLUMNS);
          const recording = await stored(params.id);
          const results = await recordings.segmentResults(params.id, { envelope: true });
          if (!results) throw recordingNotFound(params.id);
          return mergeEnvelope(recording, results, columns);
        },
        {
          params: idParams,
          query: EnvelopeQuerySchema,
          response: { 200: MergedEnvelopeSchema, ...read },
          detail: { summary: "U_rms(1/2) min/max per column per channel, merged from the segment results" },
        },
      )
  );
}
