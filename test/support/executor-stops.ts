/**
 * Executors stopped mid-process, as scenarios shared by the embedded-server tests and the real-server suite:
 * a proxy in front of the store holds the series fetch, so the executor is caught in the middle of a process.
 */
import { expect } from "bun:test";
import { ExecutorState, ProcessState } from "../../lib/colonies-sdk/index.ts";
import { type RunningScript, startExecutor } from "./child.ts";
import type { HoldProxy } from "./hold-proxy.ts";
import { assignedIn, submitHeld, type ToolStack, waitClosed } from "./pipeline.ts";

export interface StopScenario {
  stack: ToolStack & { env: Record<string, string> };
  proxy: HoldProxy;
  /** Every executor started is added here (the caller kills leftovers). */
  running: RunningScript[];
  /** How long to wait for the retried process to close. */
  closeTimeoutMs?: number;
}

/** A stopping executor finished its process, exited 0 and left the colony. */
export async function expectFinishedAndUnregistered(
  stack: ToolStack,
  executor: RunningScript,
  name: string,
  processId: string,
): Promise<void> {
  expect(await executor.child.exited).toBe(0);
  await executor.stop();
  expect(executor.stdout).toContain(`Executor ${name} unregistered`);
  const process = await stack.colonies.getProcess(processId, stack.keys.user.prvkey);
  expect(process.state).toBe(ProcessState.Successful);
  const record = await stack.colonies.getExecutor(stack.colonyname, name, stack.keys.user.prvkey);
  expect(record.state).toBe(ExecutorState.Unregistered);
}

/** SIGKILL mid-process: after maxexectime (2 s) the server hands the process to a second executor. */
export async function sigkillThenRetry({
  stack,
  proxy,
  running,
  closeTimeoutMs,
}: StopScenario): Promise<void> {
  const first = await startExecutor(stack.env);
  running.push(first.executor);
  const { tsId, processId, hold } = await submitHeld(stack, proxy, 2);
  await hold.arrived;
  expect(await first.executor.stop("SIGKILL")).not.toBe(0);
  hold.release();

  const second = await startExecutor(stack.env);
  running.push(second.executor);
  const [process] = await waitClosed(stack, [processId], closeTimeoutMs);
  expect(process!.state).toBe(ProcessState.Successful);
  expect(process!.retries).toBeGreaterThanOrEqual(1);
  expect(assignedIn(first.executor.stdout)).toEqual([processId]);
  expect(assignedIn(second.executor.stdout)).toEqual([processId]);
  const assignee = await stack.colonies.getExecutorById(
    stack.colonyname,
    process!.assignedexecutorid,
    stack.keys.user.prvkey,
  );
  expect(assignee.executorname).toBe(second.name);
  expect((await stack.store.get(tsId)).process_id).toBe(processId);
  expect(await second.executor.stop()).toBe(0);
}

/** SIGTERM mid-process (2 assignment loops): the process in hand is finished, then the executor leaves. */
export async function sigtermFinishes({ stack, proxy, running }: StopScenario): Promise<void> {
  const { executor, name } = await startExecutor(stack.env, ["--concurrency", "2"]);
  running.push(executor);
  const { processId, hold } = await submitHeld(stack, proxy, 30);
  await hold.arrived;
  executor.child.kill("SIGTERM");
  await executor.waitFor(/SIGTERM received: finishing current work/);
  hold.release();
  await expectFinishedAndUnregistered(stack, executor, name, processId);
}
