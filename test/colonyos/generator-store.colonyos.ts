/**
 * On the real Colonies server: a generator replaces its root spec's args and kwargs but keeps env, so the
 * store URL of `submit --db OTHER --generator` reaches the executor, whose own STORE_URL names another
 * store; reusing the generator with another --db is refused.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Process, ProcessState } from "../../lib/colonies-sdk/index.ts";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { type RunningStore, startStore } from "../../store/start.ts";
import { runScript, startExecutor, waitUntil } from "../support/child.ts";
import { type RealStack, startRealStack } from "../support/real-stack.ts";

let stack: RealStack;
let other: RunningStore;
let otherDir: string;

beforeAll(async () => {
  stack = await startRealStack();
  otherDir = mkdtempSync(join(tmpdir(), "other-store-"));
  other = await startStore({ databasePath: join(otherDir, "store.db") });
});

afterAll(async () => {
  await other?.stop();
  if (otherDir) rmSync(otherDir, { recursive: true, force: true });
  await stack?.stop();
});

async function closed(): Promise<Process[]> {
  const query = { colonyname: stack.colonyname, count: 100 };
  return [
    ...(await stack.colonies.getProcesses(
      { ...query, state: ProcessState.Successful },
      stack.keys.user.prvkey,
    )),
    ...(await stack.colonies.getProcesses({ ...query, state: ProcessState.Failed }, stack.keys.user.prvkey)),
  ];
}

test("the store URL survives the real server's generator: batches are checked in --db, not the executor's STORE_URL", async () => {
  const { executor } = await startExecutor(stack.env);
  try {
    const run = await runScript(
      "scripts/submit.ts",
      [...["--count", "6", "--seed", "8", "--db", other.url], ...["--generator", "far", "--trigger", "3"]],
      stack.env,
    );
    expect(run.exitCode).toBe(0);
    const tsIds = [...run.stdout.matchAll(/^Packed (\S+) into generator far$/gm)].map((m) => m[1]!);
    expect(tsIds).toHaveLength(6);
    const batches = await waitUntil(
      "two closed batches",
      async () => {
        const done = await closed();
        return done.length === 2 ? done : undefined;
      },
      60_000,
    );
    const otherStore = new TimeSeriesClient(other.url);
    for (const batch of batches) {
      expect(batch.state).toBe(ProcessState.Successful);
      // The real server replaced args and cleared kwargs, and kept env.
      expect(batch.spec.args).toHaveLength(3);
      expect(batch.spec.kwargs ?? {}).toEqual({});
      expect(batch.spec.env).toEqual({ STORE_URL: other.url });
      for (const tsId of batch.spec.args as string[]) {
        expect((await otherStore.get(tsId)).process_id).toBe(batch.processid);
      }
    }
    expect(batches.flatMap((b) => b.spec.args as string[]).toSorted()).toEqual(tsIds.toSorted());

    const again = await runScript("scripts/submit.ts", ["--count", "1", "--generator", "far"], stack.env);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`sends its batches to store ${other.url}, not to ${stack.storeUrl}`);
    expect(again.stderr).toContain('remove it with "bun run colonies generator rm -g ');
  } finally {
    expect(await executor.stop()).toBe(0);
  }
}, 120_000);
