/** Samples as submit.py makes them: one second at 1000 Hz, a fresh 64-hex id each, stored in the store. */
import {
  generateSample,
  type ProfileName,
  profileOptions,
  type Sample,
  withEventRate,
  Xoshiro128,
} from "../signal/index.ts";
import { sampleToPoints, type TimeSeriesClient } from "../timeseries/index.ts";

/** The tutorial's submit.py sample: 1 s, 1000 Hz, 50 Hz, 230 V, 100-sample drops to 20 %. */
export function tutorialSample(anomalyProbability: number, seed?: number): Sample {
  return profileSample("tutorial", anomalyProbability, seed);
}

/**
 * A one-second 1000 Hz sample with a profile's waveform and event shapes. `eventProbability` is the chance per
 * row that an event starts; the profile's own rates (tuned for 100 s datasets) only set the mix of dips, swells
 * and interruptions. The "tutorial" profile gives submit.py's sample exactly.
 */
export function profileSample(profile: ProfileName, eventProbability: number, seed?: number): Sample {
  return generateSample({
    anomalyDuration: 100,
    anomalyDrop: 0.2,
    ...withEventRate(profileOptions(profile), eventProbability),
    duration: 1,
    samplingRate: 1000,
    frequency: 50,
    amplitude: 230,
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
