/**
 * Our tools against the real Colonies server, end to end: submit (plain, --container), the anomaly
 * executor (--concurrency, SIGTERM mid-process, SIGKILL then a retry by another executor), the command
 * executor, and `bun run colonies` whose tables equal the Go CLI's on the same server (the Go CLI reads the
 * same COLONIES_* variables; its status lines go to stderr as logrus lines, ours as plain lines).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ExecutorState, ProcessState } from "../../lib/colonies-sdk/index.ts";
import { RunningScript, runScript, startExecutor, waitUntil } from "../support/child.ts";
import { sigkillThenRetry, sigtermFinishes } from "../support/executor-stops.ts";
import { type HoldProxy, startHoldProxy } from "../support/hold-proxy.ts";
import { assignedIn, waitClosed } from "../support/pipeline.ts";
import { type RealStack, runGoCli, startRealStack } from "../support/real-stack.ts";

let stack: RealStack;
let proxy: HoldProxy;
const running: RunningScript[] = [];

beforeAll(async () => {
  stack = await startRealStack();
  proxy = startHoldProxy(stack.storeUrl);
});

afterAll(async () => {
  await Promise.all(running.map((child) => child.stop("SIGKILL")));
  await proxy?.stop();
  await stack?.stop();
});

const ours = (...args: string[]) => runScript("scripts/colonies.ts", args, stack.env);
const go = (...args: string[]) => runGoCli(stack.goCli, args, stack.env);

/** Both CLIs succeed and print the same stdout; returns it. */
async function sameOutput(...args: string[]): Promise<string> {
  const [mine, theirs] = await Promise.all([ours(...args), go(...args)]);
  expect(theirs.exitCode).toBe(0);
  expect(mine.exitCode).toBe(0);
  expect(mine.stdout).toBe(theirs.stdout);
  return mine.stdout;
}

/** The Go CLI logs `time="..." level=info msg="TEXT" Fields...`; ours prints `TEXT Fields...`. */
function goStatus(stderr: string): string {
  return stderr
    .trim()
    .split("\n")
    .map((line) => line.replace(/^time="[^"]*" level=\w+ msg="([^"]*)"/, "$1"))
    .join("\n");
}

const processIdsIn = (stdout: string) =>
  [...stdout.matchAll(/^Process ([0-9a-f]{64}) submitted$/gm)].map((m) => m[1]!);

describe("submit, executor --concurrency and both CLIs on one real server", () => {
  let processIds: string[];

  test("submit queues one process per series; psw is the same table in both CLIs", async () => {
    const run = await runScript("scripts/submit.ts", ["--count", "6", "--seed", "31"], stack.env);
    expect(run.exitCode).toBe(0);
    processIds = processIdsIn(run.stdout);
    expect(processIds).toHaveLength(6);
    const psw = await sameOutput("process", "psw");
    expect(psw.split("\n").filter((line) => line.startsWith("│ anomaly "))).toHaveLength(6);
    await sameOutput("process", "psw", "-i");
  }, 60_000);

  test("executor --concurrency 3 checks every series once; pss, log search, log get and executor ls match", async () => {
    const { executor, name } = await startExecutor(stack.env, ["--concurrency", "3"]);
    running.push(executor);
    const closed = await waitClosed(stack, processIds, 60_000);
    expect(closed.map((p) => p.state)).toEqual(processIds.map(() => ProcessState.Successful));
    for (const p of closed) {
      const [result] = p.out as { ts_id: string }[];
      expect(p.spec.args).toEqual([result!.ts_id]);
      expect((await stack.store.get(result!.ts_id)).process_id).toBe(p.processid);
    }
    expect(assignedIn(executor.stdout).toSorted()).toEqual(processIds.toSorted());

    const pss = await sameOutput("process", "pss");
    expect(pss.match(new RegExp(`│ ${name} │`, "g"))).toHaveLength(6);
    await sameOutput("process", "pss", "-i");
    const verdicts = closed.map((p) => (p.out[0] as { anomaly: boolean }).anomaly);
    const anomalous = verdicts.filter(Boolean).length;
    const search = await sameOutput("log", "search", "--text", "Anom");
    expect(search.match(/│ Text +│ Anomaly detected!/g) ?? []).toHaveLength(anomalous);
    await sameOutput("log", "search", "--text", "No anomaly", "--count", "50");
    for (const id of processIds.slice(0, 2)) {
      const lines = (await sameOutput("log", "get", "-p", id)).trimEnd().split("\n");
      expect(lines).toHaveLength(4);
      expect(lines[0]).toStartWith("Checking anomalies in time series with ID: ");
    }
    await sameOutput("executor", "ls");
    expect(await executor.stop()).toBe(0);
    const all = await sameOutput("executor", "ls", "--all");
    expect(all).toMatch(new RegExp(`│ ${name} │ anomaly-executor │ Unregistered │`));
  }, 120_000);

  test("status lines: the same text, on stderr, in both CLIs", async () => {
    for (const args of [
      ["process", "psw"],
      ["process", "psf"],
      ["log", "search", "--text", "nothing like this"],
      ["executor", "ls"],
    ]) {
      const [mine, theirs] = await Promise.all([ours(...args), go(...args)]);
      expect([mine.stdout, theirs.stdout]).toEqual(["", ""]);
      // The Go CLI adds logrus fields (ColonyName=dev) to some lines: ours must be a prefix.
      expect(goStatus(theirs.stderr)).toStartWith(mine.stderr.trim());
    }
  }, 60_000);
});

describe("executors stopped mid-process on the real server", () => {
  test(
    "SIGTERM: the process in hand is finished and closed, then the executor unregisters and exits 0",
    () => sigtermFinishes({ stack, proxy, running }),
    60_000,
  );

  test(
    "SIGKILL: after maxexectime the real server hands the process to another executor, which closes it",
    () => sigkillThenRetry({ stack, proxy, running, closeTimeoutMs: 90_000 }),
    120_000,
  );
});

test("submit --container runs through executor/command_executor.ts on the real server", async () => {
  const executortype = "real-container-executor";
  const env = { ...stack.env, CONTAINER_EXECUTOR_TYPE: executortype };
  const executor = new RunningScript("executor/command_executor.ts", [], env);
  running.push(executor);
  await executor.waitFor(/registered/);
  const run = await runScript("scripts/submit.ts", ["--count", "2", "--seed", "41", "--container"], env);
  expect(run.exitCode).toBe(0);
  const ids = processIdsIn(run.stdout);
  expect(ids).toHaveLength(2);
  const closed = await waitClosed(stack, ids, 90_000);
  for (const p of closed) {
    expect(p.state).toBe(ProcessState.Successful);
    expect(p.spec.funcname).toBe("execute");
    expect(p.spec.conditions.executortype).toBe(executortype);
    const tsId = (p.spec.kwargs as { args: string[] }).args.at(-1)!;
    expect((await stack.store.get(tsId)).process_id).toBe(p.processid);
  }
  expect(await executor.stop()).toBe(0);
  const unregistered = await waitUntil("the command executor unregistered", async () => {
    const all = await stack.colonies.getExecutors(stack.colonyname, stack.keys.user.prvkey);
    const mine = all.filter((e) => e.executortype === executortype);
    return mine.every((e) => e.state === ExecutorState.Unregistered) ? mine : undefined;
  });
  expect(unregistered).toHaveLength(1);
}, 120_000);
