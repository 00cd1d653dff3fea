/** Samples as submit.py makes them: one second at 1000 Hz, a fresh 64-hex id each, stored in the store. */
import { generateSample, type Sample, Xoshiro128 } from "../signal/index.ts";
import { sampleToPoints, type TimeSeriesClient } from "../timeseries/index.ts";

/** The tutorial's submit.py sample: 1 s, 1000 Hz, 50 Hz, 230 V, 100-sample drops to 20 %. */
export function tutorialSample(anomalyProbability: number, seed?: number): Sample {
  return generateSample({
    duration: 1,
    samplingRate: 1000,
    frequency: 50,
    amplitude: 230,
    anomalyProbability,
    anomalyDuration: 100,
    anomalyDrop: 0.2,
    seed,
  });
}

/** Seeds for `count` samples: drawn from one PRNG when `seed` is given (a seed fixes the batch), else random. */
export function sampleSeeds(count: number, seed?: number): (number | undefined)[] {
  if (seed === undefined) return Array.from({ length: count }, () => undefined);
  const prng = new Xoshiro128(seed);
  return Array.from({ length: count }, () => prng.nextUint32());
}

/** A random series id: 32 bytes as 64 hex characters (submit.py's os.urandom(32).hex()). */
export function newSeriesId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
}

export function storeSample(store: TimeSeriesClient, tsId: string, sample: Sample) {
  return store.put({ ts_id: tsId, process_id: "", data: sampleToPoints(sample), anomaly: false });
}
