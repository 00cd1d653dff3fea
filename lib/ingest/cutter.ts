/**
 * Cuts a stream of sample blocks into stored segments (layout.ts), each emitted as soon as its last sample
 * has arrived. Each sample is written once per segment that stores it, straight into that segment's buffer in
 * the store's wire layout; memory is the (at most two) segments being filled, whatever the recording's length.
 * Given each channel's int16 scale (a COMTRADE BINARY file), segments keep the file's raw 16-bit values: half
 * the bytes to store and to fetch, the same float32 values once scaled.
 */
import type { SampleBlock } from "../recording/index.ts";
import {
  decodeSegment,
  INT16_MISSING,
  type Int16Scale,
  type Int16Values,
} from "../timeseries/segment-bytes.ts";
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

/**
 * A segment being filled: samples [start, end) of every channel, channel c at c·(end - start); as raw int16
 * values while every value so far is one (`raw`), else as float32 (`samples`).
 */
interface Filling {
  index: number;
  start: number;
  end: number;
  samples: Float32Array | null;
  raw: Int16Array | null;
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
      filling.push(
        int16
          ? { index: next, ...range, samples: null, raw: new Int16Array(length) }
          : { index: next, ...range, samples: new Float32Array(length), raw: null },
      );
    }
    for (const segment of filling) copyInto(segment, block, seen, end, int16);
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

/** The block's samples [from, to) that the segment stores, converted to float32 or int16 in place. */
function copyInto(
  segment: Filling,
  block: SampleBlock,
  from: number,
  to: number,
  scale: readonly Int16Scale[] | undefined,
): void {
  const first = Math.max(from, segment.start);
  const last = Math.min(to, segment.end);
  if (first >= last) return;
  const length = segment.end - segment.start;
  const at = first - segment.start;
  if (segment.raw && scale) {
    const { raw } = segment;
    const fits = block.channels.every((values, c) =>
      toRaw(values.subarray(first - from, last - from), scale[c] as Int16Scale, raw, c * length + at),
    );
    if (fits) return;
    // A value its scale does not give back exactly: this segment goes as float32 from here on.
    segment.samples = scaled(raw, scale);
    segment.raw = null;
  }
  const samples = segment.samples as Float32Array;
  for (const [c, values] of block.channels.entries())
    samples.set(values.subarray(first - from, last - from), c * length + at);
}

/**
 * out[at + k] = the raw value r with gain·r + offset === values[k] (NaN: the missing marker); false at the
 * first value no int16 gives back exactly (the caller then keeps float32).
 */
function toRaw(values: Float64Array, { gain, offset }: Int16Scale, out: Int16Array, at: number): boolean {
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    if (Number.isNaN(v)) {
      out[at + k] = INT16_MISSING;
      continue;
    }
    const r = Math.round((v - offset) / gain);
    if (r < -0x7fff || r > 0x7fff || gain * r + offset !== v) return false;
    out[at + k] = r;
  }
  return true;
}

/** A whole channel-major int16 buffer as float32 values (decodeSegment's, viewed as one array). */
function scaled(raw: Int16Array, scale: readonly Int16Scale[]): Float32Array {
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const channels = decodeSegment(bytes, scale.length, true, { encoding: "int16", scale });
  return new Float32Array((channels[0] as Float32Array).buffer, 0, raw.length);
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
  const { index, start } = segment;
  const channels = <T extends Float32Array | Int16Array>(samples: T): T[] => {
    // A short last segment: close the gaps between the channels so they stay one channel-major run.
    if (length < capacity)
      for (let c = 1; c < channelCount; c++)
        samples.copyWithin(c * length, c * capacity, c * capacity + length);
    return Array.from(
      { length: channelCount },
      (_, c) => samples.subarray(c * length, (c + 1) * length) as T,
    );
  };
  if (segment.raw && scale) return { index, start, values: { raw: channels(segment.raw), scale } };
  return { index, start, values: channels(segment.samples as Float32Array) };
}
