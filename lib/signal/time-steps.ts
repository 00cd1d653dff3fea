import { DatasetError } from "./dataset-csv.ts";

/** Relative deviation of one time step from the expected one that is still "evenly spaced". */
export const STEP_TOLERANCE = 1e-3;

/**
 * Checks, block by block, that a time column advances by one sampling period at every row: the RMS detector
 * counts time in samples, so a gap or a repeated row would shift every later event. Rows are named by `rowName`
 * (default: CSV line numbers, the header being line 1).
 */
export class TimeStepChecker {
  private readonly step: number;
  private previous: number | undefined;

  constructor(
    samplingRate: number,
    private readonly source: string,
    private readonly rowName: (index: number) => string = (index) => `line ${index + 2}`,
  ) {
    this.step = 1 / samplingRate;
  }

  /** `time` holds rows `offset`, `offset + 1`, ... of the data. */
  check(time: ArrayLike<number>, offset: number): void {
    for (let i = 0; i < time.length; i++) {
      const now = time[i]!;
      if (
        this.previous !== undefined &&
        Math.abs(now - this.previous - this.step) > STEP_TOLERANCE * this.step
      ) {
        throw new DatasetError(
          `${this.source} ${this.rowName(offset + i)}: time goes from ${this.previous} to ${now}, not by one sample ` +
            `(${this.step} s at ${1 / this.step} Hz); the detector needs evenly spaced rows with none missing`,
        );
      }
      this.previous = now;
    }
  }
}
