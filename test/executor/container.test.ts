/**
 * The container path end to end with real servers and real processes: executor/detect.ts against the store,
 * and executor/command_executor.ts running submitted container specs (success, a failing detector, bad args,
 * a command past its deadline) on the embedded Colonies server, then `submit --container` through it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  ExecutorState,
  type FunctionSpec,
  type Process,
  ProcessState,
} from "../../lib/colonies-sdk/index.ts";
import { loadContainerConfig } from "../../lib/container/config.ts";
import { containerFuncSpec } from "../../lib/container/spec.ts";
import { generateSample } from "../../lib/signal/index.ts";
import { sampleToPoints } from "../../lib/timeseries/samples.ts";
import { RunningScript, runScript, waitUntil } from "../support/child.ts";
import { startHoldProxy } from "../support/hold-proxy.ts";
import { startStack, type TestStack } from "../support/stack.ts";

const executortype = "container-test-executor";
const PROCESS_ID = "c".repeat(64);
const anomalous = `anomalous-${crypto.randomUUID()}`;
const normal = `normal-${crypto.randomUUID()}`;

let stack: TestStack;
let hang: import("bun").TCPSocketListener<undefined>;
let executor: RunningScript;

beforeAll(async () => {
  stack = await startStack();
  await stack.store.put({
    ts_id: anomalous,
    process_id: "",
    data: sampleToPoints(generateSample({ seed: 7, anomalyProbability: 1 })),
  });
  await stack.store.put({
    ts_id: normal,
    process_id: "",
    data: sampleToPoints(generateSample({ seed: 8, anomalyProbability: 0 })),
  });
  // A "store" that accepts connections and never answers: the detector hangs until it is killed.
  hang = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
});

afterAll(async () => {
  await executor?.stop("SIGKILL");
  hang?.stop(true);
  await stack?.stop();
});

describe("executor/detect.ts", () => {
  test("checks each series, updates the store and prints one JSON line per series", async () => {
    const run = await runScript("executor/detect.ts", ["--db", stack.storeUrl, anomalous, normal], {
      ...stack.env,
      COLONIES_PROCESS_ID: PROCESS_ID,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("warning:"); // no model.json: the tutorial's threshold
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.ts_id, l.anomaly])).toEqual([
      [anomalous, true],
      [normal, false],
    ]);
    for (const line of lines) {
      const stored = await stack.store.get(line.ts_id);
      expect(stored.anomaly).toBe(line.anomaly);
      expect(stored.kl_divergence).toBe(line.kl_divergence);
      expect(stored.process_id).toBe(PROCESS_ID);
    }
  });

  test("a missing series exits non-zero naming it, after checking the others", async () => {
    const run = await runScript("executor/detect.ts", ["--", "no-such-series", normal], stack.env);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("no-such-series not found");
    expect(JSON.parse(run.stdout.trim()).ts_id).toBe(normal);
  });

  test("bad arguments exit 2 with the usage", async () => {
    const run = await runScript("executor/detect.ts", ["--db", "ftp://example", normal], stack.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("usage: bun executor/detect.ts");
  });
});

function spec(db: string, tsIds: string[], overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  const base = containerFuncSpec({
    ...loadContainerConfig({}),
    executorType: executortype,
    colonyname: stack.colonyname,
    db,
    tsIds,
  });
  return { ...base, ...overrides };
}

async function submitAndWait(functionSpec: FunctionSpec): Promise<Process> {
  const { processid } = await stack.colonies.submitFunctionSpec(functionSpec, stack.keys.user.prvkey);
  return waitUntil(`process ${processid} closed`, async () => {
    const p = await stack.colonies.getProcess(processid, stack.keys.user.prvkey);
    return p.state === ProcessState.Successful || p.state === ProcessState.Failed ? p : undefined;
  });
}

describe("executor/command_executor.ts", () => {
  beforeAll(async () => {
    executor = new RunningScript("executor/command_executor.ts", [], {
      ...stack.env,
      CONTAINER_EXECUTOR_TYPE: executortype,
    });
    await executor.waitFor(/Executor (container-executor-\w{5}) registered/);
  });

  test("runs a submitted container spec and closes it with the detector's JSON lines", async () => {
    const closed = await submitAndWait(spec(stack.storeUrl, [anomalous, normal]));
    expect(closed.state).toBe(ProcessState.Successful);
    expect(closed.out).toEqual([
      { ts_id: anomalous, anomaly: true, kl_divergence: expect.any(Number), events: null },
      { ts_id: normal, anomaly: false, kl_divergence: expect.any(Number), events: null },
    ]);
    expect((await stack.store.get(normal)).process_id).toBe(closed.processid);
  });

  test("a detector failure closes the process failed with its stderr", async () => {
    const closed = await submitAndWait(spec(stack.storeUrl, ["no-such-series"]));
    expect(closed.state).toBe(ProcessState.Failed);
    expect(closed.errors[0]).toBe("detector command exited with code 1");
    expect(closed.errors[1]).toContain("no-such-series not found");
  });

  test("refuses anything but the detector command", async () => {
    const base = spec(stack.storeUrl, [normal]);
    const marker = `${stack.dir}/pwned`;
    const closed = await submitAndWait({ ...base, kwargs: { ...base.kwargs, cmd: "touch", args: [marker] } });
    expect(closed.state).toBe(ProcessState.Failed);
    expect(closed.errors[0]).toContain('bad arguments: kwargs.cmd must be "bun"');
    expect(await Bun.file(marker).exists()).toBe(false);
  });

  test("kills a detector that runs past maxexectime", async () => {
    const closed = await submitAndWait(
      spec(`http://127.0.0.1:${hang.port}`, [normal], { maxexectime: 3, maxretries: 0 }),
    );
    expect(closed.state).toBe(ProcessState.Failed);
    expect(closed.errors[0]).toBe("detector command killed after 2.5 s (maxexectime)");
  });

  test("submit --container hands each new series to it", async () => {
    const run = await runScript(
      "scripts/submit.ts",
      ["--container", "--count", "2", "--seed", "3", "--wait"],
      {
        ...stack.env,
        CONTAINER_EXECUTOR_TYPE: executortype,
      },
    );
    expect(run.exitCode).toBe(0);
    const ids = [...run.stdout.matchAll(/Process ([0-9a-f]{64}) submitted/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const p = await stack.colonies.getProcess(id, stack.keys.user.prvkey);
      expect(p.spec.funcname).toBe("execute");
      expect(p.state).toBe(ProcessState.Successful);
    }
  });

  test("SIGTERM unregisters the executor and exits 0", async () => {
    const type = "container-sigterm-test";
    const own = new RunningScript("executor/command_executor.ts", [], {
      ...stack.env,
      CONTAINER_EXECUTOR_TYPE: type,
    });
    const name = (await own.waitFor(/Executor (\S+) registered/))[1];
    expect(await own.stop("SIGTERM")).toBe(0);
    expect(own.stdout).toContain(`Executor ${name} unregistered`);
    const executors = await stack.colonies.getExecutors(stack.colonyname, stack.keys.user.prvkey);
    expect(executors.filter((e) => e.executortype === type).map((e) => e.state)).toEqual([
      ExecutorState.Unregistered,
    ]);
  });

  test("a COLONIES_EXECUTOR_NAME already registered under another key fails, saying what to do", async () => {
    const env = {
      ...stack.env,
      CONTAINER_EXECUTOR_TYPE: "container-name-test",
      COLONIES_EXECUTOR_NAME: "taken",
    };
    const first = new RunningScript("executor/command_executor.ts", [], env);
    try {
      await first.waitFor(/Executor taken registered/);
      const second = await runScript("executor/command_executor.ts", [], env);
      expect(second.exitCode).not.toBe(0);
      expect(second.stderr).toContain("executor name taken already exists in colony");
      expect(second.stderr).toContain("choose another name (COLONIES_EXECUTOR_NAME)");
    } finally {
      await first.stop();
    }
  });

  test("Ctrl-C at a terminal, arriving twice (process group + wrapper), finishes the process in hand", async () => {
    const type = "container-ctrl-c-test";
    const proxy = startHoldProxy(stack.storeUrl);
    const own = new RunningScript(
      "executor/command_executor.ts",
      [],
      { ...stack.env, CONTAINER_EXECUTOR_TYPE: type },
      { detached: true },
    );
    try {
      const name = (await own.waitFor(/Executor (\S+) registered/))[1];
      const hold = proxy.holdNext(`/timeseries/${normal}`);
      const base = spec(proxy.url, [normal]);
      const { processid } = await stack.colonies.submitFunctionSpec(
        { ...base, conditions: { ...base.conditions, executortype: type } },
        stack.keys.user.prvkey,
      );
      await hold.arrived;
      own.signalGroup("SIGINT");
      own.signalGroup("SIGINT");
      await own.waitFor(/SIGINT received: finishing the process in hand/);
      hold.release();
      expect(await own.stop()).toBe(0);
      expect(own.stdout).toContain(`Process ${processid} successful`);
      expect(own.stdout).toContain(`Executor ${name} unregistered`);
      const closed = await stack.colonies.getProcess(processid, stack.keys.user.prvkey);
      expect(closed.state).toBe(ProcessState.Successful);
    } finally {
      await own.stop("SIGKILL");
      await proxy.stop();
    }
  }, 30_000);
});
