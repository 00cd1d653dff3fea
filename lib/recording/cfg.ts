/**
 * The COMTRADE configuration file (.cfg, IEEE C37.111-1991/1999/2013): station, channels with their scaling,
 * sampling rates, time stamps, the data file's type. Pure: text in, a typed description out.
 */
import { type ComtradeStamp, parseStamp } from "./cfg-stamp.ts";
import { type ComtradeFileType, type ComtradeRevision, RecordingError, type SamplingRate } from "./types.ts";

export interface AnalogChannel {
  /** 1-based index (An). */
  index: number;
  name: string;
  phase: string;
  circuit: string;
  /** Units as written (uu). */
  unitsWritten: string;
  /** Units of the delivered values: "V" for voltage channels (kV converted), else as written. */
  units: string;
  quantity: "voltage" | "other";
  a: number;
  b: number;
  skew: number;
  min: number;
  max: number;
  primary: number;
  secondary: number;
  ps: "P" | "S";
  /** Delivered value = gain * raw + offset: a and b scaled to primary units (and kV to V). */
  gain: number;
  offset: number;
}

export interface StatusChannel {
  index: number;
  name: string;
  phase: string;
  circuit: string;
  normalState: number;
}

export interface ComtradeConfig {
  source: string;
  station: string;
  device: string;
  revision: ComtradeRevision;
  analog: AnalogChannel[];
  status: StatusChannel[];
  lineFrequency: number | null;
  /** The rates with samp > 0; empty when the samples are timed by their time stamps. */
  rates: SamplingRate[];
  /** The last sample's number (endsamp of the last rate line). */
  endSample: number;
  startTime: ComtradeStamp | null;
  triggerTime: ComtradeStamp | null;
  fileType: ComtradeFileType;
  /** Multiplies the .dat time stamps to give microseconds. */
  timeMultiplier: number;
  warnings: string[];
}

const FILE_TYPES: readonly ComtradeFileType[] = ["ASCII", "BINARY", "BINARY32", "FLOAT32"];

/** kV channels are delivered in V. */
const UNIT_FACTORS: Record<string, number> = { v: 1, kv: 1000 };

/** Vendors pad files to a block with SUB (0x1a) characters: dropped. */
export function stripEofPadding(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x1a || /\s/.test(text[end - 1] ?? ""))) end--;
  return text.slice(0, end);
}

class Lines {
  private next = 0;
  private readonly lines: string[];

  constructor(
    text: string,
    readonly source: string,
  ) {
    this.lines = stripEofPadding(text.replace(/^\ufeff/, "")).split(/\r?\n/);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1]?.trim() === "") this.lines.pop();
  }

  get lineNumber(): number {
    return this.next;
  }

  get done(): boolean {
    return this.next >= this.lines.length;
  }

  take(what: string): string[] {
    if (this.done)
      throw new RecordingError(`${this.source} ends before the ${what} line (line ${this.next + 1})`);
    const line = this.lines[this.next++] ?? "";
    return line.split(",").map((field) => field.trim());
  }

  fail(message: string): never {
    throw new RecordingError(`${this.source} line ${this.next}: ${message}`);
  }
}

function numberField(lines: Lines, raw: string | undefined, what: string, fallback?: number): number {
  if ((raw === undefined || raw === "") && fallback !== undefined) return fallback;
  const value = raw === undefined || raw === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) lines.fail(`${what} is ${JSON.stringify(raw ?? "")}, not a number`);
  return value;
}

function wholeField(lines: Lines, raw: string | undefined, what: string): number {
  const value = numberField(lines, raw, what);
  if (!Number.isInteger(value) || value < 0) lines.fail(`${what} must be a whole number >= 0, got ${raw}`);
  return value;
}

/** Parses .cfg text; `source` names the file in errors and warnings. */
export function parseCfg(text: string, source: string): ComtradeConfig {
  const lines = new Lines(text, source);
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(`${source} line ${lines.lineNumber}: ${message}`);

  const [station = "", device = "", revisionField = ""] = lines.take("station");
  const revision = parseRevision(lines, revisionField, warn);

  const counts = lines.take("channel counts");
  const total = wholeField(lines, counts[0], "the channel count TT");
  const analogCount = countField(lines, counts[1], "A");
  const statusCount = countField(lines, counts[2], "D");
  if (analogCount + statusCount !== total)
    lines.fail(`TT is ${total} but ${analogCount}A + ${statusCount}D = ${analogCount + statusCount}`);

  const analog: AnalogChannel[] = [];
  for (let i = 0; i < analogCount; i++) analog.push(analogChannel(lines, revision, i + 1, warn));
  const status: StatusChannel[] = [];
  for (let i = 0; i < statusCount; i++) status.push(statusChannel(lines, revision, i + 1));

  const [frequencyField = ""] = lines.take("line frequency");
  const lineFrequency =
    frequencyField === "" ? null : numberField(lines, frequencyField, "the line frequency");

  const [nratesField] = lines.take("number of sampling rates");
  const nrates = wholeField(lines, nratesField, "nrates");
  const rates: SamplingRate[] = [];
  let endSample = 0;
  for (let i = 0; i < Math.max(nrates, 1); i++) {
    const [sampField, endField] = lines.take(`sampling rate ${i + 1}`);
    const rate = numberField(lines, sampField, "samp");
    const end = wholeField(lines, endField, "endsamp");
    if (end < endSample) lines.fail(`endsamp ${end} is below the previous rate's ${endSample}`);
    endSample = end;
    if (rate > 0 && nrates > 0) rates.push({ rate, endSample: end });
  }
  if (nrates > 0 && rates.length < nrates)
    warn(`a sampling rate of 0: the samples are timed by their time stamps`);
  if (rates.length < nrates) rates.length = 0;

  const startTime = parseStamp(lines.take("start time"), revision, lines.source, lines.lineNumber, warnings);
  const triggerTime = parseStamp(
    lines.take("trigger time"),
    revision,
    lines.source,
    lines.lineNumber,
    warnings,
  );

  const [typeField = ""] = lines.take("file type");
  const fileType = FILE_TYPES.find((t) => t === typeField.toUpperCase());
  if (fileType === undefined)
    return lines.fail(
      `unknown file type ${JSON.stringify(typeField)}; expected one of ${FILE_TYPES.join(", ")}`,
    );
  if (fileType !== typeField) warn(`file type "${typeField}" read as ${fileType}`);

  let timeMultiplier = 1;
  if (!lines.done) {
    const [multField] = lines.take("time multiplier");
    timeMultiplier = numberField(lines, multField, "the time multiplier", 1);
    if (timeMultiplier <= 0) lines.fail(`the time multiplier must be above 0, got ${multField}`);
  } else if (revision !== 1991) warn(`no time multiplier line: 1 assumed`);
  // 2013 adds time_code,local_code and tmq_code,leapsec: informative only, so not read.

  return {
    source,
    station,
    device,
    revision,
    analog,
    status,
    lineFrequency,
    rates,
    endSample,
    startTime,
    triggerTime,
    fileType,
    timeMultiplier,
    warnings,
  };
}

function parseRevision(lines: Lines, field: string, warn: (m: string) => void): ComtradeRevision {
  if (field === "") return 1991;
  const year = Number(field);
  if (year === 1991 || year === 1999 || year === 2013) return year;
  if (!Number.isInteger(year)) lines.fail(`revision year ${JSON.stringify(field)} is not 1991, 1999 or 2013`);
  warn(`revision year ${field} read as 1999`);
  return 1999;
}

function countField(lines: Lines, raw: string | undefined, suffix: "A" | "D"): number {
  const match = /^(\d+)\s*([AD])$/i.exec(raw ?? "");
  if (!match || match[2]?.toUpperCase() !== suffix)
    lines.fail(
      `expected the ${suffix === "A" ? "analog" : "status"} count like "3${suffix}", got ${JSON.stringify(raw ?? "")}`,
    );
  return Number(match[1]);
}

function analogChannel(
  lines: Lines,
  revision: ComtradeRevision,
  expected: number,
  warn: (m: string) => void,
): AnalogChannel {
  const f = lines.take(`analog channel ${expected}`);
  if (f.length < 10) lines.fail(`analog channel line has ${f.length} fields, expected 13 (10 in 1991)`);
  const index = wholeField(lines, f[0], "the analog channel index");
  if (index !== expected) warn(`analog channel index ${index} where ${expected} was expected`);
  const [, name = "", phase = "", circuit = "", unitsWritten = ""] = f;
  const a = numberField(lines, f[5], `channel ${name} multiplier a`);
  const b = numberField(lines, f[6], `channel ${name} offset b`);
  const skew = numberField(lines, f[7], `channel ${name} skew`, 0);
  const min = numberField(lines, f[8], `channel ${name} min`, Number.NaN);
  const max = numberField(lines, f[9], `channel ${name} max`, Number.NaN);
  let primary = 1;
  let secondary = 1;
  let ps: "P" | "S" = "P";
  if (f.length >= 13) {
    primary = numberField(lines, f[10], `channel ${name} primary`, 1);
    secondary = numberField(lines, f[11], `channel ${name} secondary`, 1);
    const flag = (f[12] ?? "").toUpperCase();
    if (flag !== "P" && flag !== "S")
      lines.fail(`channel ${name} PS flag must be P or S, got ${JSON.stringify(f[12])}`);
    if (flag !== f[12]) warn(`channel ${name} PS flag "${f[12]}" read as ${flag}`);
    ps = flag;
  } else if (revision !== 1991) {
    warn(`channel ${name} has no primary, secondary and PS fields: values taken as primary`);
  }
  if (ps === "S" && !(primary > 0 && secondary > 0))
    lines.fail(
      `channel ${name} is in secondary units but primary ${primary} / secondary ${secondary} is not a ratio`,
    );
  const unitFactor = UNIT_FACTORS[unitsWritten.toLowerCase()];
  const toPrimary = (ps === "S" ? primary / secondary : 1) * (unitFactor ?? 1);
  return {
    index,
    name,
    phase,
    circuit,
    unitsWritten,
    units: unitFactor === undefined ? unitsWritten : "V",
    quantity: unitFactor === undefined ? "other" : "voltage",
    a,
    b,
    skew,
    min,
    max,
    primary,
    secondary,
    ps,
    gain: a * toPrimary,
    offset: b * toPrimary,
  };
}

function statusChannel(lines: Lines, revision: ComtradeRevision, expected: number): StatusChannel {
  const f = lines.take(`status channel ${expected}`);
  if (f.length < 3) lines.fail(`status channel line has ${f.length} fields, expected 5 (3 in 1991)`);
  const index = wholeField(lines, f[0], "the status channel index");
  const short = revision === 1991 || f.length < 5;
  return {
    index,
    name: f[1] ?? "",
    phase: short ? "" : (f[2] ?? ""),
    circuit: short ? "" : (f[3] ?? ""),
    normalState: numberField(lines, short ? f[2] : f[4], "the normal state y", 0),
  };
}
