import { describe, expect, test } from "bun:test";
import Papa from "papaparse";
import { isPlainCsvText, plainDecimal } from "../../../lib/recording/csv-plain.ts";
import { openRecording } from "../../../lib/recording/open.ts";
import type { OpenOptions, SampleBlock } from "../../../lib/recording/types.ts";

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const EDGE_CELLS = [
  "0",
  "-0",
  "+0",
  "-0.0",
  "1",
  "+1",
  "-1",
  "+1.5",
  "1.",
  ".5",
  "-.5",
  "+.5",
  "007",
  "00.10",
  "1e3",
  "-1.5E-3",
  "1e+2",
  "2.5e-300",
  " 2",
  "2 ",
  " -3.25 ",
  "\t4",
  "",
  " ",
  "0x10",
  "0b11",
  "123456789012345",
  "1234567890123456",
  "12345678901234567890",
  "0.1234567890123456789",
  "1.0000000000000002",
  "9007199254740993",
  "-999999999999999.9",
  "0.000000000000001",
  "100.51",
] as const;

function randomDecimal(next: () => number): string {
  const digits = 1 + Math.floor(next() * 19);
  let text = "";
  for (let i = 0; i < digits; i++) text += String(Math.floor(next() * 10));
  const point = Math.floor(next() * (digits + 2)) - 1;
  if (point >= 0 && point <= digits) text = `${text.slice(0, point)}.${text.slice(point)}`;
  const sign = next();
  return sign < 0.3 ? `-${text}` : sign < 0.4 ? `+${text}` : text;
}

/** What the papaparse path gives for a whole text: each row's cells read by Number(), blanks as NaN. */
function referenceColumns(text: string, columns: number): number[][] {
  const rows = Papa.parse<string[]>(text, { delimiter: "," }).data.slice(1);
  const values: number[][] = Array.from({ length: columns }, () => []);
  for (const row of rows) {
    if (row.length === 1 && (row[0] ?? "").trim() === "") continue;
    for (let c = 0; c < columns; c++) {
      const cell = row[c] ?? "";
      values[c]?.push(cell.trim() === "" ? Number.NaN : Number(cell));
    }
  }
  return values;
}

async function readColumns(text: string, options: OpenOptions, chunk: number): Promise<number[][]> {
  const bytes = new TextEncoder().encode(text);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const recording = await openRecording("plain.csv", { ...options, bytes: chunks(), blockSize: 97 });
  const blocks: SampleBlock[] = [];
  for await (const block of recording.blocks()) blocks.push(block);
  const columns = [blocks.flatMap((b) => Array.from(b.time))];
  for (let c = 0; c < recording.info.channels.length; c++)
    columns.push(blocks.flatMap((b) => Array.from(b.channels[c] ?? [])));
  return columns;
}

/** Object.is tells -0 from 0 and NaN from NaN, so the values must be the same doubles. */
function expectSameDoubles(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  const differing = actual.flatMap((v, i) => (Object.is(v, expected[i]) ? [] : [[i, v, expected[i]]]));
  expect(differing).toEqual([]);
}

describe("plain CSV fast path", () => {
  test("plainDecimal reads what Number() reads, or NaN to hand the text to Number()", () => {
    const next = random(15);
    const cells = [...EDGE_CELLS, ...Array.from({ length: 20000 }, () => randomDecimal(next))];
    let fast = 0;
    for (const cell of cells) {
      const value = plainDecimal(cell, 0, cell.length);
      if (Number.isNaN(value)) continue;
      fast++;
      if (!Object.is(value, Number(cell)))
        throw new Error(`${JSON.stringify(cell)}: ${value} != ${Number(cell)}`);
    }
    // Most short decimals take the fast path; exponents, blanks, hex and long digits do not.
    expect(fast).toBeGreaterThan(cells.length / 2);
    for (const cell of ["1e3", " 2", "", "0x10", "1234567890123456", "-", ".", "1.2.3", "Infinity"])
      expect(plainDecimal(cell, 0, cell.length)).toBeNaN();
  });

  test("only quote-free text with one line ending throughout is plain", () => {
    expect(isPlainCsvText("t,v\n1,2\n3,4")).toBe(true);
    expect(isPlainCsvText("t,v\r\n1,2\r\n3,4")).toBe(true);
    expect(isPlainCsvText('"t",v\n1,2')).toBe(false);
    expect(isPlainCsvText("t,v\r\n1,2\n3,4")).toBe(false);
    expect(isPlainCsvText("t,v\r1,2\r3,4")).toBe(false);
    expect(isPlainCsvText("t,v\n1,2\r,3\n")).toBe(false);
  });

  test("random and edge-case cells, with and without a time column, LF and CRLF, any chunking: papaparse's values", async () => {
    const next = random(24);
    const cells = EDGE_CELLS.filter((c) => !c.startsWith("0x") && !c.startsWith("0b"));
    const pick = () =>
      next() < 0.3 ? (cells[Math.floor(next() * cells.length)] ?? "") : randomDecimal(next);
    const lines = ["t,a,b"];
    for (let i = 0; i < 3000; i++) {
      const time = (i / 1000).toFixed(next() < 0.5 ? 3 : 6);
      const shape = next();
      if (shape < 0.02) lines.push("");
      else if (shape < 0.04) lines.push(`${time},${pick()}`);
      else if (shape < 0.06) lines.push(`${time},${pick()},${pick()},extra`);
      else lines.push(`${time},${pick()},${pick()}`);
    }
    const lf = `${lines.join("\n")}\n`;
    const expected = referenceColumns(lf, 3);
    const [t0 = 0] = expected[0] ?? [];
    const expectedTimes = (expected[0] ?? []).map((t) => t - t0);
    for (const text of [lf, lf.replaceAll("\n", "\r\n")])
      for (const chunk of [7, 4096, 1 << 20]) {
        const [time = [], a = [], b = []] = await readColumns(text, { timeColumn: "t" }, chunk);
        expectSameDoubles(time, expectedTimes);
        expectSameDoubles(a, expected[1] ?? []);
        expectSameDoubles(b, expected[2] ?? []);
        const [, ...byRate] = await readColumns(text, { rate: 1000, channels: ["b"] }, chunk);
        expectSameDoubles(byRate[0] ?? [], expected[2] ?? []);
      }
  });

  test("a quote in a chunk sends that chunk to papaparse; the values do not change", async () => {
    const text = 't,v\n0,1.5\n0.001,"2.25"\n0.002,-3\n0.003,1e2\n';
    const [time, v] = await readColumns(text, { timeColumn: "t" }, 12);
    expect(time).toEqual([0, 0.001, 0.002, 0.003]);
    expect(v).toEqual([1.5, 2.25, -3, 100]);
  });

  test("the same errors as the papaparse path: a bad cell, a bad time, with their line numbers", async () => {
    await expect(readColumns("t,v\n0,1\n\n0.001,oops\n", { timeColumn: "t" }, 64)).rejects.toThrow(
      'plain.csv line 4: v is "oops", not a number',
    );
    await expect(readColumns("t,v\r\n0,1\r\n0.001,2\r\nnoon,3\r\n", { timeColumn: "t" }, 5)).rejects.toThrow(
      'plain.csv line 4: time "noon" is not seconds or an ISO time',
    );
    await expect(readColumns("t,v\n0,1\n0.001,2\n,3\n", { timeColumn: "t" }, 64)).rejects.toThrow(
      'plain.csv line 4: time "" is not seconds or an ISO time',
    );
    await expect(readColumns("t,v\n0,1\n0.001,Infinity\n", { timeColumn: "t" }, 64)).rejects.toThrow(
      'plain.csv line 3: v is "Infinity", not a number',
    );
  });

  test("the dataset's format: ISO time strings in a plain file", async () => {
    const text =
      "time,normal_wave,anomaly_wave,is_anomaly\n" +
      "2026-01-05T10:00:00.000000,0.5,0.25,0\n2026-01-05T10:00:00.001000,-0.5,4.75,1\n" +
      "2026-01-05T10:00:00.002000,1e-3,-2,0\n";
    const [time = [], anomaly] = await readColumns(text, {}, 9);
    expect(anomaly).toEqual([0.25, 4.75, -2]);
    expect(time[1]).toBeCloseTo(0.001, 12);
    expect(time[2]).toBeCloseTo(0.002, 12);
  });
});
