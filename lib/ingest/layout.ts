/**
 * How a recording is cut into segments. Segment n owns samples [n·L, (n+1)·L) and is stored with
 * `overlap` samples more on either side, so its detector has settled (one U_rms(1/2) window, the "before"
 * level three refreshes back, a few cycles of frequency tracking) before the first sample it owns, and sees
 * an event on the next boundary whole when it ends within the overlap.
 */
import { IngestError } from "./errors.ts";

/** Cycles of the nominal frequency stored on each side of a segment's own samples. */
export const OVERLAP_CYCLES = 5;

export interface SegmentLayout {
  samplingRate: number;
  /** L: samples each segment owns. */
  segmentSamples: number;
  overlapSamples: number;
  /** null while a followed recording is still growing. */
  totalSamples: number | null;
}

export function segmentLayout(
  samplingRate: number,
  frequency: number,
  segmentSeconds: number,
  totalSamples: number | null,
): SegmentLayout {
  const segmentSamples = segmentSeconds * samplingRate;
  if (!Number.isInteger(segmentSamples) || segmentSamples < 1)
    throw new IngestError(
      `--segment ${segmentSeconds} s at ${samplingRate} Hz is not a whole number of samples: choose seconds that make one`,
    );
  const overlapSamples = OVERLAP_CYCLES * Math.ceil(samplingRate / frequency);
  if (overlapSamples > segmentSamples)
    throw new IngestError(
      `--segment ${segmentSeconds} s is shorter than the ${OVERLAP_CYCLES}-cycle overlap: use at least ${Math.ceil((overlapSamples / samplingRate) * 10) / 10} s`,
    );
  return { samplingRate, segmentSamples, overlapSamples, totalSamples };
}

export function segmentCount(layout: SegmentLayout): number | null {
  return layout.totalSamples === null ? null : Math.ceil(layout.totalSamples / layout.segmentSamples);
}

export interface SampleRange {
  /** First sample (absolute index). */
  start: number;
  /** One past the last (absolute index). */
  end: number;
}

export function ownedRange(layout: SegmentLayout, n: number): SampleRange {
  const start = n * layout.segmentSamples;
  const end = start + layout.segmentSamples;
  return { start, end: layout.totalSamples === null ? end : Math.min(end, layout.totalSamples) };
}

export function storedRange(layout: SegmentLayout, n: number): SampleRange {
  const owned = ownedRange(layout, n);
  const end = owned.start + layout.segmentSamples + layout.overlapSamples;
  return {
    start: Math.max(0, owned.start - layout.overlapSamples),
    end: layout.totalSamples === null ? end : Math.min(end, layout.totalSamples),
  };
}
