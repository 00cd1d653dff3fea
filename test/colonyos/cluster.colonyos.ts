/**
 * Three real Colonies servers on one PostgreSQL (an etcd cluster on loopback ports), three executors each
 * preferring another member (COLONIES_SERVERS rotated), and one member killed with SIGKILL while a process
 * is held mid-run and more are submitted: every process ends successful exactly once, through the SDK's
 * failover to the surviving members.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProcessState } from "../../lib/colonies-sdk/index.ts";
import { isAlive } from "../../lib/real-colonies-launcher/process.ts";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { type RunningStore, startStore } from "../../store/start.ts";
import { type RunningScript, startExecutor, waitUntil } from "../support/child.ts";
import { type HoldProxy, startHoldProxy } from "../support/hold-proxy.ts";
import { submitHeld, submitSamples, type ToolStack, waitClosed } from "../support/pipeline.ts";
import { type RealClusterFixture, startRealClusterFixture } from "../support/real-cluster.ts";
import { inheritedEnv } from "../support/stack.ts";

let fixture: RealClusterFixture;
let store: RunningStore;
let storeDir: string;
let proxy: HoldProxy;
const executors: RunningScript[] = [];

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), "cluster-store-"));
  store = await startStore({ databasePath: join(storeDir, "store.db") });
  proxy = startHoldProxy(store.url);
  fixture = await startRealClusterFixture(3);
});

afterAll(async () => {
  await Promise.all(executors.map((executor) => executor.stop("SIGKILL")));
  await fixture?.stop();
  await proxy?.stop();
  await store?.stop();
  if (storeDir) rmSync(storeDir, { recursive: true, force: true });
});

const toolEnv = (member: number) => ({
  ...inheritedEnv(),
  ...fixture.envPreferring(member),
  STORE_URL: store.url,
  MODEL_PATH: join(storeDir, "no-model.json"),
});

test("a member killed with SIGKILL mid-run: every process ends successful exactly once", async () => {
  const stack: ToolStack = {
    colonies: fixture.client,
    colonyname: fixture.colonyname,
    store: new TimeSeriesClient(store.url),
    storeUrl: store.url,
    keys: { user: { prvkey: fixture.keys.COLONIES_PRVKEY } },
  };
  const spec = { maxexectime: 10, maxretries: 5 };
  // The executor preferring member 2 (index 1) starts alone and takes the held process: its series fetch
  // waits, so it is mid-run when its server dies.
  const victim = fixture.cluster.servers[1]!;
  const onVictim = await startExecutor(toolEnv(1), ["--concurrency", "2"]);
  executors.push(onVictim.executor);
  const held = await submitHeld(stack, proxy, spec.maxexectime);
  await held.hold.arrived;
  for (const member of [0, 2])
    executors.push((await startExecutor(toolEnv(member), ["--concurrency", "2"])).executor);
  const before = await submitSamples(stack, 12, spec);
  await waitClosed(
    stack,
    before.map((s) => s.processId),
    60_000,
  );

  process.kill(victim.pid, "SIGKILL");
  await waitUntil("the killed member gone", () => (isAlive(victim.pid) ? undefined : true));
  const after = await submitSamples(stack, 12, spec);
  held.hold.release();

  const all = [...before, { tsId: held.tsId, processId: held.processId }, ...after];
  const closed = await waitClosed(
    stack,
    all.map((s) => s.processId),
    120_000,
  );
  expect(closed.map((p) => p.state)).toEqual(all.map(() => ProcessState.Successful));
  for (const [i, p] of closed.entries()) {
    // One result for its one series, and the store names this process as the one that checked it.
    expect((p.out as { ts_id: string }[]).map((o) => o.ts_id)).toEqual([all[i]!.tsId]);
    expect((await stack.store.get(all[i]!.tsId)).process_id).toBe(p.processid);
  }
  // The held process was closed by the executor whose server died, on its first run: it moved to another
  // member instead of losing the process to a maxexectime retry.
  const heldClosed = closed[before.length]!;
  expect(heldClosed.retries).toBe(0);
  const assignee = await fixture.client.getExecutorById(
    fixture.colonyname,
    heldClosed.assignedexecutorid,
    fixture.keys.COLONIES_PRVKEY,
  );
  expect(assignee.executorname).toBe(onVictim.name);
  const stats = await fixture.client.getColonyStatistics(fixture.colonyname, fixture.keys.COLONIES_PRVKEY);
  expect([stats.successfulprocesses, stats.failedprocesses, stats.waitingprocesses]).toEqual([
    all.length,
    0,
    0,
  ]);

  // Every executor (also the one that preferred the dead member) is still up and leaves cleanly.
  for (const executor of executors) {
    expect(executor.child.exitCode).toBeNull();
    expect(await executor.stop()).toBe(0);
    expect(executor.stdout).toMatch(/Executor \S+ unregistered/);
  }
}, 300_000);
