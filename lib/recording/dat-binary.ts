import type { Chunks } from "./byte-source.ts";
import type { DatPlan, RecordSink } from "./dat.ts";
import { RecordingError } from "./types.ts";

/** Bytes per analog value and how to read one (little-endian); the missing-value markers read as NaN. */
const ANALOG = {
  BINARY: { width: 2, read: (v: DataView, at: number) => missingAs(v.getInt16(at, true), -0x8000) },
  BINARY32: { width: 4, read: (v: DataView, at: number) => missingAs(v.getInt32(at, true), -0x80000000) },
  FLOAT32: { width: 4, read: (v: DataView, at: number) => v.getFloat32(at, true) },
} as const;

const MISSING_STAMP = 0xffffffff;

function missingAs(value: number, marker: number): number {
  return value === marker ? Number.NaN : value;
}

/** Bytes per record: uint32 sample number, uint32 time stamp, the analog values, one uint16 per 16 status channels. */
export function binaryRecordSize(
  fileType: keyof typeof ANALOG,
  analogCount: number,
  statusCount: number,
): number {
  return 8 + analogCount * ANALOG[fileType].width + 2 * Math.ceil(statusCount / 16);
}

/** BINARY, BINARY32 and FLOAT32 records, streamed; a partial record at the end is an error unless it is SUB padding. */
export async function* readBinaryRecords(
  plan: DatPlan,
  chunks: Chunks,
  sink: RecordSink,
): AsyncGenerator<true> {
  const { cfg, name } = plan;
  if (cfg.fileType === "ASCII") throw new RecordingError(`${name}: not a binary file type`);
  const { width, read } = ANALOG[cfg.fileType];
  const size = binaryRecordSize(cfg.fileType, cfg.analog.length, cfg.status.length);
  let carry: Uint8Array = new Uint8Array(0);
  let records = 0;
  let view: DataView = new DataView(new ArrayBuffer(0));
  let at = 0;
  const raw = (i: number): number => read(view, at + 8 + i * width);
  for await (const chunk of chunks) {
    const bytes = carry.length === 0 ? chunk : joined(carry, chunk);
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (at = 0; at + size <= bytes.length; at += size) {
      const stamp = view.getUint32(at + 4, true);
      records++;
      if (sink.record(stamp === MISSING_STAMP ? Number.NaN : stamp, raw)) yield true;
    }
    carry = bytes.slice(at);
  }
  if (carry.length > 0) {
    if (carry.every((b) => b === 0x1a)) plan.warnings.push(`${name}: trailing SUB (0x1a) padding skipped`);
    else
      throw new RecordingError(
        `${name} record ${records + 1}: truncated, ${carry.length} of ${size} bytes ` +
          `(${cfg.fileType}, ${cfg.analog.length} analog, ${cfg.status.length} status); the file ends mid-record`,
      );
  }
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
