import Papa from "papaparse";
import { SignalError } from "./errors.ts";
import type { SampleBlock } from "./generate.ts";
import { pythonFloatString } from "./python-float.ts";

/** The tutorial's dataset.csv header (pandas `to_csv(index=False)`). */
export const DATASET_HEADER = "time,normal_wave,anomaly_wave,is_anomaly";

/** CSV rows for a block, formatted like pandas: floats as Python repr (`0.0`, `1e-05`), labels as 0/1. */
export function formatDatasetRows(block: SampleBlock): string {
  const { time, normal, anomaly, labels, length } = block;
  let text = "";
  for (let i = 0; i < length; i++) {
    const normalText = pythonFloatString(normal[i]!);
    // Outside anomalies the two waves are equal: format once.
    const anomalyText = labels[i] ? pythonFloatString(anomaly[i]!) : normalText;
    text += `${pythonFloatString(time[i]!)},${normalText},${anomalyText},${labels[i]}\n`;
  }
  return text;
}

export interface DatasetColumns {
  time: Float64Array;
  normal: Float64Array;
  anomaly: Float64Array;
  labels: Uint8Array;
}

/** Thrown for a dataset that cannot be read; the message says where and what. */
export class DatasetError extends SignalError {
  override name = "DatasetError";
}

const REQUIRED = ["normal_wave", "anomaly_wave", "is_anomaly"] as const;

/** A CSV cell as a finite number, or a DatasetError naming the source, line and column. */
export function finiteCell(raw: string | undefined, line: number, name: string, source: string): number {
  const value = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) {
    throw new DatasetError(
      `${source} line ${line}: ${name} is ${JSON.stringify(raw ?? "")}, not a finite number`,
    );
  }
  return value;
}

/** Parses dataset.csv text (papaparse); every value must be a finite number and is_anomaly 0 or 1. */
export function parseDatasetCsv(text: string, source = "dataset"): DatasetColumns {
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  const e = parsed.errors[0];
  if (e) {
    throw new DatasetError(`${source}: CSV error at row ${(e.row ?? 0) + 1}: ${e.message}`);
  }
  const [header, ...rows] = parsed.data;
  if (!header) throw new DatasetError(`${source} is empty; generate it with bun scripts/gen_dataset.ts`);
  const column = (name: string) => header.indexOf(name);
  const missing = REQUIRED.filter((name) => column(name) < 0);
  if (missing.length > 0) {
    throw new DatasetError(
      `${source}: missing column(s) ${missing.join(", ")}; expected header "${DATASET_HEADER}"`,
    );
  }
  const n = rows.length;
  const out: DatasetColumns = {
    time: new Float64Array(n),
    normal: new Float64Array(n),
    anomaly: new Float64Array(n),
    labels: new Uint8Array(n),
  };
  const timeCol = column("time");
  const normalCol = column("normal_wave");
  const anomalyCol = column("anomaly_wave");
  const labelCol = column("is_anomaly");
  const number = (row: string[], col: number, line: number, name: string): number =>
    finiteCell(row[col], line, name, source);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const line = i + 2;
    if (timeCol >= 0) out.time[i] = number(row, timeCol, line, "time");
    out.normal[i] = number(row, normalCol, line, "normal_wave");
    out.anomaly[i] = number(row, anomalyCol, line, "anomaly_wave");
    const label = number(row, labelCol, line, "is_anomaly");
    if (label !== 0 && label !== 1)
      throw new DatasetError(`${source} line ${line}: is_anomaly must be 0 or 1, got ${label}`);
    out.labels[i] = label;
  }
  return out;
}
