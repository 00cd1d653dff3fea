/**
 * Wire types of the store's recordings (`/recordings/...`, beside `/timeseries`) as TypeBox schemas: the
 * routes validate and document from these, the typed client (recordings-client.ts) uses their static types.
 * Every object is closed (`additionalProperties: false`): the store answers 422 for a key it does not know.
 * Sample positions are absolute indices from the recording's first sample; times are seconds from it.
 */
// TypeBox's own Integer: Elysia's t.Integer also accepts integer text ("5", "1e3"), which JSON must not carry.
import { Type } from "@sinclair/typebox";
import { type Static, t } from "elysia";
import {
  MAX_CHANNELS,
  MAX_ENVELOPE_BUCKETS,
  MAX_ENVELOPE_COLUMNS,
  MAX_EVENTS,
  MAX_LIST_LIMIT,
  MAX_SAMPLES_READ,
  MAX_SEGMENTS,
  MAX_TEXT_LENGTH,
  MAX_TS_ID_LENGTH,
  MAX_WARNINGS,
  TS_ID_PATTERN,
} from "./limits.ts";
import { booleanText, INDEX_PATTERN, oneTo, pageQueryFields, queryText } from "./query-text.ts";
import { ProcessIdSchema, VoltageEventSchema } from "./types.ts";

const closed = { additionalProperties: false } as const;

export const RecordingIdSchema = t.String({
  minLength: 1,
  maxLength: MAX_TS_ID_LENGTH,
  pattern: TS_ID_PATTERN,
  description:
    "Recording id (ingest uses the SHA-256 hex of the recording's bytes): 1-128 characters from " +
    "A-Z a-z 0-9 _ - . ~, not starting with a dot",
});

const sampleIndex = (description: string) => Type.Integer({ minimum: 0, description });
const text = (description: string) => t.String({ maxLength: MAX_TEXT_LENGTH, description });

export const ChannelSchema = t.Object(
  {
    name: t.String({ minLength: 1, maxLength: 256, description: "COMTRADE ch_id or the CSV column" }),
    phase: t.String({ maxLength: 64, description: 'COMTRADE ph field ("" when none)' }),
    units: t.String({ maxLength: 64, description: 'Units of the delivered values ("V" for voltage)' }),
    quantity: t.Union([t.Literal("voltage"), t.Literal("other")]),
  },
  closed,
);
export type ChannelWire = Static<typeof ChannelSchema>;

/** A voltage event of a polyphase recording: the series' event fields plus the channels it touched. */
export const PhaseEventSchema = t.Object(
  {
    ...VoltageEventSchema.properties,
    phases: t.Array(t.String({ maxLength: 256 }), {
      maxItems: MAX_CHANNELS,
      description: "Names of the channels the event touched (each one of the recording's channel names)",
    }),
  },
  closed,
);
export type PhaseEventWire = Static<typeof PhaseEventSchema>;

export const PhaseEventListSchema = t.Array(PhaseEventSchema, {
  maxItems: MAX_EVENTS,
  description: `Events in time order, seconds from the recording's first sample; at most ${MAX_EVENTS}`,
});

const metaFields = {
  source: text("Where the recording came from (file name as given to ingest)"),
  format: t.Union([t.Literal("comtrade"), t.Literal("csv")]),
  channels: t.Array(ChannelSchema, {
    minItems: 1,
    maxItems: MAX_CHANNELS,
    description: "The stored channels, in the order of a segment's bytes; names unique",
  }),
  sampling_rate: t.Number({ exclusiveMinimum: 0, description: "Samples per second per channel" }),
  start_time: t.Nullable(
    t.String({ maxLength: 64, description: "ISO 8601 as written in the file, no zone; null when unknown" }),
  ),
  nominal_voltage: t.Number({ exclusiveMinimum: 0, description: "Reference voltage U_din, volts" }),
  frequency: t.Number({ exclusiveMinimum: 0, description: "Nominal line frequency, Hz" }),
  segment_seconds: t.Number({
    exclusiveMinimum: 0,
    description: "Seconds each segment owns; × sampling_rate must be a whole number of samples (L)",
  }),
  overlap_samples: Type.Integer({
    minimum: 0,
    description: "Samples a stored segment may extend past what it owns, on either side",
  }),
  total_samples: t.Nullable(sampleIndex("Samples per channel in the whole recording; null while unknown")),
  segment_count: t.Nullable(
    Type.Integer({
      minimum: 0,
      maximum: MAX_SEGMENTS,
      description: "ceil(total_samples / L); null while unknown",
    }),
  ),
  complete: t.Boolean({
    description: "true once every segment is known (needs total_samples, segment_count)",
  }),
  warnings: t.Array(text("One tolerated quirk of the file"), { maxItems: MAX_WARNINGS }),
};

export const RecordingMetaSchema = t.Object(metaFields, closed);
export type RecordingMeta = Static<typeof RecordingMetaSchema>;

export const RecordingPatchSchema = t.Object(
  {
    total_samples: t.Optional(metaFields.total_samples),
    segment_count: t.Optional(metaFields.segment_count),
    complete: t.Optional(metaFields.complete),
  },
  closed,
);
export type RecordingPatch = Static<typeof RecordingPatchSchema>;

const summaryFields = {
  id: t.String(),
  ...metaFields,
  segment_samples: Type.Integer({ description: "L: samples per channel each segment owns" }),
  segments_stored: Type.Integer(),
  segments_done: Type.Integer({ description: "Segments with a stored result" }),
  event_count: t.Nullable(Type.Integer({ description: "Stitched events; null until they are stored" })),
  created_at: t.String({ format: "date-time" }),
  updated_at: t.String({ format: "date-time" }),
};

export const RecordingSummarySchema = t.Object(summaryFields, closed);
export type RecordingSummary = Static<typeof RecordingSummarySchema>;

export const RecordingSchema = t.Object(
  {
    ...summaryFields,
    events: t.Nullable(PhaseEventListSchema),
    events_process_id: t.Nullable(t.String({ description: "Process that stored the stitched events" })),
  },
  closed,
);
export type Recording = Static<typeof RecordingSchema>;

export const RecordingPageSchema = t.Object(
  {
    items: t.Array(RecordingSummarySchema),
    next_cursor: t.Nullable(
      t.String({ description: "Pass as `cursor` for the next page; null on the last" }),
    ),
  },
  closed,
);
export type RecordingPage = Static<typeof RecordingPageSchema>;

/** Query strings arrive as text; the routes check the numbers and answer 422 naming the parameter. */
export const RecordingListQuerySchema = t.Object(
  {
    ...pageQueryFields(MAX_LIST_LIMIT),
  },
  closed,
);

export const SegmentParamsSchema = t.Object(
  {
    id: RecordingIdSchema,
    n: queryText(
      `^[0-9]{1,${Math.log10(MAX_SEGMENTS)}}$`,
      `an integer from 0 to ${MAX_SEGMENTS - 1}`,
      `Segment index, an integer 0-${MAX_SEGMENTS - 1} (below segment_count)`,
    ),
  },
  closed,
);

export const SegmentQuerySchema = t.Object(
  {
    start: t.Optional(
      queryText(
        INDEX_PATTERN,
        "a sample index",
        "Absolute index of the body's first sample (default n·L): from n·L - overlap_samples to n·L",
      ),
    ),
    encoding: t.Optional(
      t.Union([t.Literal("float32"), t.Literal("int16")], {
        description:
          "How the body holds the samples: float32 values (default), or int16 raw values with `scale` " +
          "(value = gain·raw + offset, raw -32768 a missing sample): a COMTRADE BINARY file's own numbers",
      }),
    ),
    scale: t.Optional(
      t.String({
        maxLength: 64 * 2 * MAX_CHANNELS,
        description:
          "encoding=int16 only: gain,offset for each channel in channel order, comma-separated (e.g. 0.1,0,0.1,0)",
      }),
    ),
  },
  closed,
);

export const SegmentReadQuerySchema = t.Object(
  {
    encoding: t.Optional(
      t.Union([t.Literal("float32"), t.Literal("stored")], {
        description:
          "float32 (default): float32 values whatever was stored; stored: the bytes as stored, packed as " +
          "X-Encoding (and X-Scale) say",
      }),
    ),
  },
  closed,
);

export const EnvelopeSchema = t.Object(
  {
    bucket_samples: Type.Integer({ minimum: 1, description: "Samples per bucket" }),
    start: sampleIndex("Absolute index of the first bucket's first sample"),
    min: t.Array(t.Array(t.Number(), { maxItems: MAX_ENVELOPE_BUCKETS }), {
      minItems: 1,
      maxItems: MAX_CHANNELS,
      description: "Per channel (in channel order), the lowest U_rms(1/2) in each bucket, volts",
    }),
    max: t.Array(t.Array(t.Number(), { maxItems: MAX_ENVELOPE_BUCKETS }), {
      minItems: 1,
      maxItems: MAX_CHANNELS,
      description: "Per channel, the highest U_rms(1/2) in each bucket, volts",
    }),
  },
  closed,
);
export type EnvelopeWire = Static<typeof EnvelopeSchema>;

export const SegmentResultBodySchema = t.Object(
  { process_id: ProcessIdSchema, events: PhaseEventListSchema, envelope: EnvelopeSchema },
  closed,
);
export type SegmentResultBody = Static<typeof SegmentResultBodySchema>;

export const StoredSegmentResultSchema = t.Object(
  {
    segment: Type.Integer(),
    process_id: t.String(),
    events: PhaseEventListSchema,
    envelope: t.Optional(EnvelopeSchema),
  },
  closed,
);
export type StoredSegmentResult = Static<typeof StoredSegmentResultSchema>;

export const SegmentResultsSchema = t.Object({ items: t.Array(StoredSegmentResultSchema) }, closed);
export type SegmentResults = Static<typeof SegmentResultsSchema>;

export const SegmentResultsQuerySchema = t.Object(
  { envelope: t.Optional(booleanText("true: include each result's envelope (default false)")) },
  closed,
);

export const RecordingEventsBodySchema = t.Object(
  { process_id: ProcessIdSchema, events: PhaseEventListSchema },
  closed,
);
export type RecordingEventsBody = Static<typeof RecordingEventsBodySchema>;

export const SamplesQuerySchema = t.Object(
  {
    start: queryText(INDEX_PATTERN, "a sample index", "Absolute index of the first sample"),
    count: oneTo(MAX_SAMPLES_READ, `Samples per channel, 1-${MAX_SAMPLES_READ}`),
  },
  closed,
);

export const SamplesSchema = t.Object(
  {
    start: Type.Integer(),
    sampling_rate: t.Number(),
    channels: t.Array(t.String()),
    values: t.Array(t.Array(t.Nullable(t.Number())), {
      description: "Per channel, the stored float32 values; null where a sample is missing (not a number)",
    }),
  },
  closed,
);
export type Samples = Static<typeof SamplesSchema>;

export const EnvelopeQuerySchema = t.Object(
  { columns: t.Optional(oneTo(MAX_ENVELOPE_COLUMNS, `Columns, 1-${MAX_ENVELOPE_COLUMNS} (default 1000)`)) },
  closed,
);

const columnValues = (description: string) =>
  t.Array(t.Array(t.Nullable(t.Number())), { description: `${description}; null where nothing is stored` });

export const MergedEnvelopeSchema = t.Object(
  {
    columns: Type.Integer(),
    samples_per_column: t.Number({ description: "Span of one column in samples (total / columns)" }),
    channels: t.Array(t.String()),
    min: columnValues("Per channel, the lowest U_rms(1/2) of each column"),
    max: columnValues("Per channel, the highest U_rms(1/2) of each column"),
  },
  closed,
);
export type MergedEnvelope = Static<typeof MergedEnvelopeSchema>;
