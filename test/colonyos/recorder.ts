/**
 * Records every reply of a scenario (status, envelope, decoded payload) and normalises what must differ
 * between two servers: ids become `<id:N>` in order of first appearance, RFC 3339 times become `<time>`
 * (keeping their zone form), int64 nanosecond times become `<ns>`. Everything else is compared as is.
 */
import type { ColoniesMessage } from "../../lib/colonies/envelope.ts";
import { type RawReply, send } from "../colonies-server-fixture.ts";
import type { Backend } from "./backends.ts";

export interface Recorded {
  step: string;
  status: number;
  payloadtype: string;
  error: boolean;
  payload: unknown;
}

const ID = /^[0-9a-f]{64}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ZERO_TIME = "0001-01-01T00:00:00Z";
/** int64 fields holding Unix nanoseconds. */
const NS_FIELDS = new Set(["prioritytime", "timestamp"]);
/** Per-build values of the version reply. */
const BUILD_FIELDS = new Set(["buildversion", "buildtime"]);

export class Normaliser {
  readonly #ids = new Map<string, string>();

  value(value: unknown, key?: string): unknown {
    if (typeof value === "string") {
      if (ID.test(value)) {
        if (!this.#ids.has(value)) this.#ids.set(value, `<id:${this.#ids.size + 1}>`);
        return this.#ids.get(value);
      }
      if (key !== undefined && BUILD_FIELDS.has(key)) return "<build>";
      if (value !== ZERO_TIME && TIME.test(value)) return value.endsWith("Z") ? "<time>" : "<time±hh:mm>";
      return value;
    }
    if ((typeof value === "bigint" || typeof value === "number") && key && NS_FIELDS.has(key)) {
      return value === 0 || value === 0n ? 0 : "<ns>";
    }
    if (typeof value === "bigint") return Number(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      // Sorted, so ids are numbered the same way whatever order a server writes its keys in.
      for (const k of Object.keys(value).sort())
        out[k] = this.value((value as Record<string, unknown>)[k], k);
      return out;
    }
    return value;
  }
}

export class Recorder {
  readonly entries: Recorded[] = [];
  readonly normaliser = new Normaliser();

  constructor(readonly backend: Backend) {}

  /** Signs `message` with `key`, posts it, records the normalised reply and returns the raw one. */
  async call(step: string, message: ColoniesMessage, key: string): Promise<RawReply> {
    const reply = await send(this.backend.url, message, key);
    this.record(step, reply);
    return reply;
  }

  record(step: string, reply: RawReply): void {
    this.entries.push({
      step,
      status: reply.status,
      payloadtype: reply.envelope.payloadtype,
      error: reply.envelope.error,
      payload: this.normaliser.value(reply.payload),
    });
  }

  /** Records a value the scenario derived (e.g. a state observed after waiting). */
  note(step: string, value: unknown): void {
    this.entries.push({
      step,
      status: 0,
      payloadtype: "note",
      error: false,
      payload: this.normaliser.value(value),
    });
  }
}
