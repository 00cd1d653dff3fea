/**
 * `bun run demo --colonies real`: the whole tutorial (keys, dataset, calibration, store, executors, samples,
 * summary) against the real Colonies server, started and stopped by the demo; in a temp dir, free ports.
 */
import { afterAll, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../lib/free-port.ts";
import { isAlive } from "../../lib/real-colonies-launcher/process.ts";
import { isPortFree } from "../../lib/stack/ports.ts";
import { repoRoot } from "../support/stack.ts";

const dir = mkdtempSync(join(tmpdir(), "demo-real-"));
// PostgreSQL runs as the postgres user when we are root: it must be able to enter the data dir.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("demo --colonies real runs the tutorial on the real server and leaves nothing running", async () => {
  const storePort = freePort();
  let coloniesPort = freePort();
  while (coloniesPort === storePort) coloniesPort = freePort();
  const child = Bun.spawn(
    [
      process.execPath,
      join(repoRoot, "scripts", "demo.ts"),
      "--colonies=real",
      "--samples=8",
      "--executors=2",
      `--store-port=${storePort}`,
      `--colonies-port=${coloniesPort}`,
      `--data-dir=${join(dir, "data")}`,
      `--dataset=${join(dir, "dataset.csv")}`,
      `--model=${join(dir, "model.json")}`,
      `--keys-file=${join(dir, ".env")}`,
      "--dataset-seconds=20",
      "--timeout=120",
    ],
    { cwd: repoRoot, env: { ...process.env, CI: "true" }, stdout: "pipe", stderr: "pipe" },
  );
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: expect.any(String) });
  expect(stdout).toContain(`Starting the real Colonies server on 127.0.0.1:${coloniesPort}`);
  expect(stdout).toContain("processes    successful 8 · failed 0 · running 0 · waiting 0");
  expect(stdout).toMatch(/series {7}8 submitted/);

  // The Go server really ran (its own log), and it and PostgreSQL were stopped with the demo.
  const childLog = readFileSync(join(dir, "data", "logs", "colonies.log"), "utf8");
  expect(childLog).toContain(`Real Colonies server ready on http://127.0.0.1:${coloniesPort}`);
  expect(childLog).toContain("Real Colonies server and its PostgreSQL stopped");
  const serverLog = join(dir, "data", "real-colonies", "server", "server.log");
  expect(existsSync(serverLog)).toBe(true);
  expect(readFileSync(serverLog, "utf8")).toContain("Starting Colonies server");
  expect(isPortFree("127.0.0.1", coloniesPort)).toBe(true);
  for (const pid of [...stdout.matchAll(/started .+? \(pid (\d+),/g)].map((m) => Number(m[1]))) {
    expect(isAlive(pid)).toBe(false);
  }
}, 300_000);
