/**
 * scripts/ingest.ts against the real Colonies server, unchanged but for the env: a three-phase COMTRADE sample
 * as one workflow, two executors, the stitched events; and the same file again replaces the recording.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { RecordingsClient } from "../../lib/timeseries/index.ts";
import { type RunningScript, runScript, startExecutor } from "../support/child.ts";
import { type RealStack, startRealStack } from "../support/real-stack.ts";
import { repoRoot } from "../support/stack.ts";

let stack: RealStack;
const executors: RunningScript[] = [];

beforeAll(async () => {
  stack = await startRealStack();
  for (let i = 0; i < 2; i++) executors.push((await startExecutor(stack.env)).executor);
}, 300_000);
afterAll(async () => {
  await Promise.all(executors.map((e) => e.stop()));
  await stack?.stop();
});

test("a COMTRADE recording as one workflow on the real server: every segment detected, events stitched", async () => {
  const path = join(repoRoot, "samples", "three-phase-2013-binary.cfg");
  const args = [path, "--segment", "1", "--wait"];
  const run = await runScript("scripts/ingest.ts", args, stack.env, { timeoutMs: 120_000 });
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  const id = /Recording ([0-9a-f]{64}) /.exec(run.stdout)?.[1];
  const recordings = new RecordingsClient(stack.storeUrl);
  const recording = await recordings.get(id!);
  expect(recording.segments_done).toBe(recording.segment_count!);
  expect(recording.events?.map((e) => [e.kind, [...e.phases].sort()])).toEqual([
    ["dip", ["UA"]],
    ["dip", ["UA", "UB"]],
    ["interruption", ["UA", "UB", "UC"]],
  ]);
  const ran = executors.map((e) => (e.stdout.match(new RegExp(`of recording ${id}`, "g")) ?? []).length);
  expect(ran.reduce((a, b) => a + b, 0)).toBe(recording.segment_count!);

  const again = await runScript("scripts/ingest.ts", args, stack.env, { timeoutMs: 120_000 });
  expect(again.exitCode).toBe(0);
  expect(again.stdout).toContain("replacing the stored one");
  expect((await recordings.listAll()).filter((r) => r.id === id).length).toBe(1);
  expect((await recordings.get(id!)).events?.length).toBe(3);
}, 300_000);
