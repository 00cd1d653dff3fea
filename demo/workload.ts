/** The demo's batch of samples: seeded, each with its own id, and the ground truth kept for scoring. */

import { profileSample } from "../lib/anomaly/sample.ts";
import { sha3Hex } from "../lib/colonies-sdk/crypto.ts";
import { type IndexRange, labelRanges } from "../lib/label-ranges.ts";
import { type ProfileName, type Sample, Xoshiro128 } from "../lib/signal/index.ts";

export interface DemoSample {
  tsId: string;
  sample: Sample;
  /** Ground truth: the sample has at least one injected drop (with a profile: event). */
  hasDrop: boolean;
  drops: IndexRange[];
}

export interface WorkloadOptions {
  count: number;
  seed: number;
  anomalyProbability: number;
  /** Waveform and event shapes (default: the tutorial's clean sine with 80 % drops). */
  profile?: ProfileName;
  /** Makes the ids of this run unique (the store replaces a series PUT again under the same id). */
  runId: string;
}

/** Sample i is generated from the i-th draw of a PRNG seeded with `seed`, so a seed fixes the whole batch. */
export function makeWorkload(options: WorkloadOptions): DemoSample[] {
  const { count, seed, anomalyProbability, runId, profile = "tutorial" } = options;
  const seeds = new Xoshiro128(seed);
  const batch: DemoSample[] = [];
  for (let i = 0; i < count; i++) {
    const sample = profileSample(profile, anomalyProbability, seeds.nextUint32());
    batch.push({
      tsId: sha3Hex(`demo:${runId}:${seed}:${i}`),
      sample,
      hasDrop: sample.anomalyStarts.length > 0,
      drops: labelRanges(sample.labels),
    });
  }
  return batch;
}

/** The label file the dashboard reads to shade the injected drops. */
export function labelFile(batch: readonly DemoSample[]): Record<string, IndexRange[]> {
  return Object.fromEntries(batch.map((item) => [item.tsId, item.drops]));
}
