/**
 * Records every reply of a scenario (status, envelope, decoded payload) and normalises what must differ
 * between two servers: ids become `<id:N>` in order of first appearance, RFC 3339 times become `<time>`
 * (keeping their zone form), int64 nanosecond times become `<ns>`, the advertised host `<host>` and the
 * server's own port `<own port>`. Everything else is compared as is.
 */
import type { ColoniesMessage } from "../../lib/colonies-sdk/envelope.ts";
import { type RawReply, send } from "../support/colonies-server.ts";
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
/** Per-build values of the version reply, and the advertised listen host of the server-info reply. */
const DEPLOYMENT_FIELDS = new Set(["buildversion", "buildtime", "host"]);

export class Normaliser {
  readonly #ids = new Map<string, string>();

  /** `ownPort`: the server's API port, shown as `<own port>` where it advertises it. */
  constructor(readonly ownPort?: number) {}

  value(value: unknown, key?: string): unknown {
    if (typeof value === "string") {
      if (ID.test(value)) {
        if (!this.#ids.has(value)) this.#ids.set(value, `<id:${this.#ids.size + 1}>`);
        return this.#ids.get(value);
      }
      if (key !== undefined && DEPLOYMENT_FIELDS.has(key)) return `<${key}>`;
      if (value !== ZERO_TIME && TIME.test(value)) return value.endsWith("Z") ? "<time>" : "<time±hh:mm>";
      return value;
    }
    if (key === "port" && value === this.ownPort) return "<own port>";
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
  /** Every msgtype any recorder sent (the suite checks it covers all the SDK's messages). */
  static readonly sent = new Set<string>();
  readonly entries: Recorded[] = [];
  readonly normaliser: Normaliser;

  constructor(readonly backend: Backend) {
    this.normaliser = new Normaliser(backend.port);
  }

  /**
   * Signs `message` with `key`, posts it, records the normalised reply and returns the raw one.
   * `unorderedBy`: the reply is a list whose order the real server leaves to chance; it is recorded
   * sorted by this key.
   */
  async call(
    step: string,
    message: ColoniesMessage,
    key: string,
    options: { unorderedBy?: (item: never) => string } = {},
  ): Promise<RawReply> {
    Recorder.sent.add(message.msgtype);
    const reply = await send(this.backend.url, message, key);
    this.record(step, reply, options);
    return reply;
  }

  record(step: string, reply: RawReply, options: { unorderedBy?: (item: never) => string } = {}): void {
    const by = options.unorderedBy as ((item: unknown) => string) | undefined;
    const payload =
      by && Array.isArray(reply.payload)
        ? [...reply.payload].sort((a, b) => by(a).localeCompare(by(b)))
        : reply.payload;
    this.entries.push({
      step,
      status: reply.status,
      payloadtype: reply.envelope.payloadtype,
      error: reply.envelope.error,
      payload: this.normaliser.value(payload),
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
