/** `gen_dataset.ts --format comtrade`: the generated phases streamed into a COMTRADE file. */
import { type EventKind, rangeBounds, type SampleOptions } from "../signal/index.ts";
import { ComtradeWriter } from "./comtrade-write.ts";
import { type PolyphaseOptions, PolyphaseSampleStream } from "./polyphase-sample.ts";
import type { ComtradeFileType } from "./types.ts";

export interface GeneratedFormat {
  revision: 1999 | 2013;
  fileType: ComtradeFileType;
  station?: string;
  /** ISO 8601 without a zone (default 2026-01-05T10:00:00.000000). */
  startTime?: string;
  triggerTime?: string;
  device?: string;
}

/** What was written; the fields the CSV writer's WrittenDataset has keep its names (the script reports both). */
export interface WrittenComtrade {
  files: string[];
  phases: string[];
  rows: number;
  /** Random events started, and by kind. */
  anomalies: number;
  eventCounts: Readonly<Record<EventKind, number>>;
  /** Row of the first random event, -1 when none. */
  firstAnomaly: number;
  seed: number;
  options: SampleOptions;
}

const ROWS_PER_BLOCK = 8192;
const DEFAULT_START = "2026-01-05T10:00:00.000000";
/** Gaussian noise beyond this many sigmas is clipped (about 1 sample in 10^9). */
const NOISE_SIGMAS = 6;

/** The largest |value| the options can produce: the integer types are scaled to it. */
export function generatedFullScale(options: SampleOptions, polyphase: PolyphaseOptions): number {
  const harmonics = options.harmonics.reduce((sum, h) => sum + h.pct / 100, 0);
  const factors = [1, ...(polyphase.placed ?? []).map((e) => e.factor)];
  if (options.swellProbability > 0) factors.push(rangeBounds(options.swellRise)[1]);
  const peak = options.amplitude * Math.SQRT2 * (1 + options.amplitudeWander / 100) * (1 + harmonics);
  const noise = (NOISE_SIGMAS * options.amplitude * options.noisePct) / 100;
  return Math.max(...factors) * (peak + noise) || 1;
}

export function writeGeneratedComtrade(
  path: string,
  sample: Partial<SampleOptions>,
  polyphase: PolyphaseOptions,
  format: GeneratedFormat,
  onProgress?: (rowsWritten: number, totalRows: number) => void,
): WrittenComtrade {
  const stream = new PolyphaseSampleStream(sample, polyphase);
  const fullScale = generatedFullScale(stream.options, polyphase);
  const writer = new ComtradeWriter(path, {
    revision: format.revision,
    fileType: format.fileType,
    station: format.station ?? "Generated",
    device: format.device ?? "gen_dataset",
    lineFrequency: stream.options.frequency,
    samplingRate: stream.options.samplingRate,
    totalSamples: stream.rows,
    startTime: format.startTime ?? DEFAULT_START,
    triggerTime: format.triggerTime,
    channels: stream.phases.map((phase) => ({ name: `U${phase}`, phase, fullScale })),
  });
  let firstAnomaly = -1;
  try {
    for (let block = stream.next(ROWS_PER_BLOCK); block; block = stream.next(ROWS_PER_BLOCK)) {
      writer.write(block.channels);
      if (firstAnomaly < 0 && block.events.length > 0) firstAnomaly = block.events[0]?.start ?? -1;
      onProgress?.(stream.progress().rows, stream.rows);
    }
  } catch (error) {
    writer.abort();
    throw error;
  }
  writer.close();
  const { started, counts } = stream.progress();
  const { options, phases, rows } = stream;
  return {
    files: writer.files,
    phases,
    rows,
    anomalies: started,
    eventCounts: counts,
    firstAnomaly,
    seed: options.seed,
    options,
  };
}
