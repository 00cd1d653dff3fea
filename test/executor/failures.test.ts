/**
 * Explicit failures: a process the executor cannot do is closed failed with the reason (the tutorial
 * swallows the exception and leaves it running). Also: processes without kwargs.db (generator batches)
 * use the executor's own store URL, and several series in one process give one output entry each.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { anomalyFuncSpec } from "../../lib/anomaly/index.ts";
import { type FunctionSpec, funcSpec, ProcessState } from "../../lib/colonies-sdk/index.ts";
import { type RunningScript, runScript, startExecutor, waitUntil } from "../support/child.ts";
import { submitSamples, waitClosed } from "../support/pipeline.ts";
import { startStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
let executor: RunningScript;

beforeAll(async () => {
  stack = await startStack();
  ({ executor } = await startExecutor(stack.env));
});
afterAll(async () => {
  await executor.stop("SIGKILL");
  await stack.stop();
});

async function run(spec: FunctionSpec) {
  const submitted = await stack.colonies.submitFunctionSpec(spec, stack.keys.user.prvkey);
  const [process] = await waitClosed(stack, [submitted.processid]);
  return process!;
}

const anomaly = (tsIds: string[], db: string) => anomalyFuncSpec({ colonyname: stack.colonyname, tsIds, db });

test("a missing series fails the process with the store's answer", async () => {
  const process = await run(anomaly(["no-such-series"], stack.storeUrl));
  expect(process.state).toBe(ProcessState.Failed);
  expect(process.errors).toEqual([`time series no-such-series not found in the store at ${stack.storeUrl}`]);
  const failed = await runScript("scripts/colonies.ts", ["process", "psf"], stack.env);
  expect(failed.stdout).toContain("│ anomaly  │ no-such-series │");
  const logs = await runScript("scripts/colonies.ts", ["log", "get", "-p", process.processid], stack.env);
  expect(logs.stdout).toContain(
    "Failed to check time series no-such-series: time series no-such-series not found",
  );
}, 20_000);

test("an unreachable store fails the process and says so", async () => {
  const process = await run(anomaly(["x"], "http://127.0.0.1:9"));
  expect(process.state).toBe(ProcessState.Failed);
  expect(process.errors[0]).toContain("Cannot reach the time-series store at http://127.0.0.1:9");
}, 20_000);

test.each([
  [[], "bad args: expected a list of time-series ids, got []"],
  [[42], "bad args: args[0] must be a time-series id (a non-empty string), got 42"],
])(
  "bad args %p fail the process",
  async (args, message) => {
    const process = await run(
      funcSpec({
        funcname: "anomaly",
        args,
        kwargs: { db: stack.storeUrl },
        colonyname: stack.colonyname,
        executortype: "anomaly-executor",
      }),
    );
    expect(process.state).toBe(ProcessState.Failed);
    expect(process.errors).toEqual([message]);
  },
  20_000,
);

test("a function this executor does not know fails the process", async () => {
  const process = await run(
    funcSpec({
      funcname: "train",
      args: ["a"],
      colonyname: stack.colonyname,
      executortype: "anomaly-executor",
    }),
  );
  expect(process.state).toBe(ProcessState.Failed);
  expect(process.errors).toEqual([
    'unsupported function "train": this executor runs "anomaly" and the recording jobs (detect-segment, stitch-recording)',
  ]);
}, 20_000);

test("several series in one process (as generators pack them), without kwargs.db", async () => {
  const ids = (await submitSamples(stack, 2)).map((s) => s.tsId);
  const process = await run(
    funcSpec({
      funcname: "anomaly",
      args: ids,
      kwargs: {},
      colonyname: stack.colonyname,
      executortype: "anomaly-executor",
    }),
  );
  expect(process.state).toBe(ProcessState.Successful);
  const out = process.out as { ts_id: string; anomaly: boolean; kl_divergence: number }[];
  expect(out.map((r) => r.ts_id)).toEqual(ids);
  for (const result of out) {
    expect(typeof result.anomaly).toBe("boolean");
    expect(Number.isFinite(result.kl_divergence)).toBe(true);
    expect((await stack.store.get(result.ts_id)).process_id).toBe(process.processid);
  }
}, 20_000);

test("--logs verdict sends one line per series; --executor-type registers under another type", async () => {
  const env = { ...stack.env };
  const { executor: verdictOnly } = await startExecutor(env, [
    "--logs",
    "verdict",
    "--executor-type",
    "anomaly-verdict",
  ]);
  try {
    const [submitted] = await submitSamples(stack, 1, { executortype: "anomaly-verdict" });
    const tsId = submitted!.tsId;
    const closed = await waitUntil("the verdict-only process to close", async () => {
      const done = await stack.colonies.getProcesses(
        {
          colonyname: stack.colonyname,
          state: ProcessState.Successful,
          count: 100,
          executortype: "anomaly-verdict",
        },
        stack.keys.user.prvkey,
      );
      return done.length === 1 ? done[0] : undefined;
    });
    expect((closed.out[0] as { ts_id: string }).ts_id).toBe(tsId);
    const logs = await stack.colonies.getLogs(
      { colonyname: stack.colonyname, processid: closed.processid, count: 100 },
      stack.keys.user.prvkey,
    );
    expect(logs.map((l) => l.message)).toEqual([
      expect.stringMatching(
        /^(Anomaly detected!|No anomaly detected\.) KL Divergence: .*, time series ID: [0-9a-f]{64}\n$/,
      ),
    ]);
  } finally {
    await verdictOnly.stop();
  }
}, 20_000);
