/**
 * Segment events → the recording's events (pure). Each segment's detector saw its own samples plus the
 * overlaps (layout.ts), so an event near a boundary is seen by both neighbours, and one longer than the overlap
 * is seen in parts, each cut where a segment's data ends. Walking the segments in order, per family (dips with
 * interruptions, swells: they may overlap in time): a part that overlaps in time the family's previous event
 * continues it when that one was cut at its segment's end (one event, the start of its first part, the end of
 * its last, the extreme residual, the phases of all; or, when the later part saw the event begin, that part)
 * and is the same event seen again otherwise (the earlier view, which had the history before it, is kept). A part beginning at a segment's data start with nothing to
 * continue is the tail of an event the previous segment ended within its overlap: dropped.
 */
import type { PhaseEventWire } from "../timeseries/recordings.ts";
import { OVERLAP_CYCLES, type SegmentLayout, storedRange } from "./layout.ts";

export interface SegmentEvents {
  segment: number;
  events: readonly PhaseEventWire[];
}

interface Open {
  event: PhaseEventWire;
  segment: number;
  /** Cut where its segment's data ended (not at the recording's end): a later segment continues it. */
  openAtEnd: boolean;
  /** Running when the recording starts, or still running when it ends. */
  startCut: boolean;
  endCut: boolean;
}

const family = (kind: string) => (kind === "swell" ? "swell" : "dip");

export function stitchEvents(results: readonly SegmentEvents[], layout: SegmentLayout): PhaseEventWire[] {
  const rate = layout.samplingRate;
  const cycle = layout.overlapSamples / OVERLAP_CYCLES / rate;
  // Half a sample: times are whole samples / rate, so this tells "at the edge" from "inside".
  const edge = 0.5 / rate;
  const kept: Open[] = [];
  const last = new Map<string, Open>();
  for (const { segment, events } of [...results].sort((a, b) => a.segment - b.segment)) {
    const stored = storedRange(layout, segment);
    const dataStart = stored.start / rate;
    const dataEnd = stored.end / rate;
    const atRecordingEnd = layout.totalSamples !== null && stored.end >= layout.totalSamples;
    for (const event of [...events].sort((a, b) => a.start_s - b.start_s)) {
      const key = family(event.kind);
      const endsAtData = event.cut && event.end_s >= dataEnd - edge;
      const startsAtData = event.cut && event.start_s <= dataStart + 2 * cycle;
      const previous = last.get(key);
      if (previous && previous.segment === segment - 1 && event.start_s <= previous.event.end_s + edge) {
        if (previous.openAtEnd) {
          // A part that begins after its segment's data start saw the whole event from its start with the
          // history before it (the earlier view placed the start by a depth it had not seen yet): it wins.
          previous.event = startsAtData ? joined(previous.event, event) : event;
          previous.openAtEnd = endsAtData && !atRecordingEnd;
          previous.endCut = endsAtData && atRecordingEnd;
        }
        previous.segment = segment;
        continue;
      }
      if (startsAtData && segment > 0) continue;
      const open: Open = {
        event,
        segment,
        openAtEnd: endsAtData && !atRecordingEnd,
        startCut: startsAtData,
        endCut: endsAtData && atRecordingEnd,
      };
      kept.push(open);
      last.set(key, open);
    }
  }
  return kept
    .map(({ event, startCut, endCut }) => ({ ...event, cut: startCut || endCut }))
    .sort((a, b) => a.start_s - b.start_s);
}

function joined(first: PhaseEventWire, next: PhaseEventWire): PhaseEventWire {
  const swell = first.kind === "swell";
  const nextIsExtreme = swell ? next.residual_v > first.residual_v : next.residual_v < first.residual_v;
  const extreme = nextIsExtreme ? next : first;
  // The first part's end is only where its segment's data ran out; the next part saw the real one.
  const end_s = next.end_s;
  return {
    kind: first.kind === "interruption" || next.kind === "interruption" ? "interruption" : first.kind,
    start_s: first.start_s,
    end_s,
    duration_s: end_s - first.start_s,
    residual_v: extreme.residual_v,
    residual_pct: extreme.residual_pct,
    cut: false,
    phases: [...new Set([...first.phases, ...next.phases])],
  };
}
