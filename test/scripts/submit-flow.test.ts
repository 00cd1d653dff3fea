/**
 * The tutorial's ColonyOS walk-through with real processes: submit with no executor (processes wait and
 * `process psw` lists them), start an executor (it drains the queue, the store lists the anomalies), then
 * the `colonies` commands the tutorial shows. Plus submit's flag errors.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { profileSample, sampleSeeds } from "../../lib/anomaly/sample.ts";
import { type Process, ProcessState } from "../../lib/colonies-sdk/index.ts";
import { type RunningScript, runScript, startExecutor, waitUntil } from "../support/child.ts";
import { startStack, type TestStack } from "../support/stack.ts";

let stack: TestStack;
let executor: RunningScript | undefined;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await executor?.stop("SIGKILL");
  await stack.stop();
});

const colonies = (...args: string[]) => runScript("scripts/colonies.ts", args, stack.env);

function allMatches(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(new RegExp(pattern, `${pattern.flags}g`))].map((m) => m[1]!);
}

describe("submit, queue, executor, colonies CLI", () => {
  let tsIds: string[] = [];
  let processIds: string[] = [];
  let closed: Process[] = [];

  test("with no executor running the processes wait and process psw lists them", async () => {
    const submit = await runScript(
      "scripts/submit.ts",
      ["--count", "3", "--seed", "42", "--anomaly-probability", "0.002"],
      stack.env,
    );
    expect(submit.stderr).toBe("");
    expect(submit.exitCode).toBe(0);
    const out = submit.stdout;
    expect(out.startsWith("-> Generating sample data\n")).toBe(true);
    expect(out).toContain("Anomaly detected at index: ");
    tsIds = allMatches(out, /-> Adding time series with ID: ([0-9a-f]{64}) to the database\n/);
    processIds = allMatches(out, /\nProcess ([0-9a-f]{64}) submitted\n/);
    expect(tsIds).toHaveLength(3);
    expect(new Set(tsIds).size).toBe(3);
    expect(processIds).toHaveLength(3);
    expect(
      out.split("Sample waveform stored successfully.\n-> Submitting ColonyOS function spec\n"),
    ).toHaveLength(4);

    const psw = await colonies("process", "psw");
    expect(psw.exitCode).toBe(0);
    expect(psw.stdout).toContain(
      "│ FUNCNAME │ ARGS                    │ KWARGS                  │ SUBMSSION TIME      │",
    );
    for (const tsId of tsIds)
      expect(psw.stdout).toContain(`│ anomaly  │ ${tsId.slice(0, 20)}... │ db:http://127.0.0.1:... │`);
    expect(psw.stdout).toContain("│ anomaly-executor │ myuser    │");

    const json = JSON.parse((await colonies("process", "psw", "--json")).stdout) as Process[];
    expect(json.map((p) => p.processid).sort()).toEqual([...processIds].sort());
    for (const p of json) {
      expect(p.spec.args).toHaveLength(1);
      expect(p.spec.kwargs).toEqual({ db: stack.storeUrl });
      expect(p.spec.maxexectime).toBeGreaterThan(0);
      expect(p.spec.maxretries).toBeGreaterThan(0);
    }
  }, 30_000);

  test("an executor drains the queue and the store lists the anomalous series", async () => {
    ({ executor } = await startExecutor(stack.env));
    closed = await waitUntil("the 3 processes to close", async () => {
      const all = await Promise.all(
        processIds.map((id) => stack.colonies.getProcess(id, stack.keys.user.prvkey)),
      );
      return all.every((p) => p.state === ProcessState.Successful) ? all : undefined;
    });
    const anomalous = closed
      .flatMap((p) => p.out as { ts_id: string; anomaly: boolean; kl_divergence: number }[])
      .filter((r) => r.anomaly);
    expect(anomalous.length).toBeGreaterThan(0);
    for (const p of closed) {
      expect(p.out).toHaveLength(1);
      expect((p.out[0] as { ts_id: string }).ts_id).toBe(tsIds[processIds.indexOf(p.processid)]!);
    }
    const listed = await stack.store.listAll({ anomalies: true });
    expect(listed.map((s) => s.ts_id).sort()).toEqual(anomalous.map((r) => r.ts_id).sort());
    for (const summary of listed) {
      const process = closed.find((p) => (p.out[0] as { ts_id: string }).ts_id === summary.ts_id)!;
      expect(summary.process_id).toBe(process.processid);
    }
    const pss = await colonies("process", "pss");
    for (const tsId of tsIds) expect(pss.stdout).toContain(`${tsId.slice(0, 20)}...`);
    // Status lines go to stderr, as the Go CLI logs them.
    const psw = await colonies("process", "psw");
    expect([psw.stdout, psw.stderr.trim()]).toEqual(["", "No waiting processes found"]);
  }, 30_000);

  test("log search --text Anom finds the executor's anomaly lines; log get prints a process's lines", async () => {
    const search = await colonies("log", "search", "--text", "Anom");
    expect(search.exitCode).toBe(0);
    expect(search.stderr.trim()).toBe("Searching for logs Count=20 Days=1 Text=Anom");
    expect(search.stdout.startsWith("╭──────────────┬")).toBe(true);
    expect(search.stdout).toContain("│ Text         │ Anomaly detected! KL Divergence: ");
    expect(search.stdout).toMatch(/│ ExecutorName │ anomaly-executor-[A-Z0-9]{5} +│/);

    const id = processIds[0]!;
    const lines = (await colonies("log", "get", "-p", id)).stdout.trim().split("\n");
    const tsId = tsIds[0]!;
    expect(lines.slice(0, 3)).toEqual([
      `Checking anomalies in time series with ID: ${tsId}`,
      `Fetching time series data with ID: ${tsId} from database ${stack.storeUrl}`,
      `Detecting anomalies in time series with ID: ${tsId}`,
    ]);
    expect(lines[3]).toMatch(
      new RegExp(
        `^(Anomaly detected!|No anomaly detected\\.) KL Divergence: [0-9.e-]+, time series ID: ${tsId}$`,
      ),
    );

    const followed = await colonies("log", "get", "-p", id, "--follow");
    expect(followed.exitCode).toBe(0);
    expect(followed.stdout.trim().split("\n")).toEqual(lines);

    const get = await colonies("process", "get", "-p", id);
    expect(get.stdout).toContain("│ State            │ Successful");
    expect(get.stdout).toContain(`"ts_id":"${tsId.slice(0, 20)}`);
    const executors = await colonies("executor", "ls");
    expect(executors.stdout).toMatch(/│ anomaly-executor-[A-Z0-9]{5} │ anomaly-executor │ n\/a +│/);
    const stats = JSON.parse((await colonies("colony", "stats", "--json")).stdout) as {
      successfulprocesses: number;
    };
    expect(stats.successfulprocesses).toBe(3);
  }, 30_000);

  test("submit --wait prints each result once the executor closed it", async () => {
    const submit = await runScript("scripts/submit.ts", ["--count", "2", "--wait"], stack.env);
    expect(submit.exitCode).toBe(0);
    const results = allMatches(
      submit.stdout,
      /^Process ([0-9a-f]{64}) successful: anomaly (?:True|False), KL Divergence: [0-9.e-]+, time series ID: [0-9a-f]{64}$/m,
    );
    expect(results).toHaveLength(2);
  }, 30_000);
});

describe("submit flags", () => {
  test.each([
    [["--count", "0"], "--count must be ≥ 1, got 0"],
    [["--anomaly-probability", "2"], "--anomaly-probability must be between 0 and 1, got 2"],
    [["--bogus"], "unknown flag --bogus"],
    [["--count", "many"], "--count must be a number"],
    [["--db", "nowhere"], '--db must be an http(s) URL, got "nowhere"'],
    [["--maxexectime", "0"], "--maxexectime must be -1 or ≥ 1, got 0"],
    [["--profile", "loud"], "--profile must be one of tutorial, noisy, realistic, shallow, short, swells"],
  ])("%p is refused with a clear message", async (args, message) => {
    const result = await runScript("scripts/submit.ts", args, stack.env);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });

  test("--profile realistic stores the profile's one-second sample for the seed", async () => {
    const result = await runScript(
      "scripts/submit.ts",
      ["--profile", "realistic", "--count", "1", "--seed", "5", "--anomaly-probability", "0.002"],
      stack.env,
    );
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const [tsId] = allMatches(
      result.stdout,
      /-> Adding time series with ID: ([0-9a-f]{64}) to the database\n/,
    );
    const stored = await stack.store.get(tsId!);
    const expected = profileSample("realistic", 0.002, sampleSeeds(1, 5)[0]);
    expect(stored.data.map((p) => p.value)).toEqual([...expected.anomaly]);
  });

  test("--help lists the flags", async () => {
    const result = await runScript("scripts/submit.ts", ["--help"], stack.env);
    expect(result.exitCode).toBe(0);
    for (const flag of [
      "--count",
      "--anomaly-probability",
      "--seed",
      "--db",
      "--wait",
      "--maxexectime",
      "--profile",
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});
