/**
 * Executors stopped while working: SIGKILL (the process is retried by another executor after maxexectime
 * and ends successful) and SIGTERM (the current process is finished, the executor unregisters, exit 0).
 * A proxy in front of the store holds the series fetch, so the executor is caught mid-process.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { RunningScript, startExecutor } from "../support/child.ts";
import {
  expectFinishedAndUnregistered,
  sigkillThenRetry,
  sigtermFinishes,
} from "../support/executor-stops.ts";
import { type HoldProxy, startHoldProxy } from "../support/hold-proxy.ts";
import { submitHeld as submitShared } from "../support/pipeline.ts";
import { startStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
let proxy: HoldProxy;
const running: RunningScript[] = [];

beforeAll(async () => {
  stack = await startStack();
  proxy = startHoldProxy(stack.storeUrl);
});
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop("SIGKILL")));
  await proxy.stop();
  await stack.stop();
});

const submitHeld = (maxexectime: number) => submitShared(stack, proxy, maxexectime);

test(
  "an executor killed with SIGKILL mid-process: another one gets the process after maxexectime",
  () => sigkillThenRetry({ stack, proxy, running }),
  30_000,
);

test(
  "SIGTERM: the current process is finished, then the executor unregisters and exits 0",
  () => sigtermFinishes({ stack, proxy, running }),
  30_000,
);

test("Ctrl-C delivered twice at once (terminal + npx/bun run forwarding) still finishes and unregisters", async () => {
  const { executor, name } = await startExecutor(stack.env);
  running.push(executor);
  const { processId, hold } = await submitHeld(30);
  await hold.arrived;
  executor.child.kill("SIGINT");
  await executor.waitFor(/SIGINT received/);
  executor.child.kill("SIGINT");
  await Bun.sleep(100);
  hold.release();
  await expectFinishedAndUnregistered(stack, executor, name, processId);
}, 30_000);

test("log get --follow prints lines as they come and returns when the process closes", async () => {
  const { executor } = await startExecutor(stack.env);
  running.push(executor);
  const { tsId, processId, hold } = await submitHeld(30);
  await hold.arrived;
  const follow = new RunningScript(
    "scripts/colonies.ts",
    ["log", "get", "-p", processId, "--follow"],
    stack.env,
  );
  await follow.waitFor(/Fetching time series data with ID: \S+ from database \S+\n/);
  expect(follow.stdout).not.toContain("Detecting anomalies");
  hold.release();
  expect(await follow.child.exited).toBe(0);
  await follow.stop();
  const lines = follow.stdout.trim().split("\n");
  expect(lines).toHaveLength(4);
  expect(lines[3]).toContain(`time series ID: ${tsId}`);
}, 30_000);
