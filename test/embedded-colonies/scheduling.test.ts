/**
 * Scheduling semantics of the embedded server over HTTP: exclusive assignment under concurrency, priority
 * then FIFO, long-poll woken by a submit, exec/wait time limits, requeue on executor removal or staleness,
 * and persistence across a restart.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import { approvedExecutor, type Fixture, startFixture } from "../support/colonies-server.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ timeoutLoopMs: 100 });
});
afterAll(() => f.close());

const spec = (executortype: string, overrides: Partial<Parameters<typeof funcSpec>[0]> = {}) =>
  funcSpec({ funcname: "job", args: [], kwargs: {}, colonyname: "dev", executortype, ...overrides });

describe("assignment", () => {
  test("8 concurrent executors process 500 processes, each exactly once", async () => {
    const type = "exclusive";
    const executors = await Promise.all(Array.from({ length: 8 }, () => approvedExecutor(f, type)));
    const submitted = new Set<string>();
    const queue = Array.from({ length: 500 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          submitted.add(
            (await f.client.submitFunctionSpec(spec(type, { args: [i] }), f.user.prvkey)).processid,
          );
        }
      }),
    );
    const seen: string[] = [];
    await Promise.all(
      executors.map(async (e) => {
        for (;;) {
          const p = await f.client.assign("dev", -1, e.prvkey);
          if (!p) return;
          seen.push(p.processid);
          await f.client.closeSuccessful(p.processid, [e.name], e.prvkey);
        }
      }),
    );
    expect(seen).toHaveLength(500);
    expect(new Set(seen).size).toBe(500);
    expect(new Set(seen)).toEqual(submitted);
    const done = await f.client.getProcesses(
      { colonyname: "dev", state: 2, count: 100, executortype: type },
      f.user.prvkey,
    );
    expect(done).toHaveLength(100);
  });

  test("higher priority first, then submission order", async () => {
    const type = "priority";
    const e = await approvedExecutor(f, type);
    const low = await f.client.submitFunctionSpec(spec(type, { priority: 0 }), f.user.prvkey);
    const first = await f.client.submitFunctionSpec(spec(type, { priority: 5 }), f.user.prvkey);
    const second = await f.client.submitFunctionSpec(spec(type, { priority: 5 }), f.user.prvkey);
    expect(first.prioritytime).toBeLessThan(low.prioritytime);
    const order = [];
    for (let i = 0; i < 3; i++) {
      const p = (await f.client.assign("dev", -1, e.prvkey))!;
      order.push(p.processid);
      await f.client.closeSuccessful(p.processid, [], e.prvkey);
    }
    expect(order).toEqual([first.processid, second.processid, low.processid]);
  });

  test("only the executor type, and executornames, match", async () => {
    const a = await approvedExecutor(f, "type-a");
    const b = await approvedExecutor(f, "type-a");
    const p = await f.client.submitFunctionSpec(spec("type-a", { executornames: [b.name] }), f.user.prvkey);
    expect(await f.client.assign("dev", -1, a.prvkey)).toBeNull();
    expect((await f.client.assign("dev", -1, b.prvkey))?.processid).toBe(p.processid);
    await f.client.closeSuccessful(p.processid, [], b.prvkey);
  });

  test("a long-polling assign is woken by a submit, well before its timeout", async () => {
    const type = "longpoll";
    const e = await approvedExecutor(f, type);
    const started = performance.now();
    const pending = f.client.assign("dev", 30, e.prvkey);
    await Bun.sleep(200); // the executor is now waiting inside the server
    const submitSentAt = performance.now();
    const submitted = await f.client.submitFunctionSpec(spec(type), f.user.prvkey);
    const assigned = await pending;
    const wokenAfterMs = performance.now() - submitSentAt;
    expect(assigned?.processid).toBe(submitted.processid);
    // Woken by the submit, not by the 30 s deadline (the latency itself is reported, not asserted).
    expect(performance.now() - started).toBeLessThan(30_000);
    console.log(`long-poll answered ${wokenAfterMs.toFixed(1)} ms after the submit was sent`);
    await f.client.closeSuccessful(submitted.processid, [], e.prvkey);
  });

  test("a long-poll whose client disconnected does not take the next process", async () => {
    const type = "disconnect";
    const gone = await approvedExecutor(f, type);
    const abort = new AbortController();
    const pending = f.client.assign("dev", 30, gone.prvkey, { signal: abort.signal }).catch(() => "aborted");
    await Bun.sleep(200);
    abort.abort();
    expect(await pending).toBe("aborted");
    await Bun.sleep(100); // let the server see the closed connection
    const p = await f.client.submitFunctionSpec(spec(type), f.user.prvkey);
    const live = await approvedExecutor(f, type);
    expect((await f.client.assign("dev", -1, live.prvkey))?.processid).toBe(p.processid);
    await f.client.closeSuccessful(p.processid, [], live.prvkey);
  });

  test("a long-poll with nothing to do answers 404 at its deadline", async () => {
    const e = await approvedExecutor(f, "idle");
    expect(await f.client.assign("dev", 1, e.prvkey)).toBeNull();
  });
});

describe("time limits", () => {
  test("maxexectime expiry requeues with a retry, then fails when maxretries is used up", async () => {
    const type = "exec-limit";
    const e = await approvedExecutor(f, type);
    const p = await f.client.submitFunctionSpec(spec(type, { maxexectime: 1, maxretries: 1 }), f.user.prvkey);
    const first = await f.client.assign("dev", 10, e.prvkey);
    expect(first?.processid).toBe(p.processid);
    const again = await f.client.assign("dev", 10, e.prvkey); // requeued after ~1 s
    expect(again?.processid).toBe(p.processid);
    expect(again?.retries).toBe(1);
    let state = again!;
    while (state.state !== 3) {
      await Bun.sleep(200);
      state = await f.client.getProcess(p.processid, f.user.prvkey);
    }
    expect(state.errors).toEqual(["Maximum execution time limit exceeded"]);
    expect(state.retries).toBe(1);
  });

  test("after an expiry the old assignee may no longer close", async () => {
    const type = "exec-stolen";
    const e = await approvedExecutor(f, type);
    const p = await f.client.submitFunctionSpec(
      spec(type, { maxexectime: 1, maxretries: -1 }),
      f.user.prvkey,
    );
    await f.client.assign("dev", 10, e.prvkey);
    let row = await f.client.getProcess(p.processid, f.user.prvkey);
    while (row.state === 1) {
      await Bun.sleep(200);
      row = await f.client.getProcess(p.processid, f.user.prvkey);
    }
    expect(row.state).toBe(0);
    expect(row.assignedexecutorid).toBe("");
    await expect(f.client.closeSuccessful(p.processid, [], e.prvkey)).rejects.toMatchObject({
      status: 403,
      message: "Failed to close process as successful, process is not assigned",
    });
    await f.client.removeProcess(p.processid, f.user.prvkey);
  });

  test("maxwaittime expiry fails a waiting process", async () => {
    const p = await f.client.submitFunctionSpec(spec("nobody-runs-this", { maxwaittime: 1 }), f.user.prvkey);
    expect(p.waitdeadline).not.toBe("0001-01-01T00:00:00Z");
    let row = p;
    while (row.state === 0) {
      await Bun.sleep(200);
      row = await f.client.getProcess(p.processid, f.user.prvkey);
    }
    expect(row.state).toBe(3);
    expect(row.errors).toEqual(["Maximum waiting time limit exceeded"]);
  });
});

describe("executor lifecycle", () => {
  test("removing an executor puts its running processes back to waiting", async () => {
    const type = "removal";
    const e = await approvedExecutor(f, type);
    const p = await f.client.submitFunctionSpec(spec(type), f.user.prvkey);
    await f.client.assign("dev", -1, e.prvkey);
    await f.client.removeExecutor("dev", e.name, f.colony.prvkey);
    const row = await f.client.getProcess(p.processid, f.user.prvkey);
    expect(row).toMatchObject({
      state: 0,
      isassigned: false,
      assignedexecutorid: "",
      starttime: "0001-01-01T00:00:00Z",
    });
    const next = await approvedExecutor(f, type);
    expect((await f.client.assign("dev", -1, next.prvkey))?.processid).toBe(p.processid);
    await f.client.closeSuccessful(p.processid, [], next.prvkey);
  });

  test("a stale executor is unregistered and its work requeued", async () => {
    const g = await startFixture({ cleanupIntervalMs: 100, staleExecutorMs: 300 });
    try {
      const e = await approvedExecutor(g, "stale");
      const p = await g.client.submitFunctionSpec(spec("stale"), g.user.prvkey);
      await g.client.assign("dev", -1, e.prvkey);
      let executor = await g.client.getExecutor("dev", e.name, g.user.prvkey);
      while (executor.state !== 3) {
        await Bun.sleep(100);
        executor = await g.client.getExecutor("dev", e.name, g.user.prvkey);
      }
      expect((await g.client.getProcess(p.processid, g.user.prvkey)).state).toBe(0);
    } finally {
      await g.close();
    }
  });
});

describe("re-registration", () => {
  test("with COLONIES_ALLOW_EXECUTOR_REREGISTER the same name replaces the old executor and requeues its work", async () => {
    const g = await startFixture({ allowExecutorReregister: true });
    try {
      const old = await approvedExecutor(g, "rereg", "same-name");
      const p = await g.client.submitFunctionSpec(spec("rereg"), g.user.prvkey);
      await g.client.assign("dev", -1, old.prvkey);
      const fresh = await approvedExecutor(g, "rereg", "same-name");
      expect((await g.client.getExecutor("dev", "same-name", g.user.prvkey)).executorid).toBe(fresh.id);
      expect((await g.client.assign("dev", -1, fresh.prvkey))?.processid).toBe(p.processid);
    } finally {
      await g.close();
    }
  });
});

describe("persistence", () => {
  test("a restart loses no waiting process and keeps their order", async () => {
    const type = "restart";
    const e = await approvedExecutor(f, type);
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await f.client.submitFunctionSpec(spec(type, { args: [i] }), f.user.prvkey)).processid);
    await f.restart();
    const waiting = await f.client.getProcesses(
      { colonyname: "dev", state: 0, count: 100, executortype: type },
      f.user.prvkey,
    );
    expect(waiting.map((p) => p.processid)).toEqual(ids);
    const order = [];
    for (let i = 0; i < 5; i++) {
      const p = (await f.client.assign("dev", -1, e.prvkey))!;
      order.push(p.processid);
      await f.client.closeSuccessful(p.processid, [], e.prvkey);
    }
    expect(order).toEqual(ids);
  });
});
