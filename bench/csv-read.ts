/**
 * `bun bench/csv-read.ts [--rows N]`: CSV rows per second read into sample blocks, the fast path for plain lines
 * (what `openRecording` does) against the same chunks parsed by papaparse (the path quoted or unusual text
 * takes), on the first N rows of the day bench's `time,v` CSV (`bench/ingest.ts --layout day` writes it). Run by
 * hand; numbers go into the README.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { BlockAssembler } from "../lib/recording/block-assembler.ts";
import { fileChunks } from "../lib/recording/byte-source.ts";
import { csvLineTexts, parseCsvRows } from "../lib/recording/csv-chunks.ts";
import { CsvSampleRows } from "../lib/recording/csv-samples.ts";
import { openRecording } from "../lib/recording/open.ts";
import { DEFAULT_BLOCK_SIZE } from "../lib/recording/types.ts";
import { REPO_ROOT } from "../lib/stack/stack.ts";

const spec = defineCommand({
  usage: "bun bench/csv-read.ts",
  summary: "Measure CSV rows/s into sample blocks: the plain-line fast path against papaparse.",
  flags: {
    rows: {
      type: "integer",
      default: 5_000_000,
      description: "rows to read from the start of the file",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    file: {
      type: "string",
      default: join(REPO_ROOT, "data", "bench-ingest", "day-24h.csv"),
      description: "a CSV with a header and a numeric `time` column",
    },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  if (!existsSync(flags.file))
    throw new Error(`${flags.file} not found: run bun bench/ingest.ts --layout day`);
  for (let round = 0; round < 2; round++) {
    console.log(`fast path: ${rate(flags.rows, await fastPath(flags.file, flags.rows))}`);
    console.log(`papaparse: ${rate(flags.rows, await papaparsePath(flags.file, flags.rows))}`);
  }
});

function rate(rows: number, seconds: number): string {
  return `${(rows / seconds / 1e6).toFixed(2)} M rows/s (${seconds.toFixed(2)} s for ${rows} rows)`;
}

async function fastPath(file: string, rows: number): Promise<number> {
  const started = performance.now();
  const recording = await openRecording(file, { timeColumn: "time", reuseBlocks: true });
  let read = 0;
  for await (const block of recording.blocks()) {
    read += block.time.length;
    if (read >= rows) break;
  }
  return (performance.now() - started) / 1000;
}

async function papaparsePath(file: string, rows: number): Promise<number> {
  const started = performance.now();
  const assembler = new BlockAssembler(1, DEFAULT_BLOCK_SIZE, [], true);
  const sink = new CsvSampleRows(
    { path: file, columns: [1], names: ["v"], timeIndex: 0, rate: 1000 },
    assembler,
  );
  let read = 0;
  outer: for await (const text of csvLineTexts(fileChunks(file)))
    for (const row of parseCsvRows(text, ","))
      if (sink.row(row)) {
        read += assembler.take()?.time.length ?? 0;
        if (read >= rows) break outer;
      }
  return (performance.now() - started) / 1000;
}
