/**
 * Batching with a generator on the embedded Colonies server (real HTTP, temp SQLite, short checker period):
 * the generator is created once by name, 25 packed ids with trigger 10 become two processes of 10 and,
 * after the timeout, one of 5, each id in exactly one process.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningColoniesServer, startColoniesServer } from "../colonies/server.ts";
import { ensureGenerator, packIntoGenerator } from "../lib/batching/generator.ts";
import { anomalyWorkflowSpec } from "../lib/batching/workflow.ts";
import { ColoniesClient } from "../lib/colonies/client.ts";
import { generatePrivateKey, idFromPrivateKey } from "../lib/colonies/crypto.ts";
import { type Process, ProcessState } from "../lib/colonies/types.ts";

const colonyname = "dev";
const executortype = "batch-test-executor";
let dir: string;
let server: RunningColoniesServer;
let client: ColoniesClient;
const userKey = generatePrivateKey();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "generator-batching-"));
  const serverKey = generatePrivateKey();
  const colonyKey = generatePrivateKey();
  server = await startColoniesServer({
    hostname: "127.0.0.1",
    port: 0,
    databasePath: join(dir, "colonies.db"),
    serverId: idFromPrivateKey(serverKey),
    checkerPeriodMs: 100,
  });
  client = new ColoniesClient({ host: "127.0.0.1", port: server.port, tls: false });
  await client.addColony({ colonyid: idFromPrivateKey(colonyKey), name: colonyname }, serverKey);
  await client.addUser(
    { colonyname, userid: idFromPrivateKey(userKey), name: "myuser", email: "", phone: "" },
    colonyKey,
  );
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitingProcesses(): Promise<Process[]> {
  return client.getProcesses({ colonyname, state: ProcessState.Waiting, count: 100, executortype }, userKey);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await Bun.sleep(50);
  }
}

const settings = (name: string, trigger: number, timeout: number) => ({
  colonyname,
  name,
  trigger,
  timeout,
  workflow: anomalyWorkflowSpec({ colonyname, executortype }),
});

describe("ensureGenerator", () => {
  test("creates the generator once and reuses it by name", async () => {
    const first = await ensureGenerator(client, settings("reuse", 5, 0), userKey);
    const again = await ensureGenerator(client, settings("reuse", 5, 0), userKey);
    expect(first.created).toBe(true);
    expect(again).toEqual({ generator: first.generator, created: false, mismatch: undefined });
    const other = await ensureGenerator(client, settings("reuse", 7, 3), userKey);
    expect(other.generator.generatorid).toBe(first.generator.generatorid);
    expect(other.mismatch).toContain("already exists with trigger 5 and timeout 0 s");
  });

  test("two racing submitters end up with one generator", async () => {
    const [a, b] = await Promise.all([
      ensureGenerator(client, settings("race", 3, 0), userKey),
      ensureGenerator(client, settings("race", 3, 0), userKey),
    ]);
    expect(a.generator.generatorid).toBe(b.generator.generatorid);
    const named = (await client.getGenerators(colonyname, 100, userKey)).filter((g) => g.name === "race");
    expect(named).toHaveLength(1);
  });

  test("refuses a trigger below 1", async () => {
    await expect(ensureGenerator(client, settings("zero", 0, 0), userKey)).rejects.toThrow(/--trigger/);
  });
});

describe("25 series, trigger 10", () => {
  test("two processes of 10, then after the timeout one of 5, every id exactly once", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `series-${String(i).padStart(2, "0")}`);
    const { generator } = await ensureGenerator(client, settings("batch-25", 10, 2), userKey);
    await packIntoGenerator(client, generator.generatorid, ids, userKey);

    const processes = await waitFor("three batch processes", async () => {
      const waiting = await waitingProcesses();
      return waiting.length >= 3 ? waiting : undefined;
    });
    expect(processes).toHaveLength(3);
    const sizes = processes.map((p) => p.spec.args?.length ?? 0).sort((a, b) => b - a);
    expect(sizes).toEqual([10, 10, 5]);
    const packed = processes.flatMap((p) => p.spec.args as string[]);
    expect(packed.toSorted()).toEqual(ids);
    for (const p of processes) {
      expect(p.spec.funcname).toBe("anomaly");
      expect(p.spec.kwargs ?? {}).toEqual({});
    }
    // The partial batch waits for the timeout after the last full batch (lastrun + 2 s).
    const submitted = (p: Process) => Date.parse(p.submissiontime.replace(/(\.\d{3})\d*/, "$1"));
    const bySize = processes.toSorted((a, b) => (b.spec.args?.length ?? 0) - (a.spec.args?.length ?? 0));
    const lastFull = Math.max(submitted(bySize[0] as Process), submitted(bySize[1] as Process));
    expect(submitted(bySize[2] as Process) - lastFull).toBeGreaterThanOrEqual(2000);
    const after = await client.getGenerator(generator.generatorid, userKey);
    expect(after.queuesize).toBe(0);
  });
});
