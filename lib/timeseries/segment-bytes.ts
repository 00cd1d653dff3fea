/**
 * A recording segment's wire bytes: channel-major little-endian float32, channels × samples (channel 0's
 * samples first). The client encodes and decodes with these, the store reads samples out of stored segments.
 */

const littleEndianHost = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

function swapped(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = Uint8Array.from(bytes);
  Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength).swap32();
  return copy;
}

/**
 * One body from one Float32Array per channel (all the same length). Channels that already are consecutive
 * views of one buffer (as ingest's cutter makes them) are that buffer's bytes, not a copy.
 */
export function encodeSegment(channels: readonly Float32Array[]): Uint8Array<ArrayBuffer> {
  const samples = channels[0]?.length ?? 0;
  for (const [c, channel] of channels.entries()) {
    if (channel.length !== samples) {
      throw new RangeError(`channel ${c} has ${channel.length} samples, channel 0 has ${samples}`);
    }
  }
  const contiguous = adjacentViews(channels, samples);
  if (contiguous && littleEndianHost) return contiguous;
  const out = new Float32Array(samples * channels.length);
  for (const [c, channel] of channels.entries()) out.set(channel, c * samples);
  const bytes = new Uint8Array(out.buffer);
  return littleEndianHost ? bytes : swapped(bytes);
}

/** The bytes the channels cover when each starts where the one before it ends in one buffer; else null. */
function adjacentViews(channels: readonly Float32Array[], samples: number): Uint8Array<ArrayBuffer> | null {
  const first = channels[0];
  if (!first) return null;
  for (const [c, channel] of channels.entries())
    if (channel.buffer !== first.buffer || channel.byteOffset !== first.byteOffset + c * samples * 4)
      return null;
  return new Uint8Array(first.buffer as ArrayBuffer, first.byteOffset, channels.length * samples * 4);
}

/**
 * The channels of a body of `channelCount` channels (its length a multiple of 4 × channelCount). A fresh copy,
 * aligned whatever offset the bytes had and safe to keep; with `owned` (the bytes are the caller's to give
 * away, a response body) aligned little-endian bytes are viewed instead of copied.
 */
export function decodeSegment(bytes: Uint8Array, channelCount: number, owned = false): Float32Array[] {
  if (channelCount < 1 || bytes.byteLength % (4 * channelCount) !== 0) {
    throw new RangeError(`${bytes.byteLength} bytes are not ${channelCount} channels of float32 samples`);
  }
  const viewable = owned && littleEndianHost && bytes.byteOffset % 4 === 0;
  const values = viewable
    ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
    : new Float32Array((littleEndianHost ? Uint8Array.from(bytes) : swapped(bytes)).buffer);
  const samples = values.length / channelCount;
  return Array.from({ length: channelCount }, (_, c) => values.subarray(c * samples, (c + 1) * samples));
}
