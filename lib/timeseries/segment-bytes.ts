/**
 * A recording segment's wire bytes: channel-major little-endian samples, channels × samples (channel 0's
 * samples first), either float32 values or int16 raw values with each channel's gain and offset (value =
 * gain·raw + offset, raw −32768 a missing sample): a COMTRADE BINARY recording's own numbers in half the bytes.
 * The client encodes and decodes with these, the store reads samples out of stored segments.
 */

const littleEndianHost = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

export type SegmentEncoding = "float32" | "int16";

/** value = gain·raw + offset. */
export interface Int16Scale {
  gain: number;
  offset: number;
}

/** A segment as int16 raw values per channel (−32768 missing) with each channel's value = gain·raw + offset. */
export interface Int16Values {
  raw: readonly Int16Array[];
  scale: readonly Int16Scale[];
}

/** A segment's values per channel: float32, or int16 with their scales. */
export type SegmentValues = readonly Float32Array[] | Int16Values;

/** How a segment's bytes hold its values. */
export type SegmentPacking = { encoding: "float32" } | { encoding: "int16"; scale: readonly Int16Scale[] };

export const FLOAT32_PACKING: SegmentPacking = { encoding: "float32" };

/** The raw int16 value that stands for a missing sample (COMTRADE's 0x8000). */
export const INT16_MISSING = -0x8000;

export function sampleBytes(encoding: SegmentEncoding): 2 | 4 {
  return encoding === "int16" ? 2 : 4;
}

function swapped(bytes: Uint8Array, width: 2 | 4): Uint8Array<ArrayBuffer> {
  const copy = Uint8Array.from(bytes);
  const buffer = Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
  if (width === 2) buffer.swap16();
  else buffer.swap32();
  return copy;
}

/**
 * One body from one Float32Array per channel (all the same length). Channels that already are consecutive
 * views of one buffer (as ingest's cutter makes them) are that buffer's bytes, not a copy.
 */
export function encodeSegment(channels: readonly Float32Array[]): Uint8Array<ArrayBuffer> {
  return encodeChannels(channels, (length) => new Float32Array(length));
}

/** The int16 body of one Int16Array of raw values per channel (all the same length); as encodeSegment. */
export function encodeInt16Segment(raw: readonly Int16Array[]): Uint8Array<ArrayBuffer> {
  return encodeChannels(raw, (length) => new Int16Array(length));
}

/** The wire bytes of either kind of values, and how they are packed. */
export function segmentBody(values: SegmentValues): {
  bytes: Uint8Array<ArrayBuffer>;
  packing: SegmentPacking;
} {
  if ("raw" in values)
    return { bytes: encodeInt16Segment(values.raw), packing: { encoding: "int16", scale: values.scale } };
  return { bytes: encodeSegment(values), packing: FLOAT32_PACKING };
}

/** Float32 values per channel of either kind (int16 ones scaled into fresh arrays). */
export function floatChannels(values: SegmentValues): readonly Float32Array[] {
  if (!("raw" in values)) return values;
  const { bytes, packing } = segmentBody(values);
  return decodeSegment(bytes, values.raw.length, true, packing);
}

type Samples = Float32Array | Int16Array;

function encodeChannels<T extends Samples>(
  channels: readonly T[],
  make: (length: number) => T,
): Uint8Array<ArrayBuffer> {
  const samples = channels[0]?.length ?? 0;
  for (const [c, channel] of channels.entries()) {
    if (channel.length !== samples) {
      throw new RangeError(`channel ${c} has ${channel.length} samples, channel 0 has ${samples}`);
    }
  }
  const width = (channels[0]?.BYTES_PER_ELEMENT ?? 4) as 2 | 4;
  const contiguous = adjacentViews(channels, samples, width);
  if (contiguous && littleEndianHost) return contiguous;
  const out = make(samples * channels.length);
  for (const [c, channel] of channels.entries()) out.set(channel, c * samples);
  const bytes = new Uint8Array(out.buffer as ArrayBuffer);
  return littleEndianHost ? bytes : swapped(bytes, width);
}

/** The bytes the channels cover when each starts where the one before it ends in one buffer; else null. */
function adjacentViews(
  channels: readonly Samples[],
  samples: number,
  width: number,
): Uint8Array<ArrayBuffer> | null {
  const first = channels[0];
  if (!first) return null;
  for (const [c, channel] of channels.entries())
    if (channel.buffer !== first.buffer || channel.byteOffset !== first.byteOffset + c * samples * width)
      return null;
  return new Uint8Array(first.buffer as ArrayBuffer, first.byteOffset, channels.length * samples * width);
}

/**
 * The float32 values of a body of `channelCount` channels packed as `packing` says (its length a multiple of
 * the sample width × channelCount). A fresh copy, aligned whatever offset the bytes had and safe to keep; with
 * `owned` (the bytes are the caller's to give away, a response body) aligned little-endian float32 bytes are
 * viewed instead of copied. An int16 value is gain·raw + offset worked out in float64 and rounded to float32
 * (what converting the recording's own values to float32 gives), NaN for a missing raw value.
 */
export function decodeSegment(
  bytes: Uint8Array,
  channelCount: number,
  owned = false,
  packing: SegmentPacking = FLOAT32_PACKING,
): Float32Array[] {
  const width = sampleBytes(packing.encoding);
  if (channelCount < 1 || bytes.byteLength % (width * channelCount) !== 0) {
    throw new RangeError(
      `${bytes.byteLength} bytes are not ${channelCount} channels of ${packing.encoding} samples`,
    );
  }
  if (packing.encoding === "int16" && packing.scale.length !== channelCount) {
    throw new RangeError(`${packing.scale.length} scales for ${channelCount} channels`);
  }
  const viewable = littleEndianHost && bytes.byteOffset % width === 0 && (owned || width === 2);
  const aligned = viewable ? bytes : littleEndianHost ? Uint8Array.from(bytes) : swapped(bytes, width);
  const samples = bytes.byteLength / width / channelCount;
  let values: Float32Array;
  if (packing.encoding === "float32") {
    values = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  } else {
    const raw = new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
    values = new Float32Array(raw.length);
    for (let c = 0; c < channelCount; c++) {
      const { gain, offset } = packing.scale[c] as Int16Scale;
      scaleInt16(raw, values, c * samples, (c + 1) * samples, gain, offset);
    }
  }
  return Array.from({ length: channelCount }, (_, c) => values.subarray(c * samples, (c + 1) * samples));
}

function scaleInt16(
  raw: Int16Array,
  out: Float32Array,
  from: number,
  to: number,
  gain: number,
  offset: number,
): void {
  for (let k = from; k < to; k++) {
    const r = raw[k] as number;
    out[k] = r === INT16_MISSING ? Number.NaN : gain * r + offset;
  }
}

/** `gain,offset` per channel, comma-separated: the `scale` query parameter's text. */
export function scaleText(scale: readonly Int16Scale[]): string {
  return scale.map(({ gain, offset }) => `${gain},${offset}`).join(",");
}

/** The scales in a `scale` text (gain,offset pairs), or a message saying what is wrong with it. */
export function parseScaleText(text: string): Int16Scale[] | string {
  const parts = text.split(",");
  if (parts.length % 2 !== 0) return `expected gain,offset pairs, got ${parts.length} numbers`;
  const numbers = parts.map((part) => (/^\s*$/.test(part) ? Number.NaN : Number(part)));
  const bad = numbers.findIndex((n) => !Number.isFinite(n));
  if (bad >= 0) return `number ${bad + 1} (${JSON.stringify(parts[bad])}) is not a finite number`;
  return Array.from({ length: parts.length / 2 }, (_, c) => ({
    gain: numbers[2 * c] as number,
    offset: numbers[2 * c + 1] as number,
  }));
}
