/**
 * CSV recordings: the tutorial's dataset (`time,normal_wave,anomaly_wave,is_anomaly`, default channel
 * anomaly_wave) and any CSV with a time column (seconds or ISO date-times) or a given rate. Streamed.
 */
import Papa from "papaparse";
import { BlockAssembler } from "./block-assembler.ts";
import { ByteSource, fileChunks, lineFeeds } from "./byte-source.ts";
import { chooseChannels } from "./channels.ts";
import { completeLinesEnd, csvLineTexts, parseCsvRows } from "./csv-chunks.ts";
import { isPlainCsvText, nextLineStart, plainLineEnd } from "./csv-plain.ts";
import { CsvSampleRows } from "./csv-samples.ts";
import { parseIsoTime, TimeCells } from "./csv-time.ts";
import {
  type ChannelInfo,
  DEFAULT_BLOCK_SIZE,
  type OpenOptions,
  type Recording,
  RecordingError,
  type SampleBlock,
} from "./types.ts";

const TUTORIAL_COLUMNS = ["time", "normal_wave", "anomaly_wave", "is_anomaly"];
const TUTORIAL_CHANNEL = "anomaly_wave";
/** The header and first two rows must be within this many bytes. */
const MAX_HEAD_BYTES = 16 * 1024 * 1024;

export async function openCsvRecording(path: string, options: OpenOptions): Promise<Recording> {
  if (!options.bytes && !(await Bun.file(path).exists())) throw new RecordingError(`${path} not found`);
  const source = new ByteSource(options.bytes ?? fileChunks(path));
  const { header, first, delimiter } = await peekHeader(source, path);
  const isTutorial = TUTORIAL_COLUMNS.every((c) => header.includes(c));
  const timeName = options.timeColumn ?? (header.includes("time") ? "time" : undefined);
  const timeIndex = timeName === undefined ? -1 : header.indexOf(timeName);
  if (timeName !== undefined && timeIndex < 0)
    throw new RecordingError(
      `${path} has no time column "${timeName}"; its columns are: ${header.join(", ")}`,
    );
  if (timeIndex < 0 && options.rate === undefined)
    throw new RecordingError(
      `${path} has no "time" column: name the time column (--time-column NAME) or give the rate (--rate HZ); ` +
        `its columns are: ${header.join(", ")}`,
    );
  if (options.phases)
    throw new RecordingError(`${path}: a CSV has no phase field; choose columns by name (--channels)`);
  const available: ChannelInfo[] = header
    .filter((_, i) => i !== timeIndex)
    .map((name) => ({ name, phase: "", units: "V", quantity: "voltage" }));
  const chosen = chooseChannels(
    available,
    { channels: options.channels ?? (isTutorial ? [TUTORIAL_CHANNEL] : undefined) },
    path,
  );
  const channels = chosen.indexes.map((i) => available[i] as ChannelInfo);
  const columns = channels.map((c) => header.indexOf(c.name));
  const names = channels.map((c) => c.name);
  const peekTimes = new TimeCells();
  const firstTimes = timeIndex < 0 ? [] : first.map((row) => peekTimes.seconds(row[timeIndex] ?? ""));
  const rate = options.rate ?? rateFromTimes(firstTimes, path);
  const startTime = timeIndex < 0 ? null : (parseIsoTime(first[0]?.[timeIndex] ?? "")?.text ?? null);
  let read = false;
  return {
    info: {
      source: path,
      format: "csv",
      revision: null,
      fileType: null,
      station: "",
      device: "",
      lineFrequency: null,
      // A CSV declares no rates; samplingRate is the one given or read from the first two times.
      rates: [],
      samplingRate: rate,
      startTime,
      triggerTime: null,
      totalSamples: null,
      channels,
      valuesIn: "primary",
      warnings: chosen.warnings,
    },
    blocks() {
      if (read) throw new RecordingError(`${path}: the samples can be read once; open the recording again`);
      read = true;
      const plan = {
        path,
        delimiter,
        columns,
        names,
        timeIndex,
        rate,
        blockSize: options.blockSize ?? DEFAULT_BLOCK_SIZE,
        reuseBlocks: options.reuseBlocks ?? false,
      };
      return csvBlocks(plan, source);
    },
  };
}

/** The header and the first data rows (for the rate), from the start of the bytes, not consumed. */
async function peekHeader(source: ByteSource, path: string) {
  const head = await source.peekUntil((bytes) => lineFeeds(bytes, 3) >= 3, MAX_HEAD_BYTES);
  const text = new TextDecoder().decode(head);
  const end = source.atEnd ? text.length : completeLinesEnd(text) + 1;
  const parsed = Papa.parse<string[]>(text.slice(0, end), { skipEmptyLines: true });
  const [header, ...first] = parsed.data;
  if (!header) throw new RecordingError(`${path} is empty: expected a header line and rows`);
  return { header: header.map((h) => h.trim()), first: first.slice(0, 2), delimiter: parsed.meta.delimiter };
}

function rateFromTimes(times: number[], path: string): number {
  const [t0, t1] = times;
  if (t0 === undefined || t1 === undefined)
    throw new RecordingError(`${path}: fewer than two rows; give the rate (--rate HZ)`);
  if (!(Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0))
    throw new RecordingError(
      `${path} lines 2-3: times ${t0} and ${t1} do not give a rate; give it with --rate HZ`,
    );
  return 1 / (t1 - t0);
}

interface CsvPlan {
  path: string;
  delimiter: string;
  columns: number[];
  names: string[];
  timeIndex: number;
  rate: number;
  blockSize: number;
  reuseBlocks: boolean;
}

async function* csvBlocks(plan: CsvPlan, source: ByteSource): AsyncGenerator<SampleBlock> {
  const assembler = new BlockAssembler(plan.columns.length, plan.blockSize, [], plan.reuseBlocks);
  const rows = new CsvSampleRows(plan, assembler);
  const delimiter = plan.delimiter.length === 1 ? plan.delimiter.charCodeAt(0) : -1;
  for await (const text of csvLineTexts(source.chunks())) {
    if (delimiter >= 0 && text !== "" && isPlainCsvText(text)) {
      for (let from = 0; from <= text.length; ) {
        const end = plainLineEnd(text, from);
        if (rows.plainLine(text, from, end, delimiter)) {
          const block = assembler.take();
          if (block) yield block;
        }
        from = nextLineStart(text, end);
      }
      continue;
    }
    for (const row of parseCsvRows(text, plan.delimiter))
      if (rows.row(row)) {
        const block = assembler.take();
        if (block) yield block;
      }
  }
  const last = assembler.take();
  if (last) yield last;
}
