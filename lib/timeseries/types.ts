/**
 * Wire types of the time-series store as TypeBox schemas: the server validates requests and documents its
 * OpenAPI from these, and the typed client uses their static types.
 */
// TypeBox's own Integer: Elysia's t.Integer also accepts integer text ("5", "1e3"), which JSON must not carry.
import { Type } from "@sinclair/typebox";
import { type Static, t } from "elysia";
import {
  MAX_EVENTS,
  MAX_LIST_LIMIT,
  MAX_POINTS,
  MAX_PROCESS_ID_LENGTH,
  MAX_TIME_LENGTH,
  MAX_TS_ID_LENGTH,
  TS_ID_PATTERN,
} from "./limits.ts";
import { booleanText, FINITE_NUMBER_PATTERN, pageQueryFields, queryText } from "./query-text.ts";

const tsIdRules = { minLength: 1, maxLength: MAX_TS_ID_LENGTH, pattern: TS_ID_PATTERN, examples: ["1234"] };

export const TsIdSchema = t.String({
  ...tsIdRules,
  description: `Series id: 1-${MAX_TS_ID_LENGTH} characters from A-Z a-z 0-9 _ - . ~, not starting with a dot`,
});

export const ProcessIdSchema = t.String({
  maxLength: MAX_PROCESS_ID_LENGTH,
  description: 'Id of the Colonies process that produced or checked the series ("" when none yet)',
});

export const TimePointSchema = t.Object({
  time: t.String({
    maxLength: MAX_TIME_LENGTH,
    description: "Time as the caller wrote it; returned byte for byte",
    examples: ["0.001"],
  }),
  value: t.Number({ description: "A finite IEEE double; returned bit for bit" }),
});
export type TimePoint = Static<typeof TimePointSchema>;

export const TimeSeriesBodySchema = t.Object({
  ts_id: t.String({ ...tsIdRules, description: "Must equal the id in the path" }),
  process_id: ProcessIdSchema,
  data: t.Array(TimePointSchema, { maxItems: MAX_POINTS, description: `At most ${MAX_POINTS} points` }),
  anomaly: t.Optional(t.Nullable(t.Boolean({ description: "Defaults to false" }))),
});
export type TimeSeriesBody = Static<typeof TimeSeriesBodySchema>;

/** Kinds a stored event can have: voltage events of the RMS detector, or "anomaly" for a KL window. */
export const EVENT_KINDS = ["dip", "swell", "interruption", "anomaly"] as const;
export type StoredEventKind = (typeof EVENT_KINDS)[number];

export const EventKindSchema = t.Union(EVENT_KINDS.map((kind) => t.Literal(kind)));

const seconds = (description: string) => t.Number({ minimum: 0, description });

/**
 * One detected event as stored with a verdict (the wire form of lib/signal/events.ts's VoltageEvent). Unknown
 * keys are dropped, as everywhere in the store's bodies.
 */
export const VoltageEventSchema = t.Object({
  kind: EventKindSchema,
  start_s: seconds("Seconds from the series' first sample to the event's start"),
  end_s: seconds("Seconds from the series' first sample to the event's end (>= start_s)"),
  duration_s: seconds("end_s - start_s"),
  residual_v: t.Number({
    minimum: 0,
    description: "Lowest half-cycle RMS voltage in the event (highest for a swell), volts",
  }),
  residual_pct: t.Number({ minimum: 0, description: "residual_v in % of the reference voltage" }),
  cut: t.Boolean({ description: "true when the event runs past the start or the end of the data" }),
});
export type VoltageEventWire = Static<typeof VoltageEventSchema>;

export const EventListSchema = t.Array(VoltageEventSchema, {
  maxItems: MAX_EVENTS,
  description: `Events the detector found, in time order ([] = none); at most ${MAX_EVENTS}`,
});

const summaryFields = {
  ts_id: t.String(),
  process_id: t.String(),
  anomaly: t.Boolean(),
  kl_divergence: t.Nullable(t.Number({ description: "Last KL divergence the detector reported" })),
  points: Type.Integer({ description: "Number of stored points" }),
  event_count: t.Nullable(
    Type.Integer({
      description: "Number of events of the last verdict; null when it reported no event list",
    }),
  ),
  created_at: t.String({ format: "date-time" }),
  updated_at: t.String({ format: "date-time" }),
};

export const TimeSeriesSummarySchema = t.Object(summaryFields);
export type TimeSeriesSummary = Static<typeof TimeSeriesSummarySchema>;

export const TimeSeriesSchema = t.Object({
  ...summaryFields,
  data: t.Array(TimePointSchema),
  events: t.Nullable(
    t.Array(VoltageEventSchema, {
      description: "Events of the last verdict (RMS detector); null for a KL verdict or none yet",
    }),
  ),
});
export type TimeSeries = Static<typeof TimeSeriesSchema>;

export const TimeSeriesPageSchema = t.Object({
  timeseries: t.Array(TimeSeriesSummarySchema),
  next_cursor: t.Nullable(
    t.String({ description: "Pass as `cursor` to get the next page; null on the last page" }),
  ),
});
export type TimeSeriesPage = Static<typeof TimeSeriesPageSchema>;

export const ListQuerySchema = t.Object({
  anomalies: t.Optional(booleanText("Only anomalous (true) or only normal (false) series")),
  anomalies_only: t.Optional(booleanText("true lists only anomalous series")),
  event_kind: t.Optional(
    queryText(
      `^(?:${EVENT_KINDS.join("|")})$`,
      `one of ${EVENT_KINDS.join(", ")}`,
      `Only series whose events include one of this kind (${EVENT_KINDS.join(", ")})`,
    ),
  ),
  ...pageQueryFields(MAX_LIST_LIMIT),
});

const verdictDetail = {
  process_id: t.Optional(ProcessIdSchema),
  kl_divergence: t.Optional(t.Number({ description: "KL divergence the detector measured (finite)" })),
  events: t.Optional(EventListSchema),
};

export const AnomalyUpdateSchema = t.Object({ anomaly: t.Boolean(), ...verdictDetail });
export type AnomalyUpdate = Static<typeof AnomalyUpdateSchema>;

/**
 * The PATCH body: a verdict with its anomaly flag, or (with ?anomaly= in the query) only its detail. The
 * alternatives exclude each other (anomaly required or absent), so the document states them as oneOf.
 */
export const AnomalyDetailOnlySchema = t.Object(
  {
    anomaly: t.Optional(t.Never({ description: "Absent: ?anomaly= in the query gives it" })),
    ...verdictDetail,
  },
  { description: "Only the verdict's detail; ?anomaly= in the query is then required" },
);

export const AnomalyPatchBodySchema = t.Union([AnomalyUpdateSchema, AnomalyDetailOnlySchema]);
export type AnomalyPatchBody = Static<typeof AnomalyPatchBodySchema>;

export const AnomalyQuerySchema = t.Object({
  anomaly: t.Optional(booleanText("The anomaly flag, when the body does not carry it")),
  process_id: t.Optional(ProcessIdSchema),
  kl_divergence: t.Optional(
    queryText(FINITE_NUMBER_PATTERN, "a finite number", "A finite number (decimal, optional exponent)"),
  ),
  events: t.Optional(t.String({ description: "The events as JSON text (same shape as in the body)" })),
});

export const MessageSchema = t.Object({ message: t.String() });
export type Message = Static<typeof MessageSchema>;

export const ErrorSchema = t.Object({
  detail: t.String({ description: "What is wrong and what to do" }),
  rule: t.Optional(
    t.String({
      description: "The operation's rule (x-rules) a 422 enforces, when JSON Schema cannot state it",
    }),
  ),
});
export type ErrorBody = Static<typeof ErrorSchema>;

export const HealthSchema = t.Object({ status: t.Literal("ok"), series: Type.Integer() });
export type Health = Static<typeof HealthSchema>;
