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
  const fail = (message: string): never => {
    throw new RecordingError(`${name} line ${line}: ${message}`);
  };
  const raw = (i: number): number => {
    const text = fields[2 + i] ?? "";
    if (text.trim() === "") return Number.NaN;
    const value = Number(text);
    if (!Number.isFinite(value))
      fail(`analog channel ${cfg.analog[i]?.name ?? i + 1} is ${JSON.stringify(text)}, not a number`);
    return value;
  };
  const handle = (text: string): boolean => {
    line++;
    let record = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (record.includes(SUB)) {
      padded = true;
      record = record.replaceAll(SUB, "");
    }
    if (record.trim() === "") return false;
    fields = record.split(",");
    if (fields.length !== expected)
      fail(
        `${fields.length} fields where the .cfg gives ${expected} (sample number, time stamp, ` +
          `${analogCount} analog, ${cfg.status.length} status)`,
      );
    const stampText = (fields[1] ?? "").trim();
    const stamp = stampText === "" ? Number.NaN : Number(stampText);
    if (stampText !== "" && !Number.isFinite(stamp))
      fail(`time stamp ${JSON.stringify(stampText)} is not a number`);
    for (let i = 0; i < analogCount; i++) raw(i);
    for (let d = 2 + analogCount; d < expected; d++) {
      const status = (fields[d] ?? "").trim();
      if (status !== "" && !Number.isFinite(Number(status)))
        fail(
          `status channel ${cfg.status[d - 2 - analogCount]?.name} is ${JSON.stringify(status)}, not a number`,
        );
    }
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
