/** Compact encoding of a series' points: times as one JSON text, values as little-endian Float64 bytes. */

const littleEndianHost = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

export function encodeValues(values: Float64Array): Buffer {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return littleEndianHost ? Buffer.from(bytes) : Buffer.from(bytes).swap64();
}

export function decodeValues(blob: Uint8Array): Float64Array {
  // Copy into a fresh, 8-byte-aligned buffer (SQLite blobs may start at any offset).
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  if (!littleEndianHost) Buffer.from(copy.buffer).swap64();
  return new Float64Array(copy.buffer);
}

export function encodeTimes(times: readonly string[]): string {
  return JSON.stringify(times);
}

export function decodeTimes(text: string): string[] {
  return JSON.parse(text) as string[];
}
