/**
 * Writes COMTRADE (1999 or 2013; ASCII, BINARY, BINARY32 or FLOAT32) as a .cfg + .dat pair or one 2013-style
 * .cff, streamed block by block. Values are primary volts; integer types store round((v - b) / a) with
 * a = fullScale / the type's largest value and b = 0, so the quantisation step is a.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { binaryRecordSize } from "./dat-binary.ts";
import { type ComtradeFileType, RecordingError } from "./types.ts";

export interface WrittenChannel {
  name: string;
  /** The ph field, e.g. "A". */
  phase: string;
  circuit?: string;
  /** Largest |value| (V) the integer types must hold; larger ones are clipped. */
  fullScale: number;
}

export interface ComtradeHeader {
  revision: 1999 | 2013;
  fileType: ComtradeFileType;
  station: string;
  device: string;
  lineFrequency: number;
  samplingRate: number;
  totalSamples: number;
  /** ISO 8601 without a zone, e.g. `2026-01-05T10:00:00.000000`. */
  startTime: string;
  triggerTime?: string;
  channels: WrittenChannel[];
}

/** The largest raw value per type (the most negative int is the missing-value marker). */
const RAW_LIMIT: Record<ComtradeFileType, number> = {
  ASCII: 32767,
  BINARY: 32767,
  BINARY32: 2147483647,
  FLOAT32: 1,
};
const MISSING: Record<"BINARY" | "BINARY32", number> = { BINARY: -32768, BINARY32: -2147483648 };
const MAX_STAMP = 0xfffffffe;

/** The multiplier a of each channel: the step between two raw values, in volts (1 for FLOAT32). */
export function channelMultipliers(header: ComtradeHeader): number[] {
  return header.channels.map((c) =>
    header.fileType === "FLOAT32" ? 1 : (c.fullScale > 0 ? c.fullScale : 1) / RAW_LIMIT[header.fileType],
  );
}

/** µs per time-stamp unit, so that the last stamp fits in 32 bits. */
function timeMultiplier(header: ComtradeHeader): number {
  const lastMicros = ((header.totalSamples - 1) / header.samplingRate) * 1e6;
  return lastMicros <= MAX_STAMP ? 1 : Math.ceil(lastMicros / MAX_STAMP);
}

function cfgStamp(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(iso);
  if (!m)
    throw new RecordingError(`start time ${JSON.stringify(iso)} is not like 2026-01-05T10:00:00.000000`);
  return `${m[3]}/${m[2]}/${m[1]},${m[4]}.${(m[5] ?? "").padEnd(6, "0")}`;
}

export function cfgText(header: ComtradeHeader): string {
  const { channels, fileType } = header;
  const multipliers = channelMultipliers(header);
  const limit = RAW_LIMIT[fileType];
  const lines = [
    `${header.station},${header.device},${header.revision}`,
    `${channels.length},${channels.length}A,0D`,
    ...channels.map((c, i) => {
      const [min, max] = fileType === "FLOAT32" ? [-c.fullScale, c.fullScale] : [-limit, limit];
      return `${i + 1},${c.name},${c.phase},${c.circuit ?? ""},V,${multipliers[i]},0,0,${min},${max},1,1,P`;
    }),
    String(header.lineFrequency),
    "1",
    `${header.samplingRate},${header.totalSamples}`,
    cfgStamp(header.startTime),
    cfgStamp(header.triggerTime ?? header.startTime),
    fileType,
    String(timeMultiplier(header)),
  ];
  // 2013: time_code,local_code (offsets from UTC) and tmq_code,leapsec.
  if (header.revision === 2013) lines.push("0,0", "0,0");
  return `${lines.join("\r\n")}\r\n`;
}

function datBytes(header: ComtradeHeader): number | null {
  if (header.fileType === "ASCII") return null;
  return header.totalSamples * binaryRecordSize(header.fileType, header.channels.length, 0);
}

/** Streams samples into a COMTRADE file pair or .cff; `close()` checks that every announced sample came. */
export class ComtradeWriter {
  readonly files: string[];
  private readonly fd: number;
  private readonly multipliers: number[];
  private readonly stampUnit: number;
  private written = 0;
  private asciiBytes = 0;
  /** Where an ASCII .cff's DAT byte count goes, written when known (at close). */
  private countPosition: number | null = null;

  constructor(
    path: string,
    private readonly header: ComtradeHeader,
  ) {
    if (header.totalSamples < 1) throw new RecordingError("a COMTRADE file needs at least one sample");
    this.multipliers = channelMultipliers(header);
    this.stampUnit = 1e6 / header.samplingRate / timeMultiplier(header);
    const cfg = cfgText(header);
    const ext = extname(path).toLowerCase();
    if (ext === ".cff") {
      this.files = [path];
      this.fd = openSync(path, "w");
      const bytes = datBytes(header);
      const head = cffHead(cfg, header.fileType, bytes ?? 0);
      // ASCII: the section's size is known at the end; a zero-padded placeholder is overwritten then.
      if (bytes === null) this.countPosition = Buffer.byteLength(head) - COUNT_DIGITS - " ---\r\n".length;
      writeSync(this.fd, head);
    } else if (ext === ".cfg") {
      const datPath = join(dirname(path), `${basename(path, extname(path))}.dat`);
      this.files = [path, datPath];
      writeWhole(path, cfg);
      this.fd = openSync(datPath, "w");
    } else throw new RecordingError(`${path}: write COMTRADE to a .cfg (with its .dat) or a .cff`);
  }

  /** One array per channel, all the same length, in primary volts (NaN is written as a missing value). */
  write(channels: readonly ArrayLike<number>[]): void {
    const n = channels[0]?.length ?? 0;
    if (channels.length !== this.header.channels.length)
      throw new RecordingError(
        `${channels.length} channels given, the header has ${this.header.channels.length}`,
      );
    if (this.written + n > this.header.totalSamples)
      throw new RecordingError(`more samples than the ${this.header.totalSamples} announced`);
    const chunk =
      this.header.fileType === "ASCII"
        ? Buffer.from(this.asciiRecords(channels, n))
        : this.binaryRecords(channels, n);
    if (this.header.fileType === "ASCII") this.asciiBytes += chunk.length;
    writeSync(this.fd, chunk);
    this.written += n;
  }

  close(): void {
    try {
      if (this.countPosition !== null) writeSync(this.fd, paddedCount(this.asciiBytes), this.countPosition);
    } finally {
      closeSync(this.fd);
    }
    if (this.written !== this.header.totalSamples)
      throw new RecordingError(
        `${this.written} samples written where ${this.header.totalSamples} were announced`,
      );
  }

  /** Closes without the completeness check (after an error elsewhere). */
  abort(): void {
    closeSync(this.fd);
  }

  private raw(value: number, channel: number): number | null {
    if (Number.isNaN(value)) return null;
    if (this.header.fileType === "FLOAT32") return value;
    const limit = RAW_LIMIT[this.header.fileType];
    const raw = Math.round(value / this.multipliers[channel]!);
    return Math.max(-limit, Math.min(limit, raw));
  }

  private asciiRecords(channels: readonly ArrayLike<number>[], n: number): string {
    let text = "";
    for (let k = 0; k < n; k++) {
      const index = this.written + k;
      text += `${index + 1},${Math.round(index * this.stampUnit)}`;
      for (let c = 0; c < channels.length; c++)
        text += `,${this.raw(channels[c]?.[k] ?? Number.NaN, c) ?? ""}`;
      text += "\r\n";
    }
    return text;
  }

  private binaryRecords(channels: readonly ArrayLike<number>[], n: number): Uint8Array {
    const type = this.header.fileType as "BINARY" | "BINARY32" | "FLOAT32";
    const size = binaryRecordSize(type, channels.length, 0);
    const view = new DataView(new ArrayBuffer(size * n));
    for (let k = 0; k < n; k++) {
      const index = this.written + k;
      let at = k * size;
      view.setUint32(at, index + 1, true);
      view.setUint32(at + 4, Math.round(index * this.stampUnit), true);
      at += 8;
      for (let c = 0; c < channels.length; c++) {
        const raw = this.raw(channels[c]?.[k] ?? Number.NaN, c);
        if (type === "FLOAT32") view.setFloat32(at, raw ?? Number.NaN, true);
        else if (type === "BINARY") view.setInt16(at, raw ?? MISSING.BINARY, true);
        else view.setInt32(at, raw ?? MISSING.BINARY32, true);
        at += type === "BINARY" ? 2 : 4;
      }
    }
    return new Uint8Array(view.buffer);
  }
}

const COUNT_DIGITS = 12;

function paddedCount(bytes: number): string {
  return String(bytes).padStart(COUNT_DIGITS, "0");
}

function cffHead(cfg: string, fileType: ComtradeFileType, dataBytes: number): string {
  const count = fileType === "ASCII" ? paddedCount(dataBytes) : String(dataBytes);
  return (
    `--- file type: CFG ---\r\n${cfg}--- file type: INF ---\r\n--- file type: HDR ---\r\n` +
    `--- file type: DAT ${fileType}: ${count} ---\r\n`
  );
}

function writeWhole(path: string, text: string): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

export interface ChannelValues extends Omit<WrittenChannel, "fullScale"> {
  /** Primary volts. */
  values: ArrayLike<number>;
}

/** Writes whole channel arrays; the full scale of each is its largest |value|. Returns the files written. */
export function writeComtrade(
  path: string,
  header: Omit<ComtradeHeader, "channels" | "totalSamples">,
  channels: ChannelValues[],
): string[] {
  const totalSamples = channels[0]?.values.length ?? 0;
  const written: WrittenChannel[] = channels.map(({ values, ...channel }) => {
    let fullScale = 0;
    for (let i = 0; i < values.length; i++) fullScale = Math.max(fullScale, Math.abs(values[i]!) || 0);
    return { ...channel, fullScale };
  });
  const writer = new ComtradeWriter(path, { ...header, totalSamples, channels: written });
  writer.write(channels.map((c) => c.values));
  writer.close();
  return writer.files;
}
