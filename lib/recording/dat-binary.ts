import type { BlockAssembler } from "./block-assembler.ts";
import type { Chunks } from "./byte-source.ts";
import type { DatPlan } from "./dat.ts";
import type { SampleTiming } from "./sample-timing.ts";
import { RecordingError } from "./types.ts";

type BinaryType = "BINARY" | "BINARY32" | "FLOAT32";

/** Bytes per analog value (little-endian). */
const WIDTH: Record<BinaryType, number> = { BINARY: 2, BINARY32: 4, FLOAT32: 4 };

const MISSING_STAMP = 0xffffffff;

/** Bytes per record: uint32 sample number, uint32 time stamp, the analog values, one uint16 per 16 status channels. */
export function binaryRecordSize(fileType: BinaryType, analogCount: number, statusCount: number): number {
  return 8 + analogCount * WIDTH[fileType] + 2 * Math.ceil(statusCount / 16);
}

/** Where decoded records go: the selected channels scaled a·raw + b, and each record's time. */
export interface BinaryTarget {
  assembler: BlockAssembler;
  timing: SampleTiming;
  gains: readonly number[];
  offsets: readonly number[];
  /** Deliver the integer types' missing markers as they are, not as NaN (raw values). */
  keepMissing: boolean;
}

/**
 * BINARY, BINARY32 and FLOAT32 records, streamed and demuxed a run of records at a time straight into the
 * block's typed arrays (no per-sample calls); yields each time the block is full. A partial record at the end
 * is an error unless it is SUB padding.
 */
export async function* readBinaryRecords(
  plan: DatPlan,
  chunks: Chunks,
  target: BinaryTarget,
): AsyncGenerator<true> {
  const { cfg, name } = plan;
  if (cfg.fileType === "ASCII") throw new RecordingError(`${name}: not a binary file type`);
  const size = binaryRecordSize(cfg.fileType, cfg.analog.length, cfg.status.length);
  const decode = decoderFor(cfg.fileType, size, plan.selected, target);
  // A record cut by a chunk boundary is completed here from the next chunk's first bytes.
  const partial = new Uint8Array(size);
  let held = 0;
  let records = 0;
  for await (const chunk of chunks) {
    let at = 0;
    if (held > 0) {
      const take = Math.min(size - held, chunk.length);
      partial.set(chunk.subarray(0, take), held);
      held += take;
      at = take;
      if (held < size) continue;
      held = 0;
      records++;
      if (decode(partial, 0, 1)) yield true;
    }
    const whole = Math.floor((chunk.length - at) / size);
    let done = 0;
    while (done < whole) {
      const run = Math.min(target.assembler.room, whole - done);
      records += run;
      const full = decode(chunk, at + done * size, run);
      done += run;
      if (full) yield true;
    }
    at += whole * size;
    held = chunk.length - at;
    partial.set(chunk.subarray(at), 0);
  }
  if (held > 0) {
    if (partial.subarray(0, held).every((b) => b === 0x1a))
      plan.warnings.push(`${name}: trailing SUB (0x1a) padding skipped`);
    else
      throw new RecordingError(
        `${name} record ${records + 1}: truncated, ${held} of ${size} bytes ` +
          `(${cfg.fileType}, ${cfg.analog.length} analog, ${cfg.status.length} status); the file ends mid-record`,
      );
  }
}

/**
 * Decodes `count` whole records of `bytes` from `start` into the target's current block (which has room for
 * them); true when that filled the block.
 */
type Decode = (bytes: Uint8Array, start: number, count: number) => boolean;

function decoderFor(
  fileType: BinaryType,
  size: number,
  selected: readonly number[],
  target: BinaryTarget,
): Decode {
  const { assembler, timing, gains, offsets } = target;
  const width = WIDTH[fileType];
  const scale = SCALE[fileType];
  // NaN equals nothing: no value is taken for missing.
  const missing = target.keepMissing ? Number.NaN : MISSING[fileType];
  let stamps = new Float64Array(0);
  let index = 0;
  return (bytes, start, count) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const first = assembler.filled;
    for (let c = 0; c < selected.length; c++) {
      const from = start + 8 + selected[c]! * width;
      const out = assembler.channels[c] as Float64Array;
      scale(bytes, view, from, size, count, gains[c]!, offsets[c]!, missing, out, first);
    }
    if (timing.fromStamps) {
      if (stamps.length < count) stamps = new Float64Array(count);
      for (let k = 0, at = start + 4; k < count; k++, at += size) {
        const stamp =
          ((bytes[at] as number) |
            ((bytes[at + 1] as number) << 8) |
            ((bytes[at + 2] as number) << 16) |
            ((bytes[at + 3] as number) << 24)) >>>
          0;
        stamps[k] = stamp === MISSING_STAMP ? Number.NaN : stamp;
      }
    }
    timing.fill(assembler.time, first, index, count, stamps);
    index += count;
    return assembler.advanceBy(count);
  };
}

/**
 * out[first + k] = gain·raw + offset for record k's value at byte `from + k·stride`; a raw value equal to
 * `missing` reads as NaN.
 * Where the values line up with their width (records have an even size, so BINARY nearly always does), they are
 * read through a typed view of the chunk; else they are put together from bytes: a DataView over a stream's
 * chunk is not inlined by the JIT (several times slower).
 */
type Scale = (
  bytes: Uint8Array,
  view: DataView,
  from: number,
  stride: number,
  count: number,
  gain: number,
  offset: number,
  missing: number,
  out: Float64Array,
  first: number,
) => void;

/** The integer types' missing-value markers (0x8000, 0x80000000); a float has none. */
const MISSING: Record<BinaryType, number> = { BINARY: -0x8000, BINARY32: -0x80000000, FLOAT32: Number.NaN };

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type WordArray = Int16Array | Int32Array | Float32Array;

/** The values as elements of a `width`-byte view (element k·stride/width is record k's), or null when unaligned. */
function wordsOf<T extends WordArray>(
  make: (buffer: ArrayBufferLike, byteOffset: number, length: number) => T,
  width: number,
  bytes: Uint8Array,
  from: number,
  stride: number,
  count: number,
): T | null {
  const at = bytes.byteOffset + from;
  if (!littleEndianHost || count === 0 || at % width !== 0 || stride % width !== 0) return null;
  return make(bytes.buffer, at, ((count - 1) * stride) / width + 1);
}

/** out[first + k] = gain·words[k·step] + offset, NaN where the raw value is the type's missing marker. */
function scaleWords(
  words: WordArray,
  step: number,
  missing: number,
  count: number,
  gain: number,
  offset: number,
  out: Float64Array,
  first: number,
): void {
  for (let k = 0, at = 0; k < count; k++, at += step) {
    const raw = words[at] as number;
    out[first + k] = raw === missing ? Number.NaN : gain * raw + offset;
  }
}

const SCALE: Record<BinaryType, Scale> = {
  BINARY(bytes, _view, from, stride, count, gain, offset, missing, out, first) {
    const words = wordsOf((b, o, n) => new Int16Array(b, o, n), 2, bytes, from, stride, count);
    if (words) return scaleWords(words, stride / 2, missing, count, gain, offset, out, first);
    for (let k = 0, at = from; k < count; k++, at += stride) {
      const raw = (((bytes[at] as number) | ((bytes[at + 1] as number) << 8)) << 16) >> 16;
      out[first + k] = raw === missing ? Number.NaN : gain * raw + offset;
    }
  },
  BINARY32(bytes, _view, from, stride, count, gain, offset, missing, out, first) {
    const words = wordsOf((b, o, n) => new Int32Array(b, o, n), 4, bytes, from, stride, count);
    if (words) return scaleWords(words, stride / 4, missing, count, gain, offset, out, first);
    for (let k = 0, at = from; k < count; k++, at += stride) {
      const raw =
        (bytes[at] as number) |
        ((bytes[at + 1] as number) << 8) |
        ((bytes[at + 2] as number) << 16) |
        ((bytes[at + 3] as number) << 24);
      out[first + k] = raw === missing ? Number.NaN : gain * raw + offset;
    }
  },
  FLOAT32(bytes, view, from, stride, count, gain, offset, _missing, out, first) {
    const words = wordsOf((b, o, n) => new Float32Array(b, o, n), 4, bytes, from, stride, count);
    if (words) return scaleWords(words, stride / 4, Number.NaN, count, gain, offset, out, first);
    for (let k = 0, at = from; k < count; k++, at += stride)
      out[first + k] = gain * view.getFloat32(at, true) + offset;
  },
};
