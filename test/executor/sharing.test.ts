/**
 * Several executors on one queue share the work and never do a process twice; an executor survives the
 * Colonies server going away and coming back.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ProcessState } from "../../lib/colonies-sdk/index.ts";
import { type RunningScript, startExecutor } from "../support/child.ts";
import { assignedIn, submitSamples, waitClosed } from "../support/pipeline.ts";
import { startStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
const running: RunningScript[] = [];

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop("SIGKILL")));
  await stack.stop();
});

test("two executors share the load and no process is done twice", async () => {
  const executors = await Promise.all([startExecutor(stack.env), startExecutor(stack.env)]);
  running.push(...executors.map((e) => e.executor));
  const submitted = await submitSamples(stack, 24);
  const processIds = submitted.map((s) => s.processId);
  const closed = await waitClosed(stack, processIds);
  expect(closed.every((p) => p.state === ProcessState.Successful && p.retries === 0)).toBe(true);

  const [a, b] = executors.map((e) => assignedIn(e.executor.stdout));
  expect(a!.length).toBeGreaterThan(0);
  expect(b!.length).toBeGreaterThan(0);
  expect(a!.length + b!.length).toBe(processIds.length);
  expect(new Set([...a!, ...b!])).toEqual(new Set(processIds));

  for (const { tsId, processId } of submitted) {
    expect((await stack.store.get(tsId)).process_id).toBe(processId);
  }
  const logs = await stack.colonies.getLogs(
    { colonyname: stack.colonyname, processid: processIds[0]!, count: 100 },
    stack.keys.user.prvkey,
  );
  expect(logs).toHaveLength(4);
  for (const { executor } of executors) expect(await executor.stop("SIGTERM")).toBe(0);
}, 30_000);

test("the executor keeps going when the Colonies server goes away and comes back", async () => {
  const { executor } = await startExecutor(stack.env);
  running.push(executor);
  await stack.restartColonies(1_500);
  await executor.waitFor(/Colonies server unreachable \(.*\); retrying in \d+ ms/);
  const submitted = await submitSamples(stack, 3);
  const closed = await waitClosed(
    stack,
    submitted.map((s) => s.processId),
  );
  expect(closed.every((p) => p.state === ProcessState.Successful)).toBe(true);
  expect(assignedIn(executor.stdout).sort()).toEqual(submitted.map((s) => s.processId).sort());
  expect(executor.child.exitCode).toBeNull();
}, 30_000);
