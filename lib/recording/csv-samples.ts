import type { BlockAssembler } from "./block-assembler.ts";
import { isBlankRow } from "./csv-chunks.ts";
import { plainDecimal, splitPlainLine } from "./csv-plain.ts";
import { TimeCells } from "./csv-time.ts";
import { RecordingError } from "./types.ts";

export interface CsvColumns {
  path: string;
  /** The channels' column indexes and names. */
  columns: number[];
  names: string[];
  /** The time column, or -1 (then times come from the rate). */
  timeIndex: number;
  rate: number;
}

/**
 * CSV lines into the assembler's arrays, line by line and counted (the header is line 1): rows papaparse made,
 * or plain lines read straight from the text; both give the same values and the same errors.
 */
export class CsvSampleRows {
  private line = 0;
  private samples = 0;
  private readonly timeCells = new TimeCells();
  /** Field bounds of a plain line, one more than the last column read (so a line with a delimiter shows 2+). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(
    private readonly plan: CsvColumns,
    private readonly assembler: BlockAssembler,
  ) {
    const fields = Math.max(plan.timeIndex, ...plan.columns) + 2;
    this.starts = new Int32Array(fields);
    this.ends = new Int32Array(fields);
  }

  /** A row papaparse made; true when the block is full. */
  row(row: string[]): boolean {
    this.line++;
    if (this.line === 1 || isBlankRow(row)) return false;
    const { columns, names, timeIndex } = this.plan;
    const { assembler } = this;
    const k = assembler.filled;
    assembler.time[k] = timeIndex >= 0 ? this.time(row[timeIndex] ?? "") : this.samples / this.plan.rate;
    this.samples++;
    for (let c = 0; c < columns.length; c++)
      (assembler.channels[c] as Float64Array)[k] = this.cell(row[columns[c]!] ?? "", names[c]!);
    return assembler.advance();
  }

  /** The line [from, to) of quote-free text split at `delimiter` (a char code); true when the block is full. */
  plainLine(text: string, from: number, to: number, delimiter: number): boolean {
    this.line++;
    if (this.line === 1) return false;
    const found = splitPlainLine(text, from, to, delimiter, this.starts, this.ends);
    if (found === 1 && text.slice(from, to).trim() === "") return false;
    const { columns, names, timeIndex } = this.plan;
    const { assembler } = this;
    const k = assembler.filled;
    if (timeIndex >= 0) {
      const plain = this.plainAt(text, timeIndex, found);
      assembler.time[k] = Number.isNaN(plain)
        ? this.time(this.field(text, timeIndex, found))
        : this.timeCells.ofNumber(plain);
    } else assembler.time[k] = this.samples / this.plan.rate;
    this.samples++;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      const plain = this.plainAt(text, column, found);
      (assembler.channels[c] as Float64Array)[k] = Number.isNaN(plain)
        ? this.cell(this.field(text, column, found), names[c]!)
        : plain;
    }
    return assembler.advance();
  }

  /** Field `index` of the split line read as a plain decimal; NaN when absent or not plain (Number() decides). */
  private plainAt(text: string, index: number, found: number): number {
    return index < found ? plainDecimal(text, this.starts[index]!, this.ends[index]!) : Number.NaN;
  }

  private field(text: string, index: number, found: number): string {
    return index < found ? text.slice(this.starts[index], this.ends[index]) : "";
  }

  private time(text: string): number {
    const t = this.timeCells.seconds(text);
    if (Number.isNaN(t))
      throw new RecordingError(
        `${this.plan.path} line ${this.line}: time ${JSON.stringify(text)} is not seconds or an ISO time`,
      );
    return t;
  }

  private cell(text: string, name: string): number {
    const value = Number(text);
    // Number() reads a blank cell as 0: only then is it worth looking for one (a missing value, NaN).
    if (value === 0 && text.trim() === "") return Number.NaN;
    if (!Number.isFinite(value))
      throw new RecordingError(
        `${this.plan.path} line ${this.line}: ${name} is ${JSON.stringify(text)}, not a number`,
      );
    return value;
  }
}
