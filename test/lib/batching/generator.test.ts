/**
 * Batching with a generator, end to end on the test stack (embedded Colonies server with a 100 ms checker
 * period, the store, a real executor): the generator is created once by name; `submit --generator batch
 * --trigger 10 --timeout 2` with 25 series gives two processes of 10 and, after the timeout, one of 5;
 * the executor checks every series exactly once. The store URL travels in the spec's env (the server
 * replaces args and kwargs): a `--db` other than the executor's STORE_URL still works, and reusing a
 * generator with another store URL is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureGenerator } from "../../../lib/batching/generator.ts";
import { anomalyWorkflowSpec } from "../../../lib/batching/workflow.ts";
import { type Process, ProcessState } from "../../../lib/colonies-sdk/index.ts";
import { TimeSeriesClient } from "../../../lib/timeseries/client.ts";
import { startStore } from "../../../store/start.ts";
import { runScript, startExecutor, waitUntil } from "../../support/child.ts";
import { startStack, type TestStack } from "../../support/stack.ts";

let stack: TestStack;
const executortype = "anomaly-executor";

beforeAll(async () => {
  stack = await startStack({ colonies: { checkerPeriodMs: 100 } });
});

afterAll(async () => {
  await stack?.stop();
});

const settings = (name: string, trigger: number, timeout: number, db = stack.storeUrl) => ({
  colonyname: stack.colonyname,
  name,
  trigger,
  timeout,
  workflow: anomalyWorkflowSpec({ colonyname: stack.colonyname, db, executortype: "unused-type" }),
});

function processes(state: ProcessState): Promise<Process[]> {
  return stack.colonies.getProcesses(
    { colonyname: stack.colonyname, state, count: 100, executortype },
    stack.keys.user.prvkey,
  );
}

/** Submission time in ms (the server writes nanoseconds). */
const submitted = (p: Process) => Date.parse(p.submissiontime.replace(/(\.\d{3})\d*/, "$1"));

describe("ensureGenerator", () => {
  test("creates the generator once and reuses it by name", async () => {
    const key = stack.keys.user.prvkey;
    const first = await ensureGenerator(stack.colonies, settings("reuse", 5, 0), key);
    const again = await ensureGenerator(stack.colonies, settings("reuse", 5, 0), key);
    expect(first.created).toBe(true);
    expect(again).toEqual({ generator: first.generator, created: false, mismatch: undefined });
    const other = await ensureGenerator(stack.colonies, settings("reuse", 7, 3), key);
    expect(other.generator.generatorid).toBe(first.generator.generatorid);
    expect(other.mismatch).toContain("already exists with trigger 5 and timeout 0 s");
  });

  test("two racing submitters end up with one generator", async () => {
    const key = stack.keys.user.prvkey;
    const [a, b] = await Promise.all([
      ensureGenerator(stack.colonies, settings("race", 3, 0), key),
      ensureGenerator(stack.colonies, settings("race", 3, 0), key),
    ]);
    expect(a.generator.generatorid).toBe(b.generator.generatorid);
    const all = await stack.colonies.getGenerators(stack.colonyname, 100, key);
    expect(all.filter((g) => g.name === "race")).toHaveLength(1);
  });

  test("refuses to reuse a generator whose batches go to another store, saying how to fix it", async () => {
    const key = stack.keys.user.prvkey;
    const { generator } = await ensureGenerator(stack.colonies, settings("stores", 5, 0), key);
    const attempt = ensureGenerator(stack.colonies, settings("stores", 5, 0, "http://127.0.0.1:1"), key);
    await expect(attempt).rejects.toThrow(
      `generator stores (${generator.generatorid}) sends its batches to store ${stack.storeUrl}, ` +
        `not to http://127.0.0.1:1: remove it with "bun run colonies generator rm -g ${generator.generatorid}" ` +
        "or pick another name with --generator NAME",
    );
    // Nothing was changed: the generator is still there, once.
    const all = await stack.colonies.getGenerators(stack.colonyname, 100, key);
    expect(all.filter((g) => g.name === "stores").map((g) => g.generatorid)).toEqual([generator.generatorid]);
  });

  test("refuses a trigger below 1", async () => {
    await expect(
      ensureGenerator(stack.colonies, settings("zero", 0, 0), stack.keys.user.prvkey),
    ).rejects.toThrow(/--trigger/);
  });
});

test("submit --generator: 25 series with trigger 10 make processes of 10, 10 and (after the timeout) 5, each series checked once", async () => {
  const first = await runScript(
    "scripts/submit.ts",
    [
      ...["--count", "25", "--seed", "11", "--anomaly-probability", "0.002"],
      ...["--generator", "batch", "--trigger", "10", "--timeout", "2"],
    ],
    stack.env,
  );
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toMatch(/^Generator batch created \([0-9a-f]{64}\)$/m);
  const tsIds = [...first.stdout.matchAll(/^Packed (\S+) into generator batch$/gm)].map((m) => m[1]!);
  expect(tsIds).toHaveLength(25);
  expect(first.stdout).toContain("25 series packed: one process per 10, the rest 2 s after the last batch");

  // No executor yet: the batches wait in the queue.
  const batches = await waitUntil("three batch processes", async () => {
    const waiting = await processes(ProcessState.Waiting);
    return waiting.length >= 3 ? waiting : undefined;
  });
  expect(batches).toHaveLength(3);
  batches.sort((a, b) => (b.spec.args?.length ?? 0) - (a.spec.args?.length ?? 0));
  expect(batches.map((p) => p.spec.args?.length)).toEqual([10, 10, 5]);
  expect(batches.flatMap((p) => p.spec.args as string[]).toSorted()).toEqual(tsIds.toSorted());
  for (const p of batches) {
    expect(p.spec.funcname).toBe("anomaly");
    // As on the real server, the generator replaces the root's kwargs but keeps env: the store URL is there.
    expect(p.spec.kwargs ?? {}).toEqual({});
    expect(p.spec.env).toEqual({ STORE_URL: stack.storeUrl });
  }
  // The partial batch waits for the timeout counted from the last full batch.
  const lastFull = Math.max(submitted(batches[0]!), submitted(batches[1]!));
  expect(submitted(batches[2]!) - lastFull).toBeGreaterThanOrEqual(2000);

  // An executor checks each series exactly once and reports each.
  const { executor } = await startExecutor(stack.env);
  try {
    const done = await waitUntil("three successful processes", async () => {
      const successful = await processes(ProcessState.Successful);
      return successful.length === 3 ? successful : undefined;
    });
    const reported = done.flatMap((p) => (p.out as { ts_id: string }[]).map((o) => o.ts_id));
    expect(reported.toSorted()).toEqual(tsIds.toSorted());
    for (const p of done) {
      for (const tsId of p.spec.args as string[]) {
        expect((await stack.store.get(tsId)).process_id).toBe(p.processid);
      }
    }
    expect(await processes(ProcessState.Failed)).toHaveLength(0);
  } finally {
    expect(await executor.stop()).toBe(0);
  }

  // A second run finds the generator by name instead of creating another.
  const second = await runScript(
    "scripts/submit.ts",
    ["--count", "1", "--generator", "batch", "--trigger", "10", "--timeout", "2"],
    stack.env,
  );
  expect(second.exitCode).toBe(0);
  expect(second.stdout).toMatch(/^Using generator batch \([0-9a-f]{64}\)$/m);
  const all = await stack.colonies.getGenerators(stack.colonyname, 100, stack.keys.user.prvkey);
  expect(all.filter((g) => g.name === "batch")).toHaveLength(1);
});

test("submit --db OTHER --generator: batches are checked in the other store, not the executor's STORE_URL", async () => {
  const dir = mkdtempSync(join(tmpdir(), "other-store-"));
  const other = await startStore({ databasePath: join(dir, "store.db") });
  const { executor } = await startExecutor(stack.env);
  try {
    const run = await runScript(
      "scripts/submit.ts",
      [
        ...["--count", "4", "--seed", "5", "--db", other.url],
        ...["--generator", "elsewhere", "--trigger", "4"],
      ],
      stack.env,
    );
    expect(run.exitCode).toBe(0);
    const tsIds = [...run.stdout.matchAll(/^Packed (\S+) into generator elsewhere$/gm)].map((m) => m[1]!);
    expect(tsIds).toHaveLength(4);
    const done = await waitUntil("the batch closed", async () => {
      const closed = [
        ...(await processes(ProcessState.Successful)),
        ...(await processes(ProcessState.Failed)),
      ];
      return closed.find((p) => (p.spec.args as string[]).includes(tsIds[0]!));
    });
    expect(done.state).toBe(ProcessState.Successful);
    expect(done.spec.env).toEqual({ STORE_URL: other.url });
    const otherStore = new TimeSeriesClient(other.url);
    for (const tsId of tsIds) expect((await otherStore.get(tsId)).process_id).toBe(done.processid);

    // The same name with the default store is refused, with the way out in the message.
    const again = await runScript(
      "scripts/submit.ts",
      ["--count", "1", "--generator", "elsewhere"],
      stack.env,
    );
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(
      `not to ${stack.storeUrl}: remove it with "bun run colonies generator rm -g`,
    );
  } finally {
    expect(await executor.stop()).toBe(0);
    await other.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
