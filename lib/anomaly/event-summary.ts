/**
 * One phrase for a verdict's events, for log lines and `submit --wait`:
 * "2 dips, deepest to 21 % of 230.0 V, 1 swell to 118 %". Percentages are of the model's reference voltage,
 * named once (recovered from an event's residual_v / residual_pct, so callers need not pass the model).
 */
import type { VoltageEventWire } from "../timeseries/index.ts";

type Kind = VoltageEventWire["kind"];

interface KindWords {
  kind: Kind;
  one: string;
  many: string;
  /** "deepest" events have the lowest residual, "highest" the highest. */
  extreme: "deepest" | "highest";
}

/** Order of the phrase: the most severe first. */
const KINDS: readonly KindWords[] = [
  { kind: "interruption", one: "interruption", many: "interruptions", extreme: "deepest" },
  { kind: "dip", one: "dip", many: "dips", extreme: "deepest" },
  { kind: "swell", one: "swell", many: "swells", extreme: "highest" },
  { kind: "anomaly", one: "anomalous window", many: "anomalous windows", extreme: "deepest" },
];

function percent(value: number): string {
  return value >= 10 ? `${Math.round(value)} %` : `${value.toFixed(1)} %`;
}

/** "dip to 21 %", "swell to 118 %", "anomalous window": one event's depth, for chart labels. */
export function eventDepth(event: Pick<VoltageEventWire, "kind" | "residual_pct">): string {
  const words = KINDS.find((k) => k.kind === event.kind)!;
  return event.kind === "anomaly" ? words.one : `${words.one} to ${percent(event.residual_pct)}`;
}

/** "2 dips, 1 swell" from the events' kinds (the table's column); "" for none. */
export function countKinds(kinds: readonly Kind[]): string {
  const parts: string[] = [];
  for (const words of KINDS) {
    const n = kinds.filter((kind) => kind === words.kind).length;
    if (n > 0) parts.push(`${n} ${n === 1 ? words.one : words.many}`);
  }
  return parts.join(", ");
}

function referenceVolts(events: readonly VoltageEventWire[]): string | null {
  const sized = events.find((event) => event.residual_pct > 0 && event.residual_v > 0);
  return sized ? `${((sized.residual_v / sized.residual_pct) * 100).toFixed(1)} V` : null;
}

export function describeEvents(events: readonly VoltageEventWire[]): string {
  if (events.length === 0) return "no events";
  let reference = referenceVolts(events);
  const parts: string[] = [];
  for (const words of KINDS) {
    const ofKind = events.filter((event) => event.kind === words.kind);
    if (ofKind.length === 0) continue;
    if (words.kind === "anomaly") {
      parts.push(`${ofKind.length} ${ofKind.length === 1 ? words.one : words.many}`);
      continue;
    }
    const pcts = ofKind.map((event) => event.residual_pct);
    const extreme = words.extreme === "deepest" ? Math.min(...pcts) : Math.max(...pcts);
    let phrase =
      ofKind.length === 1
        ? `1 ${words.one} to ${percent(extreme)}`
        : `${ofKind.length} ${words.many}, ${words.extreme} to ${percent(extreme)}`;
    if (reference !== null) {
      phrase += ` of ${reference}`;
      reference = null;
    }
    parts.push(phrase);
  }
  return parts.join(", ");
}
