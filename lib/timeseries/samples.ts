/** Turns a generated sample into store points, as the tutorial's scripts upload it. */
import { pythonFloatString, type Sample } from "../signal/index.ts";
import type { TimePoint } from "./types.ts";

/** Time as Python's `str(float)` (the tutorial sends `str(row['time'])`), value from the anomaly wave. */
export function sampleToPoints(sample: Pick<Sample, "time" | "anomaly">): TimePoint[] {
  const points = new Array<TimePoint>(sample.time.length);
  for (let i = 0; i < sample.time.length; i++) {
    points[i] = { time: pythonFloatString(sample.time[i]!), value: sample.anomaly[i]! };
  }
  return points;
}

/** The values of stored points, for the detector. */
export function pointValues(points: readonly TimePoint[]): Float64Array {
  const values = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) values[i] = points[i]!.value;
  return values;
}
