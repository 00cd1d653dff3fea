/**
 * Every message type of the embedded Colonies server over real HTTP: the happy path through the SDK client,
 * and its role rule (a wrong signer gets the real server's status and text).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import type { Process } from "../../lib/colonies-sdk/types.ts";
import {
  approvedExecutor,
  errorOf,
  type Fixture,
  identity,
  send,
  startFixture,
} from "../support/colonies-server.ts";

let f: Fixture;
let exec: Awaited<ReturnType<typeof approvedExecutor>>;
let other: Awaited<ReturnType<typeof approvedExecutor>>;
const stranger = identity();

beforeAll(async () => {
  f = await startFixture();
  exec = await approvedExecutor(f, "msg-executor");
  other = await approvedExecutor(f, "msg-executor");
});
afterAll(() => f.close());

const spec = (overrides: Partial<Parameters<typeof funcSpec>[0]> = {}) =>
  funcSpec({
    funcname: "job",
    args: ["a"],
    kwargs: { k: 1 },
    colonyname: "dev",
    executortype: "msg-executor",
    ...overrides,
  });

async function rejected(message: Record<string, unknown>, key: string) {
  const reply = await send(f.server.url, message as { msgtype: string }, key);
  expect(reply.envelope.error).toBe(true);
  expect(reply.envelope.payloadtype).toBe("error");
  expect(errorOf(reply).status).toBe(reply.status);
  return errorOf(reply);
}

/** Submits a process and lets `exec` take it. */
async function runningProcess(): Promise<Process> {
  const submitted = await f.client.submitFunctionSpec(spec({ executornames: [exec.name] }), f.user.prvkey);
  const assigned = await f.client.assign("dev", -1, exec.prvkey);
  expect(assigned?.processid).toBe(submitted.processid);
  return assigned!;
}

describe("colonies and users", () => {
  test("addcolonymsg: server owner only; duplicate names and bad ids are refused", async () => {
    const colony = identity();
    const added = await f.client.addColony({ colonyid: colony.id, name: "second" }, f.serverKey.prvkey);
    expect(added).toEqual({ colonyid: colony.id, name: "second" });
    expect(
      await rejected(messages.addColony({ colonyid: colony.id, name: "third" }), f.colony.prvkey),
    ).toEqual({
      status: 403,
      message: "Access denied, not server owner",
    });
    expect(
      await rejected(messages.addColony({ colonyid: colony.id, name: "second" }), f.serverKey.prvkey),
    ).toEqual({
      status: 400,
      message: "A Colony with name <second> already exists",
    });
    expect(await rejected(messages.addColony({ colonyid: "abc", name: "x" }), f.serverKey.prvkey)).toEqual({
      status: 400,
      message: "Failed to add colony, invalid colony Id length",
    });
  });

  test("getcoloniesmsg: server owner only", async () => {
    const reply = await send(f.server.url, { msgtype: "getcoloniesmsg" }, f.serverKey.prvkey);
    expect(reply.status).toBe(200);
    expect((reply.payload as { name: string }[]).map((c) => c.name)).toContain("dev");
    expect(await rejected({ msgtype: "getcoloniesmsg" }, f.colony.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not server owner",
    });
  });

  test("getcolonymsg: members only", async () => {
    expect(await f.client.getColony("dev", f.user.prvkey)).toEqual({ colonyid: f.colony.id, name: "dev" });
    expect(await rejected(messages.getColony("dev"), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.getColony("nope"), f.user.prvkey)).toEqual({
      status: 403,
      message: "Colony with name <nope> does not exists",
    });
  });

  test("addusermsg: colony owner only; names unique per colony", async () => {
    const u = identity();
    const user = { colonyname: "dev", userid: u.id, name: "second-user", email: "e@x", phone: "1" };
    expect(await f.client.addUser(user, f.colony.prvkey)).toEqual(user);
    expect(await rejected(messages.addUser({ ...user, name: "x" }), f.user.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not colony owner",
    });
    expect(await rejected(messages.addUser({ ...user, userid: identity().id }), f.colony.prvkey)).toEqual({
      status: 400,
      message: "A user with name <second-user> already exists in Colony with name <dev>",
    });
  });

  test("getstatisticsmsg (server owner) and getcolonystatsmsg (member)", async () => {
    const all = await f.client.getStatistics(f.serverKey.prvkey);
    expect(all.colonies).toBeGreaterThanOrEqual(1);
    const colony = await f.client.getColonyStatistics("dev", f.user.prvkey);
    expect(colony.colonies).toBe(1);
    expect(colony.activeexecutors).toBeGreaterThanOrEqual(2);
    expect(await rejected({ msgtype: "getstatisticsmsg" }, f.user.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not server owner",
    });
    expect(await rejected({ msgtype: "getcolonystatsmsg", colonyname: "dev" }, stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected({ msgtype: "getcolonystatsmsg", colonyname: "nope" }, f.user.prvkey)).toEqual({
      status: 400,
      message: "Colony with name <nope> not found",
    });
  });
});

describe("executors and functions", () => {
  test("addexecutormsg starts pending; approve/reject/remove need the colony owner", async () => {
    const k = identity();
    const executor = await f.client.addExecutor(
      { executorname: "pending-one", executorid: k.id, colonyname: "dev", executortype: "t" },
      f.colony.prvkey,
    );
    expect(executor.state).toBe(0);
    expect(executor.lastheardfromtime).toBe("0001-01-01T00:00:00Z");
    expect(executor.capabilities).toEqual({ hardware: null, software: null });
    expect(
      await rejected(
        messages.addExecutor({ executorname: "x", executorid: k.id, colonyname: "dev", executortype: "t" }),
        f.user.prvkey,
      ),
    ).toEqual({ status: 403, message: "Access denied, not colony owner" });
    expect(
      await rejected(
        messages.addExecutor({
          executorname: "pending-one",
          executorid: k.id,
          colonyname: "dev",
          executortype: "t",
        }),
        f.colony.prvkey,
      ),
    ).toEqual({ status: 400, message: "Executor with name <pending-one> in Colony <dev> already exists" });
    // A pending executor is not an approved member.
    expect(await rejected(messages.assign("dev", -1), k.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.approveExecutor("dev", "pending-one"), f.user.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not colony owner",
    });
    expect(await rejected(messages.approveExecutor("dev", "ghost"), f.colony.prvkey)).toEqual({
      status: 500,
      message: "Failed to approve executor, executor is nil",
    });
    await f.client.rejectExecutor("dev", "pending-one", f.colony.prvkey);
    expect((await f.client.getExecutor("dev", "pending-one", f.user.prvkey)).state).toBe(2);
    await f.client.approveExecutor("dev", "pending-one", f.colony.prvkey);
    expect((await f.client.getExecutor("dev", "pending-one", f.user.prvkey)).state).toBe(1);
    expect(await rejected(messages.removeExecutor("dev", "pending-one"), k.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not colony owner",
    });
    await f.client.removeExecutor("dev", "pending-one", f.colony.prvkey);
    expect((await f.client.getExecutor("dev", "pending-one", f.user.prvkey)).state).toBe(3);
  });

  test("getexecutorsmsg (membership without approval), getexecutormsg, getexecutorbyidmsg", async () => {
    const list = await f.client.getExecutors("dev", f.user.prvkey);
    expect(list.map((e) => e.executorname)).toContain(exec.name);
    expect((await f.client.getExecutor("dev", exec.name, exec.prvkey)).executorid).toBe(exec.id);
    expect((await f.client.getExecutorById("dev", exec.id, f.user.prvkey)).executorname).toBe(exec.name);
    expect(await rejected(messages.getExecutors("dev"), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.getExecutor("dev", exec.name), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.getExecutor("dev", "ghost"), f.user.prvkey)).toEqual({
      status: 500,
      message: "Failed to get executor, executor is nil",
    });
    expect(await rejected(messages.getExecutorById("dev", stranger.id), f.user.prvkey)).toEqual({
      status: 404,
      message: "Failed to get executor by ID, executor is nil",
    });
  });

  test("addfunctionmsg only for the signing executor itself; getfunctionsmsg lists them", async () => {
    const fn = await f.client.addFunction(
      { executorname: exec.name, colonyname: "dev", funcname: "job" },
      exec.prvkey,
    );
    expect(fn.functionid).toMatch(/^[0-9a-f]{64}$/);
    expect(fn.counter).toBe(0);
    expect(
      await rejected(
        messages.addFunction({ executorname: exec.name, colonyname: "dev", funcname: "x" }),
        other.prvkey,
      ),
    ).toEqual({ status: 403, message: "Not allowed to add a function to another executor" });
    expect(
      await rejected(
        messages.addFunction({ executorname: "ghost", colonyname: "dev", funcname: "x" }),
        exec.prvkey,
      ),
    ).toEqual({ status: 400, message: "Failed to add function, Executor with name <ghost> does not exist" });
    const fns = await f.client.getFunctions("dev", exec.name, f.user.prvkey);
    expect(fns.map((x) => x.funcname)).toEqual(["job"]);
    const none = await send(f.server.url, messages.getFunctions("dev", "nobody"), f.user.prvkey);
    expect(none.payload).toBeNull();
    expect(await rejected(messages.getFunctions("dev", ""), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
  });
});

describe("processes", () => {
  test("submitfuncspecmsg returns the full Process; members only; priority range", async () => {
    const p = await f.client.submitFunctionSpec(spec({ label: "lbl" }), f.user.prvkey);
    expect(p.state).toBe(0);
    expect(p.initiatorname).toBe("myuser");
    expect(p.initiatorid).toBe(f.user.id);
    expect(typeof p.prioritytime).toBe("bigint");
    for (const key of ["parents", "children", "in", "out", "errors", "attributes"] as const)
      expect(p[key]).toEqual([]);
    expect(p.starttime).toBe("0001-01-01T00:00:00Z");
    expect(p.submissiontime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(p.spec.conditions.cpu).toBe("0m");
    expect(p.spec.conditions.mem).toBe("0Mi");
    expect(await rejected({ msgtype: "submitfuncspecmsg", spec: spec() }, stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(
      await rejected({ msgtype: "submitfuncspecmsg", spec: { ...spec(), priority: 50001 } }, f.user.prvkey),
    ).toEqual({
      status: 400,
      message: "Failed to submit function spec, priority outside range [-50000, 50000]",
    });
    const trap = await rejected(
      { msgtype: "submitfuncspecmsg", spec: { ...spec(), maxexectime: 0 } },
      f.user.prvkey,
    );
    expect(trap.status).toBe(400);
    expect(trap.message).toContain("use -1 for no limit");
    await f.client.removeProcess(p.processid, f.user.prvkey);
  });

  test("assignprocessmsg: approved executors only; users get 500; timeout 0 is refused", async () => {
    expect(await rejected(messages.assign("dev", -1), f.user.prvkey)).toEqual({
      status: 500,
      message: "Failed to assign process, executor not found",
    });
    expect(await rejected(messages.assign("dev", -1), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.assign("dev", 0), exec.prvkey)).toEqual({
      status: 400,
      message: "Invalid timeout value, timeout cannot be zero",
    });
    expect(await rejected(messages.assign("dev", -1), exec.prvkey)).toEqual({
      status: 404,
      message: "No process available for assignment",
    });
    const p = await runningProcess();
    expect(p.state).toBe(1);
    expect(p.isassigned).toBe(true);
    expect(p.assignedexecutorid).toBe(exec.id);
    await f.client.closeSuccessful(p.processid, [], exec.prvkey);
  });

  test("getprocessmsg / getprocessesmsg: members only, filters, limits", async () => {
    const p = await f.client.submitFunctionSpec(spec({ label: "findme" }), f.user.prvkey);
    expect((await f.client.getProcess(p.processid, exec.prvkey)).processid).toBe(p.processid);
    expect(await rejected(messages.getProcess(p.processid), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.getProcess("0".repeat(64)), f.user.prvkey)).toEqual({
      status: 404,
      message: "Failed to get process, process not found",
    });
    const waiting = await f.client.getProcesses(
      { colonyname: "dev", state: 0, count: 100, label: "findme" },
      f.user.prvkey,
    );
    expect(waiting.map((x) => x.processid)).toEqual([p.processid]);
    const byUser = await f.client.getProcesses(
      { colonyname: "dev", state: 0, count: 100, initiator: "myuser" },
      f.user.prvkey,
    );
    expect(byUser.map((x) => x.processid)).toContain(p.processid);
    expect(
      await rejected(messages.getProcesses({ colonyname: "dev", state: 0, count: 101 }), f.user.prvkey),
    ).toEqual({
      status: 400,
      message: "Count is larger than MaxCount limit <100>",
    });
    expect(
      await rejected(messages.getProcesses({ colonyname: "dev", state: 7 as 0, count: 1 }), f.user.prvkey),
    ).toEqual({
      status: 400,
      message: "Failed to get processes, invalid msg.State",
    });
    expect(
      await rejected(
        messages.getProcesses({ colonyname: "dev", state: 0, count: 1, initiator: exec.name }),
        f.user.prvkey,
      ),
    ).toEqual({ status: 400, message: `User <${exec.name}> does not exist` });
    expect(
      await rejected(messages.getProcesses({ colonyname: "dev", state: 0, count: 1 }), stranger.prvkey),
    ).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    await f.client.removeProcess(p.processid, f.user.prvkey);
  });

  test("removeprocessmsg: members only, never a running process", async () => {
    const p = await f.client.submitFunctionSpec(spec(), f.user.prvkey);
    expect(await rejected(messages.removeProcess(p.processid), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    await f.client.removeProcess(p.processid, f.user.prvkey);
    expect(await rejected(messages.removeProcess(p.processid), f.user.prvkey)).toEqual({
      status: 500,
      message: "Failed to remove process, process is nil",
    });
    const running = await runningProcess();
    expect(await rejected(messages.removeProcess(running.processid), f.user.prvkey)).toEqual({
      status: 400,
      message: "Failed to remove process, cannot remove a running process",
    });
    await f.client.closeSuccessful(running.processid, [], exec.prvkey);
  });

  test("closesuccessfulmsg / setoutputmsg: only the assigned executor; state conflicts", async () => {
    const p = await runningProcess();
    expect(await rejected(messages.closeSuccessful(p.processid, []), other.prvkey)).toEqual({
      status: 403,
      message: "Failed to close process as successful, not allowed to close process as successful",
    });
    expect(await rejected(messages.closeSuccessful(p.processid, []), f.user.prvkey)).toEqual({
      status: 403,
      message: "Failed to close process as successful, not allowed to close process as successful",
    });
    expect(await rejected(messages.setOutput(p.processid, ["x"]), other.prvkey)).toEqual({
      status: 403,
      message: "Failed to close process as successful, not allowed to close process as successful",
    });
    await f.client.setOutput(p.processid, ["partial"], exec.prvkey);
    expect((await f.client.getProcess(p.processid, f.user.prvkey)).out).toEqual(["partial"]);
    await f.client.closeSuccessful(p.processid, ["done", 2], exec.prvkey);
    const closed = await f.client.getProcess(p.processid, f.user.prvkey);
    expect(closed.state).toBe(2);
    expect(closed.out).toEqual(["done", 2]);
    expect(closed.endtime).not.toBe("0001-01-01T00:00:00Z");
    // The assignee may close successful twice; fail after success is a conflict.
    await f.client.closeSuccessful(p.processid, [], exec.prvkey);
    expect(await rejected(messages.closeFailed(p.processid, ["x"]), exec.prvkey)).toEqual({
      status: 400,
      message: "Tried to set successful process as failed",
    });
    expect(await rejected(messages.setOutput(p.processid, ["late"]), exec.prvkey)).toEqual({
      status: 403,
      message: "Failed to set output, process is not running",
    });
    const waiting = await f.client.submitFunctionSpec(spec({ executornames: ["nobody"] }), f.user.prvkey);
    expect(await rejected(messages.closeSuccessful(waiting.processid, []), exec.prvkey)).toEqual({
      status: 403,
      message: "Failed to close process as successful, process is not assigned",
    });
    expect(await rejected(messages.closeSuccessful("f".repeat(64), []), exec.prvkey)).toEqual({
      status: 500,
      message: "Failed to close process as successful, process is nil",
    });
    await f.client.removeProcess(waiting.processid, f.user.prvkey);
    const stats = (await f.client.getFunctions("dev", exec.name, f.user.prvkey))[0]!;
    expect(stats.counter).toBeGreaterThanOrEqual(1);
  });

  test("closefailedmsg: only the assigned executor; errors stored; conflicts", async () => {
    const p = await runningProcess();
    expect(await rejected(messages.closeFailed(p.processid, ["x"]), other.prvkey)).toEqual({
      status: 403,
      message: "Failed to close process as failed, not allowed to close process as failed",
    });
    await f.client.closeFailed(p.processid, ["boom"], exec.prvkey);
    const failed = await f.client.getProcess(p.processid, f.user.prvkey);
    expect(failed.state).toBe(3);
    expect(failed.errors).toEqual(["boom"]);
    expect(await rejected(messages.closeFailed(p.processid, ["again"]), exec.prvkey)).toEqual({
      status: 400,
      message: "Tried to set failed process as failed",
    });
    expect(await rejected(messages.closeSuccessful(p.processid, []), exec.prvkey)).toEqual({
      status: 400,
      message: "Tried to set failed process as successful",
    });
  });
});

describe("logs", () => {
  test("addlogmsg only by the assigned executor of a running process", async () => {
    const p = await runningProcess();
    await f.client.addLog(p.processid, "first line\n", exec.prvkey);
    await f.client.addLog(p.processid, "Anomaly detected! KL 0.2", exec.prvkey);
    await f.client.addLog(p.processid, "third", exec.prvkey);
    expect(await rejected(messages.addLog(p.processid, "x"), other.prvkey)).toEqual({
      status: 403,
      message: "Failed to add log, not allowed to add log, only the assigned Executor may att logs",
    });
    expect(await rejected(messages.addLog(p.processid, "x"), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    const all = await f.client.getLogs(
      { colonyname: "dev", processid: p.processid, count: 100 },
      f.user.prvkey,
    );
    expect(all.map((l) => l.message)).toEqual(["first line\n", "Anomaly detected! KL 0.2", "third"]);
    expect(all[0]!.executorname).toBe(exec.name);
    expect(typeof all[0]!.timestamp).toBe("bigint");
    const latest = await f.client.getLogs(
      { colonyname: "dev", processid: p.processid, count: 2, latest: true },
      f.user.prvkey,
    );
    expect(latest.map((l) => l.message)).toEqual(["Anomaly detected! KL 0.2", "third"]);
    const since = await f.client.getLogs(
      { colonyname: "dev", processid: p.processid, count: 100, since: all[0]!.timestamp },
      f.user.prvkey,
    );
    expect(since.map((l) => l.message)).toEqual(["Anomaly detected! KL 0.2", "third"]);
    const byExecutor = await f.client.getLogs(
      { colonyname: "dev", executorname: exec.name, count: 100 },
      f.user.prvkey,
    );
    expect(byExecutor.length).toBeGreaterThanOrEqual(3);
    expect(
      await rejected(
        messages.getLogs({ colonyname: "dev", processid: p.processid, count: 501 }),
        f.user.prvkey,
      ),
    ).toEqual({
      status: 403,
      message: "Count exceeds max log count (500)",
    });
    expect(
      await rejected(
        messages.getLogs({ colonyname: "dev", processid: p.processid, count: 1 }),
        stranger.prvkey,
      ),
    ).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    await f.client.closeSuccessful(p.processid, [], exec.prvkey);
    expect(await rejected(messages.addLog(p.processid, "late"), exec.prvkey)).toEqual({
      status: 403,
      message: "Failed to set output, process is not running",
    });
  });

  test("searchlogsmsg: case-sensitive substring within N days, limits", async () => {
    const hits = await f.client.searchLogs(
      { colonyname: "dev", text: "Anomaly", days: 1, count: 10 },
      f.user.prvkey,
    );
    expect(hits.map((l) => l.message)).toEqual(["Anomaly detected! KL 0.2"]);
    const none = await send(
      f.server.url,
      messages.searchLogs({ colonyname: "dev", text: "anomaly", days: 1, count: 10 }),
      f.user.prvkey,
    );
    expect(none.payload).toBeNull();
    expect(
      await rejected(
        messages.searchLogs({ colonyname: "dev", text: "a", days: 1, count: 101 }),
        f.user.prvkey,
      ),
    ).toEqual({
      status: 400,
      message: "Count exceeds max log count (100)",
    });
    expect(
      await rejected(
        messages.searchLogs({ colonyname: "dev", text: "a", days: 31, count: 1 }),
        f.user.prvkey,
      ),
    ).toEqual({
      status: 400,
      message: "Count exceeds max day count (30)",
    });
    expect(
      await rejected(
        messages.searchLogs({ colonyname: "dev", text: "a", days: 1, count: 1 }),
        stranger.prvkey,
      ),
    ).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
  });
});

describe("workflows and generators", () => {
  /** first → second, both only for `exec`. */
  const workflowSpec = () => {
    const first = spec({ nodename: "first", executornames: [exec.name] });
    const second = spec({ nodename: "second", executornames: [exec.name] });
    second.conditions.dependencies = ["first"];
    return { colonyname: "dev", functionspecs: [first, second] };
  };

  test("submitworkflowspecmsg: children wait for their parents and get their output as input", async () => {
    const workflow = workflowSpec();
    const graph = await f.client.submitWorkflowSpec(workflow, f.user.prvkey);
    expect(graph.processids).toHaveLength(2);
    expect(graph.rootprocessids).toHaveLength(1);
    const first = await f.client.assign("dev", -1, exec.prvkey);
    expect(first?.processid).toBe(graph.rootprocessids[0]);
    expect(await f.client.assign("dev", -1, exec.prvkey)).toBeNull(); // the child waits for its parent
    await f.client.closeSuccessful(first!.processid, ["from-first"], exec.prvkey);
    const graphNow = async () =>
      (
        await send(
          f.server.url,
          { msgtype: "getprocessgraphmsg", processgraphid: graph.processgraphid },
          f.user.prvkey,
        )
      ).payload as { state: number; starttime: string; endtime: string };
    const running = await graphNow();
    expect(running.state).toBe(1); // one successful, one waiting: the graph runs
    expect(running.starttime).not.toBe(graph.starttime);
    const second = await f.client.assign("dev", -1, exec.prvkey);
    expect(second?.in).toEqual(["from-first"]);
    expect(second?.parents).toEqual([first!.processid]);
    expect((await graphNow()).state).toBe(1);
    await f.client.closeSuccessful(second!.processid, [], exec.prvkey);
    const done = await graphNow();
    expect(done.state).toBe(2); // all successful
    expect(done.starttime).toBe(running.starttime);
    expect(done.endtime).not.toBe(running.endtime);
    expect(await rejected({ msgtype: "submitworkflowspecmsg", spec: workflow }, stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    const broken = { ...workflow, functionspecs: [{ ...workflow.functionspecs[1]! }] };
    expect(await rejected({ msgtype: "submitworkflowspecmsg", spec: broken }, f.user.prvkey)).toEqual({
      status: 500,
      message:
        "Failed to submit workflow, invalid dependencies, are you depending on a nodename that does not exits?",
    });
  });

  test("a failed parent fails the whole workflow", async () => {
    const graph = await f.client.submitWorkflowSpec(workflowSpec(), f.user.prvkey);
    const fetched = await send(
      f.server.url,
      { msgtype: "getprocessgraphmsg", processgraphid: graph.processgraphid },
      f.user.prvkey,
    );
    expect(fetched.payload).toMatchObject({ processgraphid: graph.processgraphid, state: 0 });
    expect(
      await rejected(
        { msgtype: "getprocessgraphmsg", processgraphid: graph.processgraphid },
        stranger.prvkey,
      ),
    ).toEqual({ status: 403, message: "Access denied, not a member of Colony with name <dev>" });
    const first = await f.client.assign("dev", -1, exec.prvkey);
    await f.client.closeFailed(first!.processid, ["bad"], exec.prvkey);
    for (const id of graph.processids) expect((await f.client.getProcess(id, f.user.prvkey)).state).toBe(3);
    const failed = await send(
      f.server.url,
      { msgtype: "getprocessgraphmsg", processgraphid: graph.processgraphid },
      f.user.prvkey,
    );
    expect((failed.payload as { state: number }).state).toBe(3);
    expect(await rejected(messages.removeProcess(graph.processids[1]!), f.user.prvkey)).toEqual({
      status: 400,
      message:
        "Failed to remove, cannot remove a process part of a workflow, delete the entire workflow instead",
    });
  });

  test("generator messages: add, get, list, pack, remove; members only; trigger ≥ 1", async () => {
    const generator = {
      colonyname: "dev",
      name: "gen-msg",
      workflowspec: JSON.stringify(workflowSpec()),
      trigger: 1000,
      timeout: 0,
    };
    const added = await f.client.addGenerator(generator, f.user.prvkey);
    expect(added.generatorid).toMatch(/^[0-9a-f]{64}$/);
    expect(added.initiatorname).toBe("myuser");
    expect(added.firstpack).toBe("0001-01-01T00:00:00Z");
    await f.client.packGenerator(added.generatorid, "arg-1", f.user.prvkey);
    const got = await f.client.getGenerator(added.generatorid, f.user.prvkey);
    expect(got.queuesize).toBe(1);
    expect(got.checkerperiod).toBe(1000);
    expect(got.firstpack).not.toBe("0001-01-01T00:00:00Z");
    expect((await f.client.getGenerators("dev", 10, f.user.prvkey)).map((g) => g.name)).toEqual(["gen-msg"]);
    expect(
      await rejected(messages.addGenerator({ ...generator, name: "t0", trigger: 0 }), f.user.prvkey),
    ).toEqual({
      status: 400,
      message: "Failed to add generator, trigger must be at least 1 (got 0)",
    });
    expect(await rejected(messages.addGenerator(generator), f.user.prvkey)).toEqual({
      status: 400,
      message: "Generator with name <gen-msg> in Colony <dev> already exists",
    });
    expect(await rejected(messages.addGenerator({ ...generator, name: "x" }), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.packGenerator(added.generatorid, "x"), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.getGenerator(added.generatorid), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    expect(await rejected(messages.removeGenerator(added.generatorid), stranger.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <dev>",
    });
    await f.client.removeGenerator(added.generatorid, f.user.prvkey);
    expect(await rejected(messages.getGenerator(added.generatorid), f.user.prvkey)).toEqual({
      status: 500,
      message: "Failed to get generator, generator is nil",
    });
    expect(await rejected(messages.packGenerator(added.generatorid, "x"), f.user.prvkey)).toEqual({
      status: 500,
      message: "Failed to increment generator, generator is nil",
    });
  });
});

describe("server", () => {
  test("versionmsg and getserverinfomsg need no signature", async () => {
    const version = await f.client.version();
    expect(version.buildversion).toBeString();
    const info = await f.client.serverInfo();
    expect(info.backends[0]).toMatchObject({ type: "http", port: f.server.port, host: "127.0.0.1" });
  });
});
