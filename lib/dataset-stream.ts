/**
 * Reads one column of a dataset CSV (and its time column, when there is one) block by block with papaparse's
 * streaming parser, so a file of any size is read in bounded memory. Every value must be a finite number.
 */
import { createReadStream, existsSync } from "node:fs";
import Papa from "papaparse";
import { DatasetError, finiteCell } from "./signal/index.ts";

export interface ColumnBlock {
  /** Row index (0 = first data row) of values[0]. */
  offset: number;
  values: Float64Array;
  /** The time column for the same rows, or null when the CSV has none. */
  time: Float64Array | null;
}

export interface StreamedColumn {
  rows: number;
  header: string[];
}

/**
 * Calls `onBlock` for each parsed chunk (the arrays are fresh per call). Errors (no file, empty file, unknown
 * column, a value that is not a finite number) reject with a DatasetError naming the line; an error thrown by
 * `onBlock` stops the parse and rejects with it.
 */
export function streamDatasetColumn(
  path: string,
  column: string,
  onBlock: (block: ColumnBlock) => void,
): Promise<StreamedColumn> {
  if (!existsSync(path)) return Promise.reject(new DatasetError(`${path} not found`));
  return new Promise((resolve, reject) => {
    let header: string[] | null = null;
    let valueCol = -1;
    let timeCol = -1;
    let rows = 0;
    let failed = false;
    const fail = (error: unknown, parser?: Papa.Parser) => {
      if (failed) return;
      failed = true;
      parser?.abort();
      reject(error);
    };
    Papa.parse<string[]>(createReadStream(path), {
      skipEmptyLines: true,
      chunk(results, parser) {
        if (failed) return;
        try {
          let data = results.data;
          if (!header) {
            if (data.length === 0) return;
            header = (data[0] ?? []).map((h) => h.trim());
            data = data.slice(1);
            valueCol = header.indexOf(column);
            timeCol = header.indexOf("time");
            if (valueCol < 0) {
              throw new DatasetError(
                `${path} has no column "${column}"; its columns are: ${header.join(", ")} (choose one with --column)`,
              );
            }
          }
          const values = new Float64Array(data.length);
          const time = timeCol >= 0 ? new Float64Array(data.length) : null;
          for (let k = 0; k < data.length; k++) {
            const row = data[k];
            const line = rows + k + 2;
            values[k] = finiteCell(row[valueCol], line, column, path);
            if (time) time[k] = finiteCell(row[timeCol], line, "time", path);
          }
          if (data.length > 0) onBlock({ offset: rows, values, time });
          rows += data.length;
        } catch (error) {
          fail(error, parser);
        }
      },
      complete() {
        if (failed) return;
        if (!header) fail(new DatasetError(`${path} is empty: expected a header line and rows`));
        else if (rows === 0) fail(new DatasetError(`${path} has a header but no data rows`));
        else resolve({ rows, header });
      },
      error(error: Error) {
        fail(new DatasetError(`${path}: ${error.message}`));
      },
    });
  });
}
