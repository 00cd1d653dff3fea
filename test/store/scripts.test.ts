import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { tutorialSample } from "../../lib/anomaly/sample.ts";
import { loadModel } from "../../lib/model-file.ts";
import { pythonFloatString } from "../../lib/signal/index.ts";
import { pointValues, sampleToPoints } from "../../lib/timeseries/samples.ts";
import { runScript } from "../support/child.ts";
import { startTestStore, type TestStore, tempDir } from "../support/store.ts";

let store: TestStore;
const dir = tempDir("store-scripts-");
/** Absent on purpose: the detector falls back to the tutorial's threshold with a warning. */
const missingModel = join(dir.path, "model.json");

beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

async function run(script: string, args: string[]) {
  const env = { ...process.env, MODEL_PATH: missingModel } as Record<string, string>;
  const { exitCode, stdout, stderr } = await runScript(join("scripts", script), args, env);
  return { stdout, stderr, code: exitCode };
}

/** The sample upload_sample_test.ts stores for a given --seed. */
const uploadedSample = (seed: number) => tutorialSample(0.001, seed);

describe("scripts/upload_sample_test.ts", () => {
  test("prints the injected anomalies, stores the sample as 1234 and says so", async () => {
    const { stdout, code } = await run("upload_sample_test.ts", ["--db", store.url, "--seed", "7"]);
    expect(code).toBe(0);
    const expected = uploadedSample(7);
    const lines = [
      ...expected.anomalyStarts.map((i) => `Anomaly detected at index: ${i}`),
      "Sample waveform stored successfully.",
    ];
    expect(stdout).toBe(`${lines.join("\n")}\n`);
    const stored = await store.client.get("1234");
    expect(stored.data).toEqual(sampleToPoints(expected));
    expect(stored.data[1]!.time).toBe("0.001");
    expect(stored.data[0]!.time).toBe("0.0");
    expect(stored.anomaly).toBe(false);
    expect(stored.process_id).toBe("");
  });

  test("--id picks the series id", async () => {
    const { code } = await run("upload_sample_test.ts", [
      "--db",
      store.url,
      "--id",
      "other-1",
      "--seed",
      "3",
    ]);
    expect(code).toBe(0);
    expect((await store.client.get("other-1")).points).toBe(1000);
  });

  test("an unreachable store is one line on stderr and exit 1", async () => {
    const { stdout, stderr, code } = await run("upload_sample_test.ts", [
      "--db",
      "http://127.0.0.1:9",
      "--seed",
      "1",
    ]);
    expect(code).toBe(1);
    expect(stdout).not.toContain("stored successfully");
    expect(stderr).toStartWith("error: Cannot reach the time-series store at http://127.0.0.1:9");
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  test("--help prints usage; an unknown flag fails", async () => {
    const help = await run("upload_sample_test.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--db URL");
    const bad = await run("upload_sample_test.ts", ["--bogus"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown flag --bogus");
  });
});

describe("scripts/anomaly_detector_backend_test.ts", () => {
  test("detects with the model, prints the KL divergence and records the verdict", async () => {
    const { stdout, stderr, code } = await run("anomaly_detector_backend_test.ts", ["--db", store.url]);
    expect(code).toBe(0);
    expect(stderr).toContain("model.json not found");
    const { detector } = await loadModel(missingModel);
    const stored = await store.client.get("1234");
    const verdict = detector.detect(pointValues(stored.data));
    const kl = pythonFloatString(verdict.klDivergence ?? Number.NaN);
    const first = verdict.anomaly
      ? `Anomaly detected! KL Divergence: ${kl}`
      : `No anomaly detected. KL Divergence: ${kl}`;
    const flag = verdict.anomaly ? "True" : "False";
    expect(stdout).toBe(
      `${first}\nDatabase updated successfully. Timeseries ID: 1234, Anomaly: ${flag}, Process ID: 5678\n`,
    );
    expect(stored.anomaly).toBe(verdict.anomaly);
    expect(stored.process_id).toBe("5678");
    expect(stored.kl_divergence).toBe(verdict.klDivergence);
  });

  test("a sample without anomalies is reported as normal", async () => {
    const normal = {
      ts_id: "calm",
      process_id: "",
      data: sampleToPoints({ ...uploadedSample(1), anomaly: uploadedSample(1).normal }),
    };
    await store.client.put(normal);
    const { stdout, code } = await run("anomaly_detector_backend_test.ts", [
      "--db",
      store.url,
      "--id",
      "calm",
      "--process-id",
      "p-9",
    ]);
    expect(code).toBe(0);
    expect(stdout).toStartWith("No anomaly detected. KL Divergence: ");
    expect(stdout).toEndWith(
      "Database updated successfully. Timeseries ID: calm, Anomaly: False, Process ID: p-9\n",
    );
    const stored = await store.client.get("calm");
    expect(stored.anomaly).toBe(false);
    expect(stored.process_id).toBe("p-9");
  });

  test("an unknown series prints the tutorial's failure line and exits 1", async () => {
    const { stdout, code } = await run("anomaly_detector_backend_test.ts", [
      "--db",
      store.url,
      "--id",
      "missing",
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe("Failed to fetch time series. Status code: 404\n");
  });
});
