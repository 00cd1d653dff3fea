import { describe, expect, test } from "bun:test";
import { tutorialSample } from "../../../lib/anomaly/sample.ts";
import { DATASET_HEADER, formatDatasetRows, SampleStream } from "../../../lib/signal/index.ts";

/** SHA-256 of the CSV gen_dataset.ts writes for these options (header + rows, 8192-row blocks). */
function csvHash(options: ConstructorParameters<typeof SampleStream>[0]): string {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(`${DATASET_HEADER}\n`);
  const stream = new SampleStream(options);
  for (let block = stream.next(8192); block; block = stream.next(8192))
    hasher.update(formatDatasetRows(block));
  return hasher.digest("hex");
}

// Hashes computed from main at 74d0fff, before the realistic-mains options existed: the tutorial's defaults
// must keep giving exactly these bytes.
describe("tutorial output is byte-for-byte unchanged", () => {
  test("gen_dataset.ts defaults, seed 7 (10^5 rows)", () => {
    expect(csvHash({ seed: 7 })).toBe("20fb491661edeb6135cf5e15032fbe19bf6d303d696f89ead6909953233ed25a");
  });

  test("20 s at probability 0.001, seed 123", () => {
    expect(csvHash({ duration: 20, seed: 123, anomalyProbability: 0.001 })).toBe(
      "8e6fd9e8ba03b3cfe08174c1caa98ed5ad65fc4ffc3b490450803a0e5a321fe3",
    );
  });

  test("submit.py's one-second sample, seed 5", () => {
    const sample = tutorialSample(0.001, 5);
    const hasher = new Bun.CryptoHasher("sha256");
    hasher.update(new Uint8Array(sample.anomaly.buffer));
    hasher.update(sample.labels);
    expect(hasher.digest("hex")).toBe("c09878c5c09a92af6e7994d7df232e9b8e8304db5439164d9c6e2f3385100129");
    expect(sample.anomalyStarts).toEqual([443]);
  });
});
