/**
 * Cuts a stream of sample blocks into stored segments (layout.ts), each emitted as soon as its last sample
 * has arrived. Each sample is written once per segment that stores it, straight into that segment's buffer in
 * the store's wire layout; memory is the (at most two) segments being filled, whatever the recording's length.
 * Given each channel's int16 scale (a COMTRADE BINARY file read with `rawInt16`, so the blocks hold its raw 16-bit
 * values), segments keep those raw values: half the bytes to store and to fetch, the same float32 values once
 * scaled.
 */
import type { SampleBlock } from "../recording/index.ts";
import type { Int16Scale, Int16Values } from "../timeseries/segment-bytes.ts";
import { IngestError } from "./errors.ts";
import { type SegmentLayout, storedRange } from "./layout.ts";

export interface CutSegment {
  index: number;
  /** Absolute index of the segment's first stored sample. */
  start: number;
  /**
   * One array per channel, float32 or int16 raw values as the store keeps them: consecutive views of one
   * channel-major buffer (the segment's wire bytes, lib/timeseries/segment-bytes.ts).
   */
  values: Float32Array[] | Int16Values;
}

export interface CutResult {
  /** Samples the recording turned out to have. */
  totalSamples: number;
}

/** A segment being filled: samples [start, end) of every channel, channel c at c·(end - start). */
interface Filling {
  index: number;
  start: number;
  end: number;
  /** Float32Array, or Int16Array of raw values when cutting with int16 scales. */
  samples: Float32Array | Int16Array;
}

/**
 * Yields each segment; returns the total. With `layout.totalSamples` null (a followed feed, a CSV) the last
 * segment ends where the data ends.
 */
export async function* cutSegments(
  blocks: AsyncIterable<SampleBlock>,
  layout: SegmentLayout,
  channelCount: number,
  int16?: readonly Int16Scale[],
): AsyncGenerator<CutSegment, CutResult> {
  if (int16 && int16.length !== channelCount)
    throw new IngestError(`${int16.length} int16 scales for ${channelCount} channels`);
  const total = layout.totalSamples;
  const filling: Filling[] = [];
  let next = 0;
  let seen = 0;
  const owns = (n: number, samples: number) => n * layout.segmentSamples < samples;

  for await (const block of blocks) {
    if (block.channels.length !== channelCount)
      throw new IngestError(`a block has ${block.channels.length} channels, the recording ${channelCount}`);
    if (block.offset !== seen)
      throw new IngestError(`samples arrived out of order: block at ${block.offset}, expected ${seen}`);
    const count = block.channels[0]?.length ?? 0;
    const end = seen + count;
    if (total !== null && end > total)
      throw new IngestError(`the recording has more samples than the ${total} it declares`);
    for (; storedRange(layout, next).start < end && (total === null || owns(next, total)); next++) {
      const range = storedRange(layout, next);
      const length = channelCount * (range.end - range.start);
      const samples = int16 ? new Int16Array(length) : new Float32Array(length);
      filling.push({ index: next, ...range, samples });
    }
    for (const segment of filling) copyInto(segment, block, seen, end);
    seen = end;
    while (filling.length > 0 && (filling[0] as Filling).end <= seen)
      yield finished(filling.shift() as Filling, channelCount, seen, int16);
  }
  if (total !== null && seen < total)
    throw new IngestError(`the recording ended after ${seen} of the ${total} samples it declares`);
  for (const segment of filling)
    if (owns(segment.index, seen)) yield finished(segment, channelCount, seen, int16);
  return { totalSamples: total ?? seen };
}

/** The block's samples [from, to) that the segment stores, converted to float32 (or int16) in place. */
function copyInto(segment: Filling, block: SampleBlock, from: number, to: number): void {
  const first = Math.max(from, segment.start);
  const last = Math.min(to, segment.end);
  if (first >= last) return;
  const length = segment.end - segment.start;
  for (const [c, values] of block.channels.entries())
    segment.samples.set(values.subarray(first - from, last - from), c * length + first - segment.start);
}

/** The segment as delivered, ending at `seen` when the data ended inside it. */
function finished(
  segment: Filling,
  channelCount: number,
  seen: number,
  scale: readonly Int16Scale[] | undefined,
): CutSegment {
  const capacity = segment.end - segment.start;
  const length = Math.min(capacity, seen - segment.start);
  const { index, start, samples } = segment;
  // A short last segment: close the gaps between the channels so they stay one channel-major run.
  if (length < capacity)
    for (let c = 1; c < channelCount; c++)
      samples.copyWithin(c * length, c * capacity, c * capacity + length);
  const channel = (c: number) => samples.subarray(c * length, (c + 1) * length);
  if (samples instanceof Int16Array && scale)
    return {
      index,
      start,
      values: { raw: Array.from({ length: channelCount }, (_, c) => channel(c) as Int16Array), scale },
    };
  return { index, start, values: Array.from({ length: channelCount }, (_, c) => channel(c) as Float32Array) };
}
