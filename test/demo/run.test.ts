/**
 * `bun scripts/demo.ts` as a user runs it (cwd = repo), with small K/M, free ports, and every file it writes
 * (keys, dataset, model, databases, logs) pointed into a temp dir.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ColonySnapshot } from "../../dashboard/wire.ts";
import { SqliteSeriesStorage } from "../../db/sqlite/series-storage.ts";
import { isPortFree } from "../../lib/stack/ports.ts";

const REPO = join(import.meta.dir, "../..");
let dir: string;

function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

function demoArgs(
  name: string,
  extra: string[] = [],
): { args: string[]; storePort: number; coloniesPort: number } {
  const storePort = freePort();
  let coloniesPort = freePort();
  while (coloniesPort === storePort) coloniesPort = freePort();
  const base = join(dir, name);
  return {
    storePort,
    coloniesPort,
    args: [
      process.execPath,
      join(REPO, "scripts", "demo.ts"),
      `--store-port=${storePort}`,
      `--colonies-port=${coloniesPort}`,
      `--data-dir=${join(base, "data")}`,
      `--dataset=${join(base, "dataset.csv")}`,
      `--model=${join(base, "model.json")}`,
      `--keys-file=${join(base, ".env")}`,
      "--dataset-seconds=20",
      "--timeout=60",
      ...extra,
    ],
  };
}

/** Runs the demo as CI would (no terminal prompts), output piped for the assertions. */
function spawnDemo(args: string[]) {
  return Bun.spawn(args, { cwd: REPO, env: { ...process.env, CI: "true" }, stdout: "pipe", stderr: "pipe" });
}

/** Collects a child's stdout and resolves once `text` has appeared. */
function watchOutput(stream: ReadableStream<Uint8Array>): {
  text: () => string;
  waitFor: (text: string) => Promise<void>;
} {
  let output = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      for (const waiter of waiters.filter((w) => output.includes(w.text))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  })();
  return {
    text: () => output,
    waitFor: (text) =>
      output.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve })),
  };
}

function startedPids(output: string): number[] {
  return [...output.matchAll(/started .+? \(pid (\d+),/g)].map((m) => Number(m[1]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "demo-run-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("bun run demo", () => {
  test("runs the whole tutorial, prints the summary with F1, keeps running with --keep, and Ctrl-C stops every child", async () => {
    const { args, storePort, coloniesPort } = demoArgs("keep", [
      "--executors=2",
      "--samples=12",
      "--seed=7",
      "--keep",
    ]);
    const demo = spawnDemo(args);
    try {
      const out = watchOutput(demo.stdout);
      // If the demo fails instead, it exits: the assertions below then show its output.
      await Promise.race([out.waitFor("press Ctrl-C to stop"), demo.exited]);
      const output = out.text();
      expect(output).toContain("created");
      expect(output).toContain("-> Generating the dataset");
      expect(output).toContain("-> Calibrating the KL-divergence threshold");
      expect(output).toMatch(/processes\s+successful 12 · failed 0/);
      expect(output).toMatch(/precision \d\.\d{3} · recall \d\.\d{3} · F1 \d\.\d{3}/);
      expect(output).toMatch(/throughput\s+[\d.]+ series\/s end to end with 2 executors/);
      expect(output).toMatch(/latency\s+p50 \d+ ms · p99 \d+ ms/);
      expect(output).toContain(`dashboard    http://127.0.0.1:${storePort}/`);
      expect(output).toContain(
        `COLONIES_SERVER_PORT=${coloniesPort} bun --env-file=${join(dir, "keep", ".env")} run colonies process pss`,
      );
      expect(output).toContain("run colonies log search --text Anom");

      // Still up: the dashboard answers and sees the colony's finished work.
      const page = await fetch(`http://127.0.0.1:${storePort}/`);
      expect(page.status).toBe(200);
      const colony = (await (
        await fetch(`http://127.0.0.1:${storePort}/dashboard/api/colony`)
      ).json()) as ColonySnapshot;
      expect(colony.counts.successful).toBe(12);
      expect(colony.executors).toHaveLength(2);

      const pids = startedPids(output);
      expect(pids.length).toBe(2 + 1 + 1 + 2); // two scripts, Colonies server, store, two executors
      demo.kill("SIGINT");
      expect(await demo.exited).toBe(130);
      for (const pid of pids) expect(alive(pid)).toBe(false);
      expect(isPortFree("127.0.0.1", storePort)).toBe(true);
      expect(isPortFree("127.0.0.1", coloniesPort)).toBe(true);
    } finally {
      // Never leave a demo (and its children) behind, even when an assertion failed.
      if (demo.exitCode === null) {
        demo.kill("SIGINT");
        await demo.exited;
      }
    }
  });

  test("a port already in use gives a clear message and starts nothing", async () => {
    const { args, storePort } = demoArgs("busy");
    const blocker = Bun.listen({ hostname: "127.0.0.1", port: storePort, socket: { data() {} } });
    try {
      const demo = spawnDemo(args);
      expect(await demo.exited).toBe(1);
      const stderr = await new Response(demo.stderr).text();
      expect(stderr).toContain(`Port ${storePort}`);
      expect(stderr).toContain("already in use");
      expect(stderr).toContain("--store-port");
      expect(await new Response(demo.stdout).text()).not.toContain("started");
    } finally {
      blocker.stop(true);
    }
  });

  test("when a child fails, the demo says which and where its log is, and stops the others", async () => {
    const { args } = demoArgs("broken", ["--executors=1", "--samples=2"]);
    const base = join(dir, "broken");
    // A dataset and a model exist, so no calibration runs; the malformed model makes the executor fail at start.
    await Bun.write(join(base, "dataset.csv"), "time,normal_wave,anomaly_wave,is_anomaly\n");
    await Bun.write(join(base, "model.json"), '{"threshold": "high"}');
    const demo = spawnDemo(args);
    expect(await demo.exited).toBe(1);
    const stdout = await new Response(demo.stdout).text();
    const stderr = await new Response(demo.stderr).text();
    expect(stderr).toContain("executor 1 exited unexpectedly");
    expect(stderr).toContain("executor-1.log");
    const pids = startedPids(stdout);
    expect(pids.length).toBe(3);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  test("--detector rms --profile realistic: rms calibration, realistic samples, events stored, event-level scores", async () => {
    const { args } = demoArgs("rms", [
      "--detector=rms",
      "--profile=realistic",
      "--executors=1",
      "--samples=8",
      "--seed=5",
    ]);
    const base = join(dir, "rms");
    const demo = spawnDemo(args);
    const [code, output, errors] = await Promise.all([
      demo.exited,
      new Response(demo.stdout).text(),
      new Response(demo.stderr).text(),
    ]);
    expect(errors).toBe("");
    expect(code).toBe(0);
    expect(output).toContain("-> Generating the dataset (20 s at 1 kHz, profile realistic)");
    expect(output).toContain("-> Calibrating the RMS event detector");
    expect(output).toMatch(/-> Submitting 8 one-second samples \(seed 5, \d with events\)/);
    expect(output).toMatch(/processes\s+successful 8 · failed 0/);
    expect(output).toMatch(/series\s+8 submitted · \d with injected events · \d flagged anomalous\n/);
    expect(output).toMatch(/detection\s+precision \d\.\d{3} · recall \d\.\d{3} · F1 \d\.\d{3}/);
    const events = output.match(
      /events\s+precision (\d\.\d{3}) · recall (\d\.\d{3}) · F1 (\d\.\d{3}) {3}\((\d+) injected · (\d+) detected · (\d+) found\)/,
    );
    expect(events).not.toBeNull();
    const [injected, detected, found] = events!.slice(4).map(Number);
    expect(injected).toBeGreaterThan(0);
    expect(found).toBeLessThanOrEqual(injected!);
    expect(Number(events![2])).toBeCloseTo(found! / injected!, 3);
    expect(detected).toBeGreaterThan(0);

    expect(((await Bun.file(join(base, "model.json")).json()) as { detector: string }).detector).toBe("rms");
    // Every series got an rms verdict: an event list (possibly empty), no KL divergence.
    const store = SqliteSeriesStorage.open({ path: join(base, "data", "store.db") });
    try {
      const { items } = await store.list({ limit: 100 });
      expect(items).toHaveLength(8);
      for (const record of items) {
        expect(record.klDivergence).toBeNull();
        expect(record.eventKinds).not.toBeNull();
        expect(record.anomaly).toBe(record.eventKinds!.length > 0);
      }
      expect(items.reduce((n, record) => n + record.eventKinds!.length, 0)).toBe(detected!);
    } finally {
      await store.close();
    }
  });

  test("the tutorial's kl demo after an rms run makes its own kl model again (model.json names the detector)", async () => {
    const { args } = demoArgs("rms", ["--executors=1", "--samples=2"]);
    const demo = spawnDemo(args);
    const [code, output] = await Promise.all([demo.exited, new Response(demo.stdout).text()]);
    expect(code).toBe(0);
    expect(output).toContain("making the dataset and model again (the model is rms, not kl)");
    expect(output).toContain("-> Calibrating the KL-divergence threshold");
    expect(output).not.toMatch(/^ {2}events /m);
    expect(output).toMatch(/series\s+2 submitted · \d with injected drops/);
  });
});
