/**
 * `scripts/ingest.ts` end to end on the embedded Colonies server and a real store over HTTP: a COMTRADE sample
 * becomes a stored recording and one workflow; two executors detect its segments, the stitch stores the
 * events; ingesting the same file again replaces it; a CSV without a known length is finished by PATCH.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { waitForProcesses } from "../../../lib/anomaly/wait.ts";
import { ProcessState } from "../../../lib/colonies-sdk/index.ts";
import { recordingId } from "../../../lib/ingest/index.ts";
import { RecordingsClient } from "../../../lib/timeseries/index.ts";
import { RunningScript, runScript, startExecutor, waitUntil } from "../../support/child.ts";
import { startHoldProxy } from "../../support/hold-proxy.ts";
import { repoRoot, startStack, type TestStack } from "../../support/stack.ts";

let stack: TestStack;
let recordings: RecordingsClient;
const executors: RunningScript[] = [];

beforeAll(async () => {
  stack = await startStack();
  recordings = new RecordingsClient(stack.storeUrl, { token: stack.storeToken });
  for (let i = 0; i < 2; i++) executors.push((await startExecutor(stack.env)).executor);
}, 60_000);
afterAll(async () => {
  await Promise.all(executors.map((e) => e.stop()));
  await stack.stop();
});

const sample = (name: string) => join(repoRoot, "samples", name);

function ingest(args: string[]) {
  return runScript("scripts/ingest.ts", args, stack.env, { timeoutMs: 120_000 });
}

describe("ingest.ts", () => {
  test("a three-phase COMTRADE sample: one workflow, events stitched, each with its phases", async () => {
    const run = await ingest([sample("three-phase-2013-binary.cfg"), "--segment", "1", "--wait"]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const id = /Recording ([0-9a-f]{64}) /.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    expect(run.stdout).toMatch(/Workflow \S+ submitted: \d+ detect-segment processes, then stitch-recording/);

    const recording = await recordings.get(id!);
    expect(recording.channels.map((c) => c.name)).toEqual(["UA", "UB", "UC"]);
    expect(recording.segments_stored).toBe(recording.segment_count!);
    expect(recording.segments_done).toBe(recording.segment_count!);
    expect(recording.complete).toBe(true);
    // The sample holds a dip on A, an overlapping dip on A and B, and an interruption of all three.
    const events = recording.events ?? [];
    expect(events.map((e) => [e.kind, [...e.phases].sort()])).toEqual([
      ["dip", ["UA"]],
      ["dip", ["UA", "UB"]],
      ["interruption", ["UA", "UB", "UC"]],
    ]);
    expect(run.stdout).toContain(`${events.length} events in`);

    // Every segment ran as its own process, spread over the executors, and all closed successful.
    const done = await stack.colonies.getProcesses(
      { colonyname: stack.colonyname, state: ProcessState.Successful, count: 100 },
      stack.keys.user.prvkey,
    );
    const segmentRuns = done.filter(
      (p) => p.spec.funcname === "detect-segment" && p.spec.kwargs?.recording === id,
    );
    expect(segmentRuns.length).toBe(recording.segment_count!);
    const ran = executors.map((e) => (e.stdout.match(new RegExp(`of recording ${id}`, "g")) ?? []).length);
    expect(ran.reduce((a, b) => a + b, 0)).toBe(recording.segment_count!);
  }, 120_000);

  test("the same file again replaces the recording: one recording, the same events", async () => {
    const path = sample("three-phase-1999-ascii.cfg");
    const first = await ingest([path, "--segment", "2", "--wait"]);
    expect(first.exitCode).toBe(0);
    const again = await ingest([path, "--segment", "2", "--wait"]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("replacing the stored one");
    const id = /Recording ([0-9a-f]{64}) /.exec(again.stdout)?.[1];
    const all = await recordings.listAll();
    expect(all.filter((r) => r.id === id).length).toBe(1);
    const recording = await recordings.get(id!);
    expect(recording.events?.length).toBe(3);
    expect(recording.segments_stored).toBe(recording.segment_count!);
  }, 120_000);

  for (const quoted of [false, true])
    test(`a CSV ${quoted ? "with quotes (its length known only once read: finished by PATCH)" : "(its rows counted first)"}: stored, finished and detected`, async () => {
      let path = sample("three-phase-timed.csv");
      if (quoted) {
        const [header, ...rows] = (await Bun.file(path).text()).split("\n");
        path = join(stack.dir, "quoted.csv");
        await Bun.write(
          path,
          [
            header!
              .split(",")
              .map((h) => `"${h}"`)
              .join(","),
            ...rows,
          ].join("\n"),
        );
      }
      const run = await ingest([path, "--time-column", "timestamp", "--segment", "1", "--wait"]);
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(0);
      const id = /Recording ([0-9a-f]{64}) /.exec(run.stdout)?.[1];
      const recording = await recordings.get(id!);
      expect(recording.complete).toBe(true);
      expect(recording.total_samples).toBe(1500);
      expect(recording.segment_count).toBe(2);
      expect(recording.events?.map((e) => e.kind)).toEqual(["dip", "dip", "interruption"]);
    }, 120_000);

  test("bad input: a missing file, a segment that is not whole samples, no file at all", async () => {
    const missing = await ingest([join(stack.dir, "nope.cfg")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("nope.cfg not found");
    const fractional = await ingest([sample("three-phase-2013-binary.cfg"), "--segment", "0.0001"]);
    expect(fractional.exitCode).toBe(1);
    expect(fractional.stderr).toMatch(/not a whole number of samples|shorter than the 5-cycle overlap/);
    const stdinWithoutFollow = await ingest(["-"]);
    expect(stdinWithoutFollow.exitCode).toBe(1);
    expect(stdinWithoutFollow.stderr).toContain("standard input (-) is read with --follow");
    const none = await ingest([]);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain("give the recording's file (or - with --follow) first");
  }, 60_000);

  test("a workflow the Colonies server refuses (a key that is no member) fails the ingest with its reason", async () => {
    // The workflow goes in while the segments upload: its refusal must still end the run with the reason.
    const stranger = "ab".repeat(32);
    const run = await runScript(
      "scripts/ingest.ts",
      [sample("three-phase-2013-binary.cfg"), "--segment", "0.2"],
      { ...stack.env, COLONIES_PRVKEY: stranger },
      { timeoutMs: 60_000 },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toMatch(/Workflow \S+ submitted/);
    expect(run.stderr).toContain("not a member of Colony");
  }, 60_000);
});

describe("an executor killed in the middle of a segment", () => {
  test("ColonyOS gives the segment to another executor and the recording still gets all its events", async () => {
    const killStack = await startStack({ colonies: { timeoutLoopMs: 200 } });
    const proxy = startHoldProxy(killStack.storeUrl);
    const store = new RecordingsClient(killStack.storeUrl, { token: killStack.storeToken });
    try {
      const path = sample("three-phase-2013-binary.cfg");
      const id = await recordingId(path);
      const held = proxy.holdNext(`/recordings/${id}/segments/1`);
      const first = (await startExecutor(killStack.env)).executor;
      const run = await runScript(
        "scripts/ingest.ts",
        [path, "--segment", "1", "--maxexectime", "2", "--db", proxy.url],
        killStack.env,
        { timeoutMs: 60_000 },
      );
      expect(run.exitCode).toBe(0);
      const stitchId = /then stitch-recording (\S+)/.exec(run.stdout)?.[1];
      await held.arrived;
      await first.stop("SIGKILL");
      held.release();
      const second = (await startExecutor(killStack.env)).executor;
      try {
        const [stitch] = await waitForProcesses(killStack.colonies, [stitchId!], killStack.keys.user.prvkey, {
          timeoutMs: 30_000,
        });
        expect(stitch?.state).toBe(ProcessState.Successful);
        expect(second.stdout).toContain(`Segment 1 of recording ${id}`);
        const recording = await store.get(id);
        expect(recording.segments_done).toBe(recording.segment_count!);
        expect(recording.events?.length).toBe(3);
        const retried = (
          await killStack.colonies.getProcesses(
            { colonyname: killStack.colonyname, state: ProcessState.Successful, count: 100 },
            killStack.keys.user.prvkey,
          )
        ).find((p) => p.spec.funcname === "detect-segment" && p.spec.kwargs?.segment === 1);
        expect(retried?.retries).toBeGreaterThanOrEqual(1);
      } finally {
        await second.stop();
      }
    } finally {
      await proxy.stop();
      await killStack.stop();
    }
  }, 90_000);
});

describe("ingest.ts --follow", () => {
  test("a COMTRADE .cfg whose .dat grows: followed from the .dat, the recording finished when it stops", async () => {
    const cfg = join(stack.dir, "live-comtrade.cfg");
    await Bun.write(cfg, Bun.file(sample("three-phase-1999-ascii.cfg")));
    const dat = (await Bun.file(sample("three-phase-1999-ascii.dat")).text()).split("\n");
    const half = Math.floor(dat.length / 2);
    await Bun.write(join(stack.dir, "live-comtrade.dat"), `${dat.slice(0, half).join("\n")}\n`);
    const follower = new RunningScript(
      "scripts/ingest.ts",
      [cfg, "--follow", "--segment", "0.5", "--idle", "2"],
      stack.env,
    );
    try {
      await follower.waitFor(/segment 0 stored/, 30_000);
      appendFileSync(join(stack.dir, "live-comtrade.dat"), dat.slice(half).join("\n"));
      expect(await follower.finished()).toBe(0);
      const id = /Recording ([0-9a-f]{64}): the feed ended/.exec(follower.stdout)?.[1];
      const recording = await recordings.get(id!);
      expect(recording.format).toBe("comtrade");
      expect(recording.events?.map((e) => [e.kind, [...e.phases].sort()])).toEqual([
        ["dip", ["UA"]],
        ["dip", ["UA", "UB"]],
        ["interruption", ["UA", "UB", "UC"]],
      ]);
    } finally {
      if (follower.child.exitCode === null) await follower.stop();
    }
  }, 90_000);

  test("standard input (-): a CSV piped in is cut, detected and finished when the pipe closes", async () => {
    const {
      exitCode: code,
      stdout,
      stderr,
    } = await runScript(
      "scripts/ingest.ts",
      ["-", "--follow", "--segment", "0.5", "--time-column", "timestamp"],
      stack.env,
      { stdin: Bun.file(sample("three-phase-timed.csv")), timeoutMs: 60_000 },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("Following standard input");
    expect(stdout).toMatch(/the feed ended after 1500 samples in 3 segments/);
    const id = /Recording ([0-9a-f]{64}): the feed ended/.exec(stdout)?.[1];
    const recording = await recordings.get(id!);
    expect(recording.source).toBe("stdin");
    expect(recording.events?.map((e) => e.kind)).toEqual(["dip", "dip", "interruption"]);
  }, 90_000);

  test("a CSV still being written: events appear while it grows, the recording is finished when it stops", async () => {
    const rows = (await Bun.file(sample("three-phase-timed.csv")).text()).trimEnd().split("\n");
    const path = join(stack.dir, "live.csv");
    await Bun.write(path, `${rows.slice(0, 1151).join("\n")}\n`);
    const follower = new RunningScript(
      "scripts/ingest.ts",
      [path, "--follow", "--segment", "0.5", "--idle", "2", "--time-column", "timestamp"],
      stack.env,
    );
    try {
      const id = (await follower.waitFor(/Recording ([0-9a-f]{64}): segment 0 stored/, 30_000))[1]!;
      // The first segment holds a dip; the file keeps growing (blank lines) until it is in the store.
      const seen = await waitUntil(
        "the first event in the store while the file grows",
        async () => {
          appendFileSync(path, "\n");
          await Bun.sleep(200);
          const events = (await recordings.get(id)).events ?? [];
          return events.length >= 1 ? events : undefined;
        },
        30_000,
      );
      expect([seen[0]?.kind, seen[0]?.phases]).toEqual(["dip", ["ua"]]);
      expect((await recordings.get(id)).complete).toBe(false);
      appendFileSync(path, `${rows.slice(1151).join("\n")}\n`);
      expect(await follower.finished()).toBe(0);
      expect(follower.stdout).toMatch(/the feed ended after 1500 samples in 3 segments/);
      const recording = await recordings.get(id);
      expect(recording.complete).toBe(true);
      expect(recording.total_samples).toBe(1500);
      expect(recording.events?.map((e) => [e.kind, [...e.phases].sort()])).toEqual([
        ["dip", ["ua"]],
        ["dip", ["ua", "ub"]],
        ["interruption", ["ua", "ub", "uc"]],
      ]);
    } finally {
      if (follower.child.exitCode === null) await follower.stop();
    }
  }, 90_000);
});
