/**
 * The store's rules that JSON Schema cannot state, for the generated-request test: cross-field rules (a value
 * tied to another field or to the path) are applied to each generated request and checked on mutated ones;
 * rules that depend on what is stored are answers the test accepts (a 422 naming the rule). Each with why.
 */

export interface ContractRequest {
  /** "PUT /timeseries/{ts_id}" */
  operation: string;
  pathValues: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body (undefined: none sent). */
  json?: unknown;
}

type Fields = Record<string, unknown>;

interface CrossFieldRule {
  operations: readonly string[];
  why: string;
  holds(request: ContractRequest): boolean;
  repair(request: ContractRequest): void;
}

const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The event lists a request carries: the body's `events` and the query's JSON `events`. */
function eventLists(request: ContractRequest): Fields[][] {
  const lists: unknown[] = [];
  if (isObject(request.json)) lists.push(request.json.events);
  if (request.query.events !== undefined) {
    try {
      lists.push(JSON.parse(request.query.events));
    } catch {
      // Not JSON: the schema check already calls the request invalid.
    }
  }
  return lists.filter(Array.isArray).map((list) => list.filter(isObject));
}

const eventWrites = [
  "PATCH /timeseries/{ts_id}/anomaly",
  "PUT /recordings/{id}/events",
  "PUT /recordings/{id}/segments/{n}/result",
];

export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    operations: ["PUT /timeseries/{ts_id}"],
    why: "the body's ts_id must equal the path's (JSON Schema cannot relate a body value to a path value)",
    holds: (r) => !isObject(r.json) || r.json.ts_id === r.pathValues.ts_id,
    repair: (r) => {
      if (isObject(r.json)) r.json.ts_id = r.pathValues.ts_id;
    },
  },
  {
    operations: ["PATCH /timeseries/{ts_id}/anomaly"],
    why:
      "anomaly comes from the body or, when the body's alternative lacks it, from ?anomaly= (the tutorial " +
      "sends only the query; OpenAPI cannot make a query parameter required by the body's alternative)",
    holds: (r) => (isObject(r.json) && "anomaly" in r.json) || (r.query.anomaly ?? "") !== "",
    repair: (r) => {
      if (!(isObject(r.json) && "anomaly" in r.json) && !r.query.anomaly) r.query.anomaly = "true";
    },
  },
  {
    operations: eventWrites,
    why: "an event's end_s >= start_s and duration_s = end_s - start_s (JSON Schema cannot compare two fields)",
    holds: (r) =>
      eventLists(r).every((events) =>
        events.every((e) => {
          const [start, end, duration] = [e.start_s, e.end_s, e.duration_s] as number[];
          return end! >= start! && Math.abs(duration! - (end! - start!)) <= 1e-6;
        }),
      ),
    repair: (r) => {
      // The query's JSON text is rewritten with the repaired events.
      const query = r.query.events === undefined ? undefined : (JSON.parse(r.query.events) as unknown);
      for (const events of [isObject(r.json) ? r.json.events : undefined, query]) {
        if (!Array.isArray(events)) continue;
        for (const event of events.filter(isObject)) {
          event.end_s = (event.start_s as number) + (event.duration_s as number);
          event.duration_s = (event.end_s as number) - (event.start_s as number);
        }
      }
      if (query !== undefined) r.query.events = JSON.stringify(query);
    },
  },
  {
    operations: ["PUT /recordings/{id}"],
    why:
      "a recording's metadata is consistent: channel names differ, segment_seconds × sampling_rate is a whole " +
      "number L >= 1, segment_count = ceil(total_samples / L), complete needs both counts (db/recording-rules.ts)",
    holds: (r) => {
      if (!isObject(r.json)) return true;
      const m = r.json;
      const names = (m.channels as Fields[]).map((c) => c.name);
      const exact = (m.segment_seconds as number) * (m.sampling_rate as number);
      const L = Math.round(exact);
      const counts =
        m.total_samples === null ||
        m.segment_count === null ||
        m.segment_count === Math.ceil((m.total_samples as number) / L);
      const complete = !m.complete || (m.total_samples !== null && m.segment_count !== null);
      return (
        new Set(names).size === names.length && L >= 1 && Math.abs(exact - L) <= 1e-6 && counts && complete
      );
    },
    repair: (r) => {
      if (!isObject(r.json)) return;
      const m = r.json;
      (m.channels as Fields[]).forEach((channel, i) => {
        channel.name = `${i}${String(channel.name).slice(0, 200)}`;
      });
      m.sampling_rate = 1 + (Math.round(m.sampling_rate as number) % 1000);
      m.segment_seconds = 1;
      if (m.total_samples !== null && m.segment_count !== null) {
        m.segment_count = Math.ceil((m.total_samples as number) / (m.sampling_rate as number));
      }
      if (m.total_samples === null || m.segment_count === null) m.complete = false;
    },
  },
];

/**
 * 422s that depend on what the store holds (its segments, channels, counts), not on the request alone: a
 * generated request may meet them, and they are answers, not refusals of what the document allows.
 */
export const STORED_STATE_RULES: readonly { detail: RegExp; why: string }[] = [
  { detail: /path\.n: segment \d+ is out of range/, why: "n is below the recording's segment_count" },
  {
    detail: /body: \d+ bytes is not a whole number of samples/,
    why: "a segment holds whole samples of its channels",
  },
  { detail: /query\.start: segment \d+ owns samples/, why: "start lies within the segment's overlap" },
  { detail: /body: \d+ samples from \d+ end at/, why: "a segment covers the samples it owns" },
  {
    detail: /phases\[\d+\]: .* (is not a channel|is listed twice)/,
    why: "phases name the recording's channels",
  },
  { detail: /body\.envelope/, why: "the envelope has one row per channel, rows of equal length, min <= max" },
  { detail: /query\.count: samples .* run past total_samples/, why: "samples lie within the recording" },
  { detail: /(segment_count|total_samples): /, why: "a PATCH keeps the counts consistent with the stored L" },
  { detail: /complete: a complete recording needs/, why: "complete needs both counts, stored or sent" },
];

export function applyCrossFieldRules(request: ContractRequest): void {
  for (const rule of CROSS_FIELD_RULES) if (rule.operations.includes(request.operation)) rule.repair(request);
}

export function crossFieldRulesHold(request: ContractRequest): boolean {
  return CROSS_FIELD_RULES.every(
    (rule) => !rule.operations.includes(request.operation) || rule.holds(request),
  );
}
