/**
 * The executors with an RMS model.json: a series with a dip is marked anomalous with its events stored, the
 * process output and the log line name the events; the container's detector command does the same.
 * (The KL path is covered unchanged by test/scripts/submit-flow.test.ts and test/executor/container.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { anomalyFuncSpec, type SeriesResult } from "../../lib/anomaly/index.ts";
import { ProcessState } from "../../lib/colonies-sdk/index.ts";
import { type RunningScript, runScript, startExecutor } from "../support/child.ts";
import { waitClosed } from "../support/pipeline.ts";
import { mainsWithEvent, rmsTestModel } from "../support/rms.ts";
import { startStack, type TestStack } from "../support/stack.ts";

const modelDir = mkdtempSync(join(tmpdir(), "rms-model-"));
const modelPath = join(modelDir, "model.json");
let stack: TestStack;
let executor: RunningScript;

beforeAll(async () => {
  await Bun.write(modelPath, JSON.stringify(rmsTestModel));
  stack = await startStack({ modelPath });
  await stack.store.put(mainsWithEvent("with-dip", 0.21));
  await stack.store.put(mainsWithEvent("clean", 1));
  await stack.store.put(mainsWithEvent("with-swell", 1.18));
  ({ executor } = await startExecutor(stack.env));
});
afterAll(async () => {
  await executor.stop("SIGKILL");
  await stack.stop();
  rmSync(modelDir, { recursive: true, force: true });
});

describe("executor with an rms model.json", () => {
  let out: SeriesResult[] = [];
  let processId = "";

  test("one process over three series closes successful with events in its output", async () => {
    const submitted = await stack.colonies.submitFunctionSpec(
      anomalyFuncSpec({
        colonyname: stack.colonyname,
        db: stack.storeUrl,
        tsIds: ["with-dip", "clean", "with-swell"],
      }),
      stack.keys.user.prvkey,
    );
    processId = submitted.processid;
    const [process] = await waitClosed(stack, [processId]);
    expect(process!.state).toBe(ProcessState.Successful);
    out = process!.out as SeriesResult[];
    expect(out.map((r) => [r.ts_id, r.anomaly, r.kl_divergence])).toEqual([
      ["with-dip", true, null],
      ["clean", false, null],
      ["with-swell", true, null],
    ]);
    expect(Object.keys(out[0]!)).toEqual(["ts_id", "anomaly", "kl_divergence", "events"]);
    const [dip] = out[0]!.events!;
    expect(out[0]!.events).toHaveLength(1);
    expect(dip!.kind).toBe("dip");
    expect(dip!.start_s).toBeGreaterThan(0.55);
    expect(dip!.start_s).toBeLessThan(0.65);
    expect(dip!.end_s).toBeGreaterThan(0.95);
    expect(dip!.end_s).toBeLessThan(1.05);
    expect(dip!.residual_pct).toBeGreaterThan(19);
    expect(dip!.residual_pct).toBeLessThan(23);
    expect(dip!.cut).toBe(false);
    expect(out[1]!.events).toEqual([]);
    expect(out[2]!.events!.map((e) => e.kind)).toEqual(["swell"]);
  }, 30_000);

  test("the store holds the verdicts with their events; kl_divergence stays null", async () => {
    const withDip = await stack.store.get("with-dip");
    expect(withDip.anomaly).toBe(true);
    expect(withDip.process_id).toBe(processId);
    expect(withDip.kl_divergence).toBeNull();
    expect(withDip.events).toEqual(out[0]!.events);
    expect((await stack.store.get("clean")).events).toEqual([]);
    const dips = await stack.store.listAll({ eventKind: "dip" });
    expect(dips.map((s) => s.ts_id)).toEqual(["with-dip"]);
    const swells = await stack.store.listAll({ eventKind: "swell" });
    expect(swells.map((s) => [s.ts_id, s.event_count])).toEqual([["with-swell", 1]]);
  });

  test("the verdict lines name the events (log get, executor stdout)", async () => {
    const logs = await runScript("scripts/colonies.ts", ["log", "get", "-p", processId], stack.env);
    const verdicts = logs.stdout
      .split("\n")
      .filter((line) => /Anomaly detected!|No anomaly detected\./.test(line));
    expect(verdicts).toHaveLength(3);
    expect(verdicts[0]).toMatch(
      /^Anomaly detected! 1 dip to 2[0-2] % of 230\.0 V, time series ID: with-dip$/,
    );
    expect(verdicts[1]).toBe("No anomaly detected. time series ID: clean");
    expect(verdicts[2]).toMatch(
      /^Anomaly detected! 1 swell to 11[7-9] % of 230\.0 V, time series ID: with-swell$/,
    );
    expect(executor.stdout).toContain(verdicts[0]!);
  });
});

describe("the container's detector command with an rms model.json", () => {
  test("prints one JSON line per series with its events and records them", async () => {
    await stack.store.put(mainsWithEvent("container-dip", 0.5));
    const run = await runScript(
      "executor/detect.ts",
      ["--db", stack.storeUrl, "--process-id", "c".repeat(64), "container-dip"],
      {
        ...stack.env,
        MODEL_PATH: modelPath,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const line = JSON.parse(run.stdout.trim()) as SeriesResult;
    expect(line).toMatchObject({ ts_id: "container-dip", anomaly: true, kl_divergence: null });
    expect(line.events!.map((e) => e.kind)).toEqual(["dip"]);
    const stored = await stack.store.get("container-dip");
    expect(stored.events).toEqual(line.events);
    expect(stored.process_id).toBe("c".repeat(64));
  }, 30_000);
});
