/**
 * Every ColoniesClient method, round-tripped over real HTTP against the embedded server on 127.0.0.1
 * with a temporary SQLite file.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningColoniesServer, startColoniesServer } from "../../../embedded-colonies/server.ts";
import {
  ColoniesClient,
  ColoniesConnectionError,
  ColoniesError,
  ExecutorState,
  funcSpec,
  generatePrivateKey,
  idFromPrivateKey,
  loadColoniesConfig,
  ProcessState,
  type WorkflowSpec,
} from "../../../lib/colonies-sdk/index.ts";
import vectors from "../../fixtures/colonies-vectors.json";

const { server: serverRole, colony: colonyRole, user: userRole, executor: executorRole } = vectors.roles;
const colonyname = colonyRole.name;
const executortype = executorRole.type;
const serverKey = serverRole.prvkey;
const colonyKey = colonyRole.prvkey;
const userKey = userRole.prvkey;
const executorKey = executorRole.prvkey;
const otherExecutorKey = generatePrivateKey();
const otherExecutorName = "rejected-executor";

let dir: string;
let server: RunningColoniesServer;
let client: ColoniesClient;

async function expectColoniesError(promise: Promise<unknown>, status: number, text?: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ColoniesError);
  expect((caught as ColoniesError).status).toBe(status);
  if (text !== undefined) expect((caught as ColoniesError).message).toContain(text);
}

function spec(funcname: string, args: unknown[] = [], type = executortype) {
  return funcSpec({
    funcname,
    args,
    kwargs: { db: "http://127.0.0.1:8000" },
    colonyname,
    executortype: type,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sdk-client-"));
  server = await startColoniesServer({
    hostname: "127.0.0.1",
    port: 0,
    databasePath: join(dir, "colonies.db"),
    serverId: serverRole.id,
    checkerPeriodMs: 100,
  });
  client = ColoniesClient.fromConfig(
    loadColoniesConfig({ COLONIES_SERVER_HOST: "127.0.0.1", COLONIES_SERVER_PORT: String(server.port) }),
  );
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("ColoniesClient against the embedded server", () => {
  test("version and serverInfo are unsigned", async () => {
    expect(client.url).toBe(`http://127.0.0.1:${server.port}/api`);
    const version = await client.version();
    expect(typeof version.buildversion).toBe("string");
    const info = await client.serverInfo();
    expect(info.backends[0]).toMatchObject({ type: "http", port: server.port });
  });

  test("addColony needs the server owner; getColony a member", async () => {
    await expectColoniesError(
      client.addColony({ colonyid: colonyRole.id, name: colonyname }, userKey),
      403,
      "Access denied, not server owner",
    );
    const colony = await client.addColony({ colonyid: colonyRole.id, name: colonyname }, serverKey);
    expect(colony).toEqual({ colonyid: colonyRole.id, name: colonyname });
    await expectColoniesError(client.getColony(colonyname, userKey), 403);
  });

  test("addUser by the colony owner makes the user a member", async () => {
    await expectColoniesError(
      client.addUser({ colonyname, userid: userRole.id, name: userRole.name }, userKey),
      403,
      "Access denied, not colony owner",
    );
    const user = await client.addUser({ colonyname, userid: userRole.id, name: userRole.name }, colonyKey);
    expect(user).toEqual({ colonyname, userid: userRole.id, name: userRole.name, email: "", phone: "" });
    expect(await client.getColony(colonyname, userKey)).toEqual({
      colonyid: colonyRole.id,
      name: colonyname,
    });
  });

  test("addExecutor, approve, reject, get by name and id, list", async () => {
    expect(await client.getExecutors(colonyname, userKey)).toEqual([]);
    const added = await client.addExecutor(
      { executorname: executorRole.name, executorid: executorRole.id, colonyname, executortype },
      colonyKey,
    );
    expect(added).toMatchObject({ executorname: executorRole.name, executorid: executorRole.id, state: 0 });
    // a pending executor may not assign
    await expectColoniesError(client.assign(colonyname, -1, executorKey), 403, "not a member");
    await expectColoniesError(client.approveExecutor(colonyname, executorRole.name, userKey), 403);
    await client.approveExecutor(colonyname, executorRole.name, colonyKey);
    const approved = await client.getExecutor(colonyname, executorRole.name, userKey);
    expect(approved.state).toBe(ExecutorState.Approved);
    expect((await client.getExecutorById(colonyname, executorRole.id, userKey)).executorname).toBe(
      executorRole.name,
    );

    await client.addExecutor(
      {
        executorname: otherExecutorName,
        executorid: idFromPrivateKey(otherExecutorKey),
        colonyname,
        executortype,
      },
      colonyKey,
    );
    await client.rejectExecutor(colonyname, otherExecutorName, colonyKey);
    expect((await client.getExecutor(colonyname, otherExecutorName, userKey)).state).toBe(
      ExecutorState.Rejected,
    );
    await expectColoniesError(client.assign(colonyname, -1, otherExecutorKey), 403);

    const all = await client.getExecutors(colonyname, userKey);
    expect(all.map((e) => e.executorname).sort()).toEqual([executorRole.name, otherExecutorName].sort());
  });

  test("addFunction by the executor itself; getFunctions by executor and colony", async () => {
    await expectColoniesError(
      client.addFunction({ executorname: executorRole.name, colonyname, funcname: "anomaly" }, userKey),
      403,
    );
    const fn = await client.addFunction(
      { executorname: executorRole.name, colonyname, funcname: "anomaly" },
      executorKey,
    );
    expect(fn).toMatchObject({ executorname: executorRole.name, colonyname, funcname: "anomaly" });
    expect(fn.functionid).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (await client.getFunctions(colonyname, executorRole.name, userKey)).map((f) => f.funcname),
    ).toEqual(["anomaly"]);
    expect(await client.getFunctions(colonyname, "", userKey)).toHaveLength(1);
  });

  test("assign with nothing waiting resolves null (the server's 404)", async () => {
    expect(
      await client.getProcesses({ colonyname, state: ProcessState.Waiting, count: 10 }, userKey),
    ).toEqual([]);
    expect(await client.assign(colonyname, -1, executorKey)).toBeNull();
    await expectColoniesError(client.assign(colonyname, 0, executorKey), 400, "timeout cannot be zero");
  });

  test("submit, list, assign, log, set output, close successful", async () => {
    const submitted = await client.submitFunctionSpec(spec("anomaly", ["ts-1", "ts-1"]), userKey);
    expect(submitted.state).toBe(ProcessState.Waiting);
    expect(typeof submitted.prioritytime).toBe("bigint");
    expect(submitted.prioritytime > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(submitted.spec.args).toEqual(["ts-1", "ts-1"]);

    const waiting = await client.getProcesses(
      { colonyname, state: ProcessState.Waiting, count: 10 },
      userKey,
    );
    expect(waiting.map((p) => p.processid)).toEqual([submitted.processid]);
    expect(waiting[0]!.prioritytime).toBe(submitted.prioritytime);

    const assigned = await client.assign(colonyname, 5, executorKey);
    expect(assigned?.processid).toBe(submitted.processid);
    expect(assigned?.state).toBe(ProcessState.Running);
    expect(assigned?.assignedexecutorid).toBe(executorRole.id);
    const running = await client.getProcesses(
      { colonyname, state: ProcessState.Running, count: 10 },
      userKey,
    );
    expect(running.map((p) => p.processid)).toEqual([submitted.processid]);

    await expectColoniesError(client.addLog(submitted.processid, "not mine", userKey), 403);
    await client.addLog(submitted.processid, "Anomaly check started\n", executorKey);
    await client.addLog(submitted.processid, "Anomaly detected! KL Divergence: 0.2\n", executorKey);
    await client.setOutput(submitted.processid, ["partial"], executorKey);
    expect((await client.getProcess(submitted.processid, userKey)).out).toEqual(["partial"]);

    await expectColoniesError(client.closeSuccessful(submitted.processid, ["done"], userKey), 403);
    await client.closeSuccessful(submitted.processid, ["done"], executorKey);
    const closed = await client.getProcess(submitted.processid, userKey);
    expect(closed.state).toBe(ProcessState.Successful);
    expect(closed.out).toEqual(["done"]);
  });

  test("getLogs by process, by executor, latest and since (exact int64 timestamps); searchLogs", async () => {
    const [processDone] = await client.getProcesses(
      { colonyname, state: ProcessState.Successful, count: 1 },
      userKey,
    );
    const processid = processDone!.processid;
    const logs = await client.getLogs({ colonyname, processid, count: 100 }, userKey);
    expect(logs.map((l) => l.message)).toEqual([
      "Anomaly check started\n",
      "Anomaly detected! KL Divergence: 0.2\n",
    ]);
    expect(typeof logs[0]!.timestamp).toBe("bigint");
    expect(logs[0]).toMatchObject({ processid, colonyname, executorname: executorRole.name });

    // `since` is exclusive: feeding back the first exact timestamp leaves only the second entry.
    const after = await client.getLogs(
      { colonyname, processid, count: 100, since: logs[0]!.timestamp },
      userKey,
    );
    expect(after.map((l) => l.message)).toEqual(["Anomaly detected! KL Divergence: 0.2\n"]);
    const latest = await client.getLogs({ colonyname, processid, count: 1, latest: true }, userKey);
    expect(latest.map((l) => l.message)).toEqual(["Anomaly detected! KL Divergence: 0.2\n"]);
    const byExecutor = await client.getLogs(
      { colonyname, executorname: executorRole.name, count: 100 },
      userKey,
    );
    expect(byExecutor).toHaveLength(2);

    const found = await client.searchLogs({ colonyname, text: "KL Divergence", days: 1, count: 10 }, userKey);
    expect(found.map((l) => l.message)).toEqual(["Anomaly detected! KL Divergence: 0.2\n"]);
    expect(
      await client.searchLogs({ colonyname, text: "no such text", days: 1, count: 10 }, userKey),
    ).toEqual([]);
  });

  test("closeFailed records the errors", async () => {
    const submitted = await client.submitFunctionSpec(spec("anomaly", ["ts-2"]), userKey);
    const assigned = await client.assign(colonyname, 5, executorKey);
    expect(assigned?.processid).toBe(submitted.processid);
    await client.closeFailed(submitted.processid, ["boom"], executorKey);
    const failed = await client.getProcess(submitted.processid, userKey);
    expect(failed.state).toBe(ProcessState.Failed);
    expect(failed.errors).toEqual(["boom"]);
    await expectColoniesError(client.closeFailed(submitted.processid, ["again"], executorKey), 400);
  });

  test("a long-polling assign is woken by a submit", async () => {
    const pending = client.assign(colonyname, 20, executorKey);
    await Bun.sleep(100);
    const submitted = await client.submitFunctionSpec(spec("anomaly", ["ts-3"]), userKey);
    const assigned = await pending;
    expect(assigned?.processid).toBe(submitted.processid);
    await client.closeSuccessful(submitted.processid, [], executorKey);
  });

  test("aborting a long-polling assign rejects with the abort reason", async () => {
    const controller = new AbortController();
    const pending = client.assign(colonyname, 20, executorKey, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("executor stopping")), 100);
    await expect(pending).rejects.toThrow("executor stopping");
    // the server-side waiter is gone: the next submit goes to the next assign, not a dead request
    const submitted = await client.submitFunctionSpec(spec("anomaly", ["ts-4"]), userKey);
    const assigned = await client.assign(colonyname, 5, executorKey);
    expect(assigned?.processid).toBe(submitted.processid);
    await client.closeSuccessful(submitted.processid, [], executorKey);
  });

  test("removeProcess deletes a waiting process", async () => {
    const submitted = await client.submitFunctionSpec(spec("anomaly", ["ts-5"], "nobody-runs-this"), userKey);
    await client.removeProcess(submitted.processid, userKey);
    await expectColoniesError(client.getProcess(submitted.processid, userKey), 404);
  });

  test("submitWorkflowSpec creates a process graph", async () => {
    const workflow: WorkflowSpec = {
      colonyname,
      functionspecs: [
        { ...spec("first", ["a"], "workflow-runner"), nodename: "first" },
        {
          ...spec("second", [], "workflow-runner"),
          nodename: "second",
          conditions: { ...spec("second", [], "workflow-runner").conditions, dependencies: ["first"] },
        },
      ],
    };
    const graph = await client.submitWorkflowSpec(workflow, userKey);
    expect(graph.colonyname).toBe(colonyname);
    expect(graph.processids).toHaveLength(2);
    expect(graph.rootprocessids).toHaveLength(1);
    const root = await client.getProcess(graph.rootprocessids[0]!, userKey);
    expect(root.spec.funcname).toBe("first");
  });

  test("generators: add, pack, get, list, trigger a workflow, remove", async () => {
    const workflow: WorkflowSpec = {
      colonyname,
      functionspecs: [{ ...spec("batch", [], "generator-runner"), nodename: "batch" }],
    };
    const generator = await client.addGenerator(
      { colonyname, name: "anomaly-gen", workflowspec: workflow, trigger: 2, timeout: 60 },
      userKey,
    );
    expect(generator).toMatchObject({ colonyname, name: "anomaly-gen", trigger: 2, timeout: 60 });
    expect(JSON.parse(generator.workflowspec)).toMatchObject({ colonyname });
    await client.packGenerator(generator.generatorid, "arg-1", userKey);
    expect((await client.getGenerator(generator.generatorid, userKey)).generatorid).toBe(
      generator.generatorid,
    );
    await client.packGenerator(generator.generatorid, "arg-2", userKey);

    // the checker (every 100 ms here) submits the workflow with the packed args as the root's args
    let batch: unknown[] | undefined;
    for (let i = 0; i < 100 && batch === undefined; i++) {
      const waiting = await client.getProcesses(
        { colonyname, state: ProcessState.Waiting, count: 100, executortype: "generator-runner" },
        userKey,
      );
      batch = waiting.find((p) => p.spec.funcname === "batch")?.spec.args ?? undefined;
      if (batch === undefined) await Bun.sleep(50);
    }
    expect(batch).toEqual(["arg-1", "arg-2"]);
    expect((await client.getGenerator(generator.generatorid, userKey)).queuesize).toBe(0);

    expect((await client.getGenerators(colonyname, 10, userKey)).map((g) => g.name)).toEqual(["anomaly-gen"]);
    await client.removeGenerator(generator.generatorid, userKey);
    expect(await client.getGenerators(colonyname, 10, userKey)).toEqual([]);
    await expectColoniesError(client.getGenerator(generator.generatorid, userKey), 500);
  });

  test("colony statistics for members, server statistics for the server owner", async () => {
    const colonyStats = await client.getColonyStatistics(colonyname, userKey);
    expect(colonyStats).toMatchObject({ colonies: 1, successfulprocesses: 3, failedprocesses: 1 });
    expect(colonyStats.waitingprocesses).toBeGreaterThanOrEqual(2);
    await expectColoniesError(client.getColonyStatistics(colonyname, generatePrivateKey()), 403);
    const stats = await client.getStatistics(serverKey);
    expect(stats).toMatchObject({ colonies: 1, successfulprocesses: 3, failedprocesses: 1 });
    await expectColoniesError(client.getStatistics(userKey), 403, "Access denied, not server owner");
  });

  test("removeExecutor unregisters it", async () => {
    await client.removeExecutor(colonyname, otherExecutorName, colonyKey);
    expect((await client.getExecutor(colonyname, otherExecutorName, userKey)).state).toBe(
      ExecutorState.Unregistered,
    );
  });

  test("an unreachable server is a ColoniesConnectionError naming the URL", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const port = closed.port;
    await closed.stop(true);
    const offline = new ColoniesClient({ host: "127.0.0.1", port: port!, requestTimeoutMs: 2000 });
    let caught: unknown;
    try {
      await offline.version();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ColoniesConnectionError);
    expect((caught as ColoniesConnectionError).message).toContain(`127.0.0.1:${port}`);
  });

  test("a server that never answers is a ColoniesConnectionError after requestTimeoutMs", async () => {
    const silent = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => Bun.sleep(5000).then(() => new Response("")),
    });
    try {
      const impatient = new ColoniesClient({ host: "127.0.0.1", port: silent.port!, requestTimeoutMs: 200 });
      await expect(impatient.getColony(colonyname, userKey)).rejects.toThrow("within 200 ms (getcolonymsg)");
    } finally {
      await silent.stop(true);
    }
  });

  test("a reply that is not an envelope (e.g. a proxy's error page) is a ColoniesError with the HTTP status", async () => {
    const proxy = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => new Response("<html>502 Bad Gateway</html>", { status: 502 }),
    });
    try {
      const behindProxy = new ColoniesClient({ host: "127.0.0.1", port: proxy.port! });
      await expectColoniesError(
        behindProxy.getColony(colonyname, userKey),
        502,
        "Not a Colonies reply envelope",
      );
    } finally {
      await proxy.stop(true);
    }
  });
});
