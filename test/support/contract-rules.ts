/**
 * How the generated-request test keeps the request rules the document declares (`x-rules` of kind "request":
 * a value tied to another field or to the path, which JSON Schema cannot state): each generated request is
 * repaired to keep them, and a mutant that breaks one must be refused. Which rules an operation has comes
 * from the document, not from here; a declared rule without an oracle here fails the test.
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

/** How the test keeps one request rule (the document's `x-rules`, kind "request") and tells it is kept. */
interface RequestRuleOracle {
  holds(request: ContractRequest): boolean;
  repair(request: ContractRequest): void;
}

/** A document rule as listed in `x-rules`. */
export interface DeclaredRule {
  id: string;
  kind: "request" | "stored";
  text: string;
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

const metaOf = (r: ContractRequest): Fields | null => (isObject(r.json) ? r.json : null);

/** L as the rules compute it: segment_seconds × sampling_rate. */
const segmentSamples = (m: Fields) => (m.segment_seconds as number) * (m.sampling_rate as number);

export const REQUEST_RULE_ORACLES: Readonly<Record<string, RequestRuleOracle>> = {
  "ts-id-matches-path": {
    holds: (r) => !isObject(r.json) || r.json.ts_id === r.pathValues.ts_id,
    repair: (r) => {
      if (isObject(r.json)) r.json.ts_id = r.pathValues.ts_id;
    },
  },
  "anomaly-given": {
    holds: (r) => (isObject(r.json) && "anomaly" in r.json) || (r.query.anomaly ?? "") !== "",
    repair: (r) => {
      if (!(isObject(r.json) && "anomaly" in r.json) && !r.query.anomaly) r.query.anomaly = "true";
    },
  },
  "event-span": {
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
  "channel-names-differ": {
    holds: (r) => {
      const m = metaOf(r);
      const names = m ? (m.channels as Fields[]).map((c) => c.name) : [];
      return new Set(names).size === names.length;
    },
    repair: (r) => {
      (metaOf(r)?.channels as Fields[] | undefined)?.forEach((channel, i) => {
        channel.name = `${i}${String(channel.name).slice(0, 200)}`;
      });
    },
  },
  "whole-segment-samples": {
    holds: (r) => {
      const m = metaOf(r);
      if (!m) return true;
      const exact = segmentSamples(m);
      return Math.round(exact) >= 1 && Math.abs(exact - Math.round(exact)) <= 1e-6;
    },
    repair: (r) => {
      const m = metaOf(r);
      if (!m) return;
      m.sampling_rate = 1 + (Math.round(m.sampling_rate as number) % 1000);
      m.segment_seconds = 1;
    },
  },
  "segment-count": {
    holds: (r) => {
      const m = metaOf(r);
      return (
        !m ||
        m.total_samples === null ||
        m.segment_count === null ||
        m.segment_count === Math.ceil((m.total_samples as number) / Math.round(segmentSamples(m)))
      );
    },
    repair: (r) => {
      const m = metaOf(r);
      if (m && m.total_samples !== null && m.segment_count !== null) {
        m.segment_count = Math.ceil((m.total_samples as number) / Math.round(segmentSamples(m)));
      }
    },
  },
  "complete-needs-counts": {
    holds: (r) => {
      const m = metaOf(r);
      return !m?.complete || (m.total_samples !== null && m.segment_count !== null);
    },
    repair: (r) => {
      const m = metaOf(r);
      if (m && (m.total_samples === null || m.segment_count === null)) m.complete = false;
    },
  },
};

/** The request rules the document declares for `operation` (x-rules of kind "request"), in its order. */
export function requestRules(declared: readonly DeclaredRule[] | undefined): RequestRuleOracle[] {
  return (declared ?? [])
    .filter((rule) => rule.kind === "request")
    .map((rule) => {
      const oracle = REQUEST_RULE_ORACLES[rule.id];
      if (!oracle)
        throw new Error(`the document declares request rule ${rule.id}, which this test cannot keep`);
      return oracle;
    });
}
