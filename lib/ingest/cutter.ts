/**
 * Cuts a stream of sample blocks into stored segments (layout.ts), each emitted as soon as its last sample
 * has arrived. Memory is one segment with its overlaps per channel, whatever the recording's length.
 */
import type { SampleBlock } from "../recording/index.ts";
import { IngestError } from "./errors.ts";
import { type SegmentLayout, storedRange } from "./layout.ts";

export interface CutSegment {
  index: number;
  /** Absolute index of the segment's first stored sample. */
  start: number;
  /** One array per channel, float32 as the store keeps them. */
  channels: Float32Array[];
}

export interface CutResult {
  /** Samples the recording turned out to have. */
  totalSamples: number;
}

/**
 * Yields each segment; returns the total. With `layout.totalSamples` null (a followed feed, a CSV) the last
 * segment ends where the data ends.
 */
export async function* cutSegments(
  blocks: AsyncIterable<SampleBlock>,
  layout: SegmentLayout,
  channelCount: number,
): AsyncGenerator<CutSegment, CutResult> {
  const capacity = layout.segmentSamples + 2 * layout.overlapSamples;
  const buffers = Array.from({ length: channelCount }, () => new Float32Array(capacity));
  let bufferStart = 0;
  let length = 0;
  let next = 0;
  let seen = 0;

  const emit = (end: number): CutSegment => {
    const { start } = storedRange(layout, next);
    const from = start - bufferStart;
    const segment = {
      index: next,
      start,
      channels: buffers.map((buffer) => buffer.slice(from, end - bufferStart)),
    };
    next++;
    // Keep what the next segment stores before its own samples.
    const keepFrom = storedRange(layout, next).start - bufferStart;
    if (keepFrom > 0) {
      for (const buffer of buffers) buffer.copyWithin(0, keepFrom, length);
      bufferStart += keepFrom;
      length -= keepFrom;
    }
    return segment;
  };

  for await (const block of blocks) {
    if (block.channels.length !== channelCount)
      throw new IngestError(`a block has ${block.channels.length} channels, the recording ${channelCount}`);
    if (block.offset !== seen)
      throw new IngestError(`samples arrived out of order: block at ${block.offset}, expected ${seen}`);
    const count = block.channels[0]?.length ?? 0;
    let taken = 0;
    while (taken < count) {
      if (layout.totalSamples !== null && seen >= layout.totalSamples)
        throw new IngestError(`the recording has more samples than the ${layout.totalSamples} it declares`);
      const room = capacity - length;
      const piece = Math.min(room, count - taken);
      for (const [c, buffer] of buffers.entries())
        buffer.set((block.channels[c] as Float64Array).subarray(taken, taken + piece), length);
      length += piece;
      taken += piece;
      seen += piece;
      for (;;) {
        if (layout.totalSamples !== null && next * layout.segmentSamples >= layout.totalSamples) break;
        const { end } = storedRange(layout, next);
        if (bufferStart + length < end) break;
        yield emit(end);
      }
    }
  }
  const total = layout.totalSamples ?? seen;
  if (layout.totalSamples !== null && seen < layout.totalSamples)
    throw new IngestError(
      `the recording ended after ${seen} of the ${layout.totalSamples} samples it declares`,
    );
  while (next * layout.segmentSamples < total) yield emit(Math.min(storedRange(layout, next).end, total));
  return { totalSamples: total };
}
