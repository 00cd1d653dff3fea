/**
 * The store's rules that JSON Schema cannot state, part of its contract: the OpenAPI document lists each
 * operation's rules (`x-rules`) and a 422 that enforces one names it (`{"detail": ..., "rule": id}`).
 * "request" rules tie fields of one request together, so a client can keep them before sending; "stored"
 * rules compare the request with what the store holds, so only the store can tell.
 */

export type RuleKind = "request" | "stored";

export interface StoreRule {
  /** `operation` ("PUT /recordings/{id}") → whether it is checked from the request alone there. */
  operations: Readonly<Record<string, RuleKind>>;
  text: string;
}

const eventWrites = {
  "PATCH /timeseries/{ts_id}/anomaly": "request",
  "PUT /recordings/{id}/events": "request",
  "PUT /recordings/{id}/segments/{n}/result": "request",
} as const;

export const STORE_RULES = {
  "ts-id-matches-path": {
    operations: { "PUT /timeseries/{ts_id}": "request" },
    text: "The body's ts_id equals the path's ts_id.",
  },
  "anomaly-given": {
    operations: { "PATCH /timeseries/{ts_id}/anomaly": "request" },
    text: "anomaly comes from the body or, when the body's alternative lacks it, from ?anomaly=.",
  },
  "event-span": {
    operations: eventWrites,
    text: "Each event's end_s >= start_s and duration_s = end_s - start_s (within 1e-6 s).",
  },
  "channel-names-differ": {
    operations: { "PUT /recordings/{id}": "request" },
    text: "The recording's channel names differ.",
  },
  "whole-segment-samples": {
    operations: { "PUT /recordings/{id}": "request" },
    text: "segment_seconds × sampling_rate is a whole number L >= 1 (the samples each segment owns).",
  },
  "segment-count": {
    operations: { "PUT /recordings/{id}": "request", "PATCH /recordings/{id}": "stored" },
    text: "segment_count = ceil(total_samples / L) when both counts are known.",
  },
  "complete-needs-counts": {
    operations: { "PUT /recordings/{id}": "request", "PATCH /recordings/{id}": "stored" },
    text: "A complete recording has total_samples and segment_count.",
  },
  "stored-extent": {
    operations: { "PATCH /recordings/{id}": "stored" },
    text: "segment_count and total_samples do not cut off segments already stored.",
  },
  "segment-in-range": {
    operations: { "PUT /recordings/{id}/segments/{n}": "stored" },
    text: "n is below the recording's segment_count, and segment n starts before total_samples.",
  },
  "segment-whole-samples": {
    operations: { "PUT /recordings/{id}/segments/{n}": "stored" },
    text:
      "The body is whole samples of every channel: a non-zero multiple of 4 × channels bytes (float32), " +
      "2 × channels bytes with encoding=int16.",
  },
  "segment-scale": {
    operations: { "PUT /recordings/{id}/segments/{n}": "stored" },
    text: "With encoding=int16, scale holds a finite gain and offset for each of the recording's channels.",
  },
  "segment-start": {
    operations: { "PUT /recordings/{id}/segments/{n}": "stored" },
    text: "start lies from n·L − overlap_samples to n·L.",
  },
  "segment-covers": {
    operations: { "PUT /recordings/{id}/segments/{n}": "stored" },
    text: "The samples cover every sample segment n owns and reach at most overlap_samples past them.",
  },
  "phases-are-channels": {
    operations: {
      "PUT /recordings/{id}/events": "stored",
      "PUT /recordings/{id}/segments/{n}/result": "stored",
    },
    text: "An event's phases are distinct names of the recording's channels.",
  },
  "envelope-shape": {
    operations: { "PUT /recordings/{id}/segments/{n}/result": "stored" },
    text: "The envelope has one min and one max row per channel, rows of one length, finite min <= max.",
  },
  "samples-in-recording": {
    operations: { "GET /recordings/{id}/samples": "stored" },
    text: "start + count is at most the recording's total_samples.",
  },
} as const satisfies Record<string, StoreRule>;

export type StoreRuleId = keyof typeof STORE_RULES;

/** The rules of one operation ("PUT /recordings/{id}"), as the document lists them. */
export function operationRules(operation: string): { id: StoreRuleId; kind: RuleKind; text: string }[] {
  return Object.entries(STORE_RULES as Record<StoreRuleId, StoreRule>).flatMap(([id, rule]) => {
    const kind = rule.operations[operation];
    return kind === undefined ? [] : [{ id: id as StoreRuleId, kind, text: rule.text }];
  });
}
