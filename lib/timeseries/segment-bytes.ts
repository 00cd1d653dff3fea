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

/** One body from one Float32Array per channel (all the same length). */
export function encodeSegment(channels: readonly Float32Array[]): Uint8Array<ArrayBuffer> {
  const samples = channels[0]?.length ?? 0;
  const out = new Float32Array(samples * channels.length);
  for (const [c, channel] of channels.entries()) {
    if (channel.length !== samples) {
      throw new RangeError(`channel ${c} has ${channel.length} samples, channel 0 has ${samples}`);
    }
    out.set(channel, c * samples);
  }
  const bytes = new Uint8Array(out.buffer);
  return littleEndianHost ? bytes : swapped(bytes);
}

/** The channels of a body of `channelCount` channels (its length a multiple of 4 × channelCount). */
export function decodeSegment(bytes: Uint8Array, channelCount: number): Float32Array[] {
  if (channelCount < 1 || bytes.byteLength % (4 * channelCount) !== 0) {
    throw new RangeError(`${bytes.byteLength} bytes are not ${channelCount} channels of float32 samples`);
  }
  // A fresh copy: aligned for Float32Array whatever offset the bytes had, and safe to keep.
  const values = new Float32Array((littleEndianHost ? Uint8Array.from(bytes) : swapped(bytes)).buffer);
  const samples = values.length / channelCount;
  return Array.from({ length: channelCount }, (_, c) => values.subarray(c * samples, (c + 1) * samples));
}
