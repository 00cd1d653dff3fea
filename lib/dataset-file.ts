import { closeSync, openSync, writeSync } from "node:fs";
import {
  DATASET_HEADER,
  type DatasetColumns,
  DatasetError,
  type EventKind,
  formatDatasetRows,
  parseDatasetCsv,
  type SampleOptions,
  SampleStream,
} from "./signal/index.ts";

export interface WrittenDataset {
  rows: number;
  /** Events of any kind injected. */
  anomalies: number;
  eventCounts: Readonly<Record<EventKind, number>>;
  seed: number;
  /** Row of the first injected anomaly, -1 when none. */
  firstAnomaly: number;
  options: SampleOptions;
}

const ROWS_PER_BLOCK = 8192;

/**
 * Streams a generated dataset to a CSV file block by block (memory stays bounded whatever the row count).
 * `onProgress` gets the rows written so far after each block.
 */
export function writeDatasetCsv(
  path: string,
  options: Partial<SampleOptions>,
  onProgress?: (rowsWritten: number, totalRows: number) => void,
): WrittenDataset {
  const stream = new SampleStream(options);
  let firstAnomaly = -1;
  const fd = openSync(path, "w");
  try {
    writeSync(fd, `${DATASET_HEADER}\n`);
    for (let block = stream.next(ROWS_PER_BLOCK); block; block = stream.next(ROWS_PER_BLOCK)) {
      writeSync(fd, formatDatasetRows(block));
      if (firstAnomaly < 0) firstAnomaly = block.anomalyStarts[0] ?? -1;
      onProgress?.(stream.produced, stream.rows);
    }
  } finally {
    closeSync(fd);
  }
  return {
    rows: stream.rows,
    anomalies: stream.anomalyCount,
    eventCounts: stream.eventCounts,
    seed: stream.seed,
    firstAnomaly,
    options: stream.options,
  };
}

/**
 * Whether `path` is (or, missing, is taken for) the tutorial's labelled dataset: not COMTRADE, and a header line
 * holding every column of DATASET_HEADER. Any other file is a recording without labels.
 */
export async function isLabelledDataset(path: string): Promise<boolean> {
  if (/\.(cfg|cff)$/i.test(path)) return false;
  const file = Bun.file(path);
  if (!(await file.exists())) return true;
  const [header = ""] = (await file.slice(0, 64 * 1024).text()).split("\n", 1);
  const columns = header.split(",").map((c) => c.trim());
  return DATASET_HEADER.split(",").every((c) => columns.includes(c));
}

/** Reads dataset.csv into columns; a missing file says how to create it. */
export async function readDatasetCsv(path: string): Promise<DatasetColumns> {
  const file = Bun.file(path);
  if (!(await file.exists())) {
    throw new DatasetError(`${path} not found; create it with: bun scripts/gen_dataset.ts --out ${path}`);
  }
  return parseDatasetCsv(await file.text(), path);
}
