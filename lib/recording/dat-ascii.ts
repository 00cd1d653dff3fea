import type { Chunks } from "./byte-source.ts";
import type { DatPlan, RecordSink } from "./dat.ts";
import { RecordingError } from "./types.ts";

const SUB = "\x1a";

/**
 * ASCII .dat lines `n,timestamp,A1..Ak,D1..Dm` (CRLF or LF). An empty analog field is a missing value (NaN);
 * trailing SUB padding and blank lines are skipped. Yields each time the sink's block is full.
 */
export async function* readAsciiRecords(
  plan: DatPlan,
  chunks: Chunks,
  sink: RecordSink,
): AsyncGenerator<true> {
  const { cfg, name } = plan;
  const analogCount = cfg.analog.length;
  const expected = 2 + analogCount + cfg.status.length;
  const decoder = new TextDecoder();
  let carry = "";
  let line = 0;
  let padded = false;
  let fields: string[] = [];
  const values = new Float64Array(analogCount);
  const fail = (message: string): never => {
    throw new RecordingError(`${name} line ${line}: ${message}`);
  };
  /** A number field; blank is NaN (a missing value); anything else not a number fails naming `what`. */
  const numberAt = (index: number, what: () => string): number => {
    const text = fields[index] ?? "";
    const value = Number(text);
    // Number("") and Number("  ") are 0: only then is it worth looking for a blank field.
    if (value === 0 && text.trim() === "") return Number.NaN;
    if (!Number.isFinite(value)) fail(`${what()} is ${JSON.stringify(text.trim())}, not a number`);
    return value;
  };
  const raw = (i: number): number => values[i] as number;
  const handle = (text: string): boolean => {
    line++;
    let record = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (record.includes(SUB)) {
      padded = true;
      record = record.replaceAll(SUB, "");
    }
    if (record.length === 0 || record.trim() === "") return false;
    fields = record.split(",");
    if (fields.length !== expected)
      fail(
        `${fields.length} fields where the .cfg gives ${expected} (sample number, time stamp, ` +
          `${analogCount} analog, ${cfg.status.length} status)`,
      );
    const stamp = numberAt(1, () => "the time stamp");
    for (let i = 0; i < analogCount; i++)
      values[i] = numberAt(2 + i, () => `analog channel ${cfg.analog[i]?.name ?? i + 1}`);
    for (let d = 2 + analogCount; d < expected; d++)
      numberAt(d, () => `status channel ${cfg.status[d - 2 - analogCount]?.name}`);
    return sink.record(stamp, raw);
  };
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let newline = text.indexOf("\n"); newline >= 0; newline = text.indexOf("\n", from)) {
      const full = handle(text.slice(from, newline));
      from = newline + 1;
      if (full) yield true;
    }
    carry = text.slice(from);
  }
  carry += decoder.decode();
  if (carry !== "" && handle(carry)) yield true;
  if (padded) plan.warnings.push(`${name}: trailing SUB (0x1a) padding skipped`);
}
