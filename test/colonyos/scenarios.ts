/**
 * The conformance scenarios: each sends the same signed messages (built by the SDK's `messages`) to one
 * server and records the replies. Names, args and order are fixed, so two servers that behave alike
 * produce equal recordings once ids and times are normalised.
 */

import { encodeRequest } from "../../lib/colonies-sdk/envelope.ts";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import { type Process, ProcessState } from "../../lib/colonies-sdk/types.ts";
import { waitUntil } from "../support/child.ts";
import { type Identity, identity, postRaw, type RawReply } from "../support/colonies-server.ts";
import type { Backend } from "./backends.ts";
import { Recorder } from "./recorder.ts";

export type Scenario = (r: Recorder, b: Backend) => Promise<void>;

const TYPE = "conformance";

function spec(
  b: Backend,
  funcname: string,
  extra: Parameters<typeof funcSpec>[0] extends infer O ? Partial<O> : never = {},
) {
  return funcSpec({ funcname, args: ["a1", 2], colonyname: b.colonyname, executortype: TYPE, ...extra });
}

function payload<T>(reply: RawReply): T {
  if (reply.envelope.error) throw new Error(`unexpected error reply: ${JSON.stringify(reply.payload)}`);
  return reply.payload as T;
}

async function addApprovedExecutor(r: Recorder, b: Backend, name: string): Promise<Identity> {
  const key = identity();
  const colonyKey = b.keys.COLONIES_COLONY_PRVKEY;
  await r.call(
    `addexecutor ${name}`,
    messages.addExecutor({
      executorname: name,
      executorid: key.id,
      colonyname: b.colonyname,
      executortype: TYPE,
    }),
    colonyKey,
  );
  await r.call(`approveexecutor ${name}`, messages.approveExecutor(b.colonyname, name), colonyKey);
  return key;
}

/** Polls (unrecorded) until the process is in `state`. */
async function processInState(
  b: Backend,
  processid: string,
  state: ProcessState,
  timeoutMs = 30_000,
): Promise<Process> {
  return waitUntil(
    `process ${processid} in state ${state} on the ${b.name} server`,
    async () => {
      const process = await b.client.getProcess(processid, b.keys.COLONIES_PRVKEY);
      const settled = state !== ProcessState.Failed || process.errors.length > 0;
      return process.state === state && settled ? process : undefined;
    },
    timeoutMs,
  );
}

async function waitingCount(b: Backend, count: number, timeoutMs = 30_000): Promise<Process[]> {
  return waitUntil(
    `${count} waiting processes on the ${b.name} server`,
    async () => {
      const list = await b.client.getProcesses(
        { colonyname: b.colonyname, state: ProcessState.Waiting, count: 100 },
        b.keys.COLONIES_PRVKEY,
      );
      return list.length === count ? list : undefined;
    },
    timeoutMs,
  );
}

export const scenarios: Record<string, Scenario> = {
  async "server info, colonies, users and statistics"(r, b) {
    const k = b.keys;
    for (const message of [messages.version(), messages.serverInfo()]) {
      Recorder.sent.add(message.msgtype);
      r.record(
        `${message.msgtype} (unsigned)`,
        await postRaw(b.url, JSON.stringify(encodeRequest(message, null))),
      );
    }
    await r.call("getstatisticsmsg by server owner", messages.getStatistics(), k.COLONIES_SERVER_PRVKEY);
    await r.call("getstatisticsmsg by user", messages.getStatistics(), k.COLONIES_PRVKEY);
    await r.call("getcolonymsg by user", messages.getColony(b.colonyname), k.COLONIES_PRVKEY);
    await r.call("getcolonymsg by owner", messages.getColony(b.colonyname), k.COLONIES_COLONY_PRVKEY);
    await r.call("getcolonymsg unknown colony", messages.getColony("nosuch"), k.COLONIES_PRVKEY);
    await r.call("getcolonymsg by unknown identity", messages.getColony(b.colonyname), identity().prvkey);
    await r.call(
      "addcolonymsg duplicate name",
      messages.addColony({ colonyid: identity().id, name: b.colonyname }),
      k.COLONIES_SERVER_PRVKEY,
    );
    await r.call(
      "addcolonymsg signed by a colony owner",
      messages.addColony({ colonyid: identity().id, name: "other" }),
      k.COLONIES_COLONY_PRVKEY,
    );
    const second = identity();
    await r.call(
      "addcolonymsg second colony",
      messages.addColony({ colonyid: second.id, name: "second" }),
      k.COLONIES_SERVER_PRVKEY,
    );
    const user2 = identity();
    await r.call(
      "addusermsg",
      messages.addUser({
        colonyname: b.colonyname,
        userid: user2.id,
        name: "user2",
        email: "u2@example.org",
        phone: "1",
      }),
      k.COLONIES_COLONY_PRVKEY,
    );
    await r.call(
      "addusermsg duplicate name",
      messages.addUser({ colonyname: b.colonyname, userid: identity().id, name: "user2" }),
      k.COLONIES_COLONY_PRVKEY,
    );
    await r.call(
      "addusermsg signed by a user",
      messages.addUser({ colonyname: b.colonyname, userid: identity().id, name: "user3" }),
      k.COLONIES_PRVKEY,
    );
    await r.call(
      "addusermsg signed by another colony's owner",
      messages.addUser({ colonyname: b.colonyname, userid: identity().id, name: "user4" }),
      second.prvkey,
    );
    await r.call("getcolonystatsmsg by user", messages.getColonyStatistics(b.colonyname), k.COLONIES_PRVKEY);
    await r.call("getcolonystatsmsg by new user", messages.getColonyStatistics(b.colonyname), user2.prvkey);
    await r.call("getstatisticsmsg after", messages.getStatistics(), k.COLONIES_SERVER_PRVKEY);
  },

  async "executors and functions"(r, b) {
    const k = b.keys;
    const colonyKey = k.COLONIES_COLONY_PRVKEY;
    const e1 = identity();
    await r.call(
      "addexecutormsg",
      messages.addExecutor({
        executorname: "e1",
        executorid: e1.id,
        colonyname: b.colonyname,
        executortype: TYPE,
      }),
      colonyKey,
    );
    await r.call("getexecutormsg pending", messages.getExecutor(b.colonyname, "e1"), k.COLONIES_PRVKEY);
    await r.call(
      "addexecutormsg duplicate name",
      messages.addExecutor({
        executorname: "e1",
        executorid: identity().id,
        colonyname: b.colonyname,
        executortype: TYPE,
      }),
      colonyKey,
    );
    await r.call(
      "addexecutormsg signed by user",
      messages.addExecutor({
        executorname: "e9",
        executorid: identity().id,
        colonyname: b.colonyname,
        executortype: TYPE,
      }),
      k.COLONIES_PRVKEY,
    );
    await r.call("assignprocessmsg by pending executor", messages.assign(b.colonyname, -1), e1.prvkey);
    await r.call(
      "approveexecutormsg by user",
      messages.approveExecutor(b.colonyname, "e1"),
      k.COLONIES_PRVKEY,
    );
    await r.call("approveexecutormsg", messages.approveExecutor(b.colonyname, "e1"), colonyKey);
    await r.call("getexecutormsg approved", messages.getExecutor(b.colonyname, "e1"), k.COLONIES_PRVKEY);
    await r.call("getexecutorbyidmsg", messages.getExecutorById(b.colonyname, e1.id), k.COLONIES_PRVKEY);
    await r.call("getexecutormsg unknown", messages.getExecutor(b.colonyname, "nosuch"), k.COLONIES_PRVKEY);
    await r.call(
      "addfunctionmsg",
      messages.addFunction({ executorname: "e1", colonyname: b.colonyname, funcname: "detect" }),
      e1.prvkey,
    );
    await r.call(
      "addfunctionmsg for another executor",
      messages.addFunction({ executorname: "e2", colonyname: b.colonyname, funcname: "other" }),
      e1.prvkey,
    );
    await r.call("getfunctionsmsg colony", messages.getFunctions(b.colonyname, ""), k.COLONIES_PRVKEY);
    await r.call("getfunctionsmsg executor", messages.getFunctions(b.colonyname, "e1"), k.COLONIES_PRVKEY);
    const e2 = identity();
    await r.call(
      "addexecutormsg e2",
      messages.addExecutor({
        executorname: "e2",
        executorid: e2.id,
        colonyname: b.colonyname,
        executortype: TYPE,
      }),
      colonyKey,
    );
    await r.call("rejectexecutormsg", messages.rejectExecutor(b.colonyname, "e2"), colonyKey);
    await r.call("getexecutorsmsg", messages.getExecutors(b.colonyname), k.COLONIES_PRVKEY);
    await r.call("removeexecutormsg", messages.removeExecutor(b.colonyname, "e1"), colonyKey);
    await r.call("getexecutormsg removed", messages.getExecutor(b.colonyname, "e1"), k.COLONIES_PRVKEY);
    await r.call("getfunctionsmsg after remove", messages.getFunctions(b.colonyname, ""), k.COLONIES_PRVKEY);
    await r.call(
      "getexecutorsmsg by unknown identity",
      messages.getExecutors(b.colonyname),
      identity().prvkey,
    );
  },

  async "tutorial flow: submit, assign, logs, output, close"(r, b) {
    const k = b.keys;
    const exec = await addApprovedExecutor(r, b, "detector");
    await r.call(
      "addfunctionmsg",
      messages.addFunction({ executorname: "detector", colonyname: b.colonyname, funcname: "detect" }),
      exec.prvkey,
    );
    const submitted = await r.call(
      "submitfuncspecmsg",
      messages.submitFunctionSpec(spec(b, "detect", { kwargs: { series: "ts-1" }, label: "tutorial" })),
      k.COLONIES_PRVKEY,
    );
    const processid = payload<Process>(submitted).processid;
    await r.call(
      "getprocessesmsg waiting",
      messages.getProcesses({ colonyname: b.colonyname, state: ProcessState.Waiting, count: 10 }),
      k.COLONIES_PRVKEY,
    );
    await r.call(
      "getcolonystatsmsg with one waiting",
      messages.getColonyStatistics(b.colonyname),
      k.COLONIES_PRVKEY,
    );
    await r.call("assignprocessmsg", messages.assign(b.colonyname, 1), exec.prvkey);
    await r.call("addlogmsg 1", messages.addLog(processid, "first line\n"), exec.prvkey);
    await r.call("addlogmsg 2", messages.addLog(processid, "second line"), exec.prvkey);
    await r.call("addlogmsg by user", messages.addLog(processid, "no"), k.COLONIES_PRVKEY);
    await r.call(
      "getlogsmsg by process",
      messages.getLogs({ colonyname: b.colonyname, processid, count: 100 }),
      k.COLONIES_PRVKEY,
    );
    await r.call(
      "getlogsmsg by executor, latest 1",
      messages.getLogs({ colonyname: b.colonyname, executorname: "detector", count: 1, latest: true }),
      k.COLONIES_PRVKEY,
    );
    await r.call(
      "searchlogsmsg",
      messages.searchLogs({ colonyname: b.colonyname, text: "second", days: 1, count: 10 }),
      k.COLONIES_PRVKEY,
    );
    await r.call("setoutputmsg", messages.setOutput(processid, [{ anomalies: 3 }]), exec.prvkey);
    await r.call("getprocessmsg running", messages.getProcess(processid), k.COLONIES_PRVKEY);
    await r.call("closesuccessfulmsg by user", messages.closeSuccessful(processid, []), k.COLONIES_PRVKEY);
    await r.call("closesuccessfulmsg", messages.closeSuccessful(processid, ["done", 1.5]), exec.prvkey);
    await r.call("closesuccessfulmsg twice", messages.closeSuccessful(processid, []), exec.prvkey);
    await r.call("getprocessmsg successful", messages.getProcess(processid), k.COLONIES_PRVKEY);
    await r.call(
      "getprocessesmsg successful",
      messages.getProcesses({ colonyname: b.colonyname, state: ProcessState.Successful, count: 10 }),
      k.COLONIES_PRVKEY,
    );
    await r.call("getcolonystatsmsg after", messages.getColonyStatistics(b.colonyname), k.COLONIES_PRVKEY);
    await r.call("removeprocessmsg", messages.removeProcess(processid), k.COLONIES_PRVKEY);
    await r.call("getprocessmsg removed", messages.getProcess(processid), k.COLONIES_PRVKEY);
  },

  async "failure and retry: closefailed, maxexectime, maxretries"(r, b) {
    const k = b.keys;
    const exec = await addApprovedExecutor(r, b, "worker");
    const failing = payload<Process>(
      await r.call(
        "submitfuncspecmsg to fail",
        messages.submitFunctionSpec(spec(b, "fail")),
        k.COLONIES_PRVKEY,
      ),
    );
    await r.call("assignprocessmsg", messages.assign(b.colonyname, 1), exec.prvkey);
    await r.call(
      "closefailedmsg",
      messages.closeFailed(failing.processid, ["boom", "second error"]),
      exec.prvkey,
    );
    await r.call("getprocessmsg failed", messages.getProcess(failing.processid), k.COLONIES_PRVKEY);
    await r.call(
      "closesuccessfulmsg waiting process",
      messages.closeSuccessful(identity().id, []),
      exec.prvkey,
    );

    const retried = payload<Process>(
      await r.call(
        "submitfuncspecmsg maxexectime 1, maxretries 1",
        messages.submitFunctionSpec(spec(b, "slow", { maxexectime: 1, maxretries: 1 })),
        k.COLONIES_PRVKEY,
      ),
    );
    await r.call("assignprocessmsg first try", messages.assign(b.colonyname, 1), exec.prvkey);
    await processInState(b, retried.processid, ProcessState.Waiting);
    await r.call("getprocessmsg requeued", messages.getProcess(retried.processid), k.COLONIES_PRVKEY);
    await r.call("assignprocessmsg second try", messages.assign(b.colonyname, 1), exec.prvkey);
    await processInState(b, retried.processid, ProcessState.Failed);
    await r.call(
      "getprocessmsg failed after retries",
      messages.getProcess(retried.processid),
      k.COLONIES_PRVKEY,
    );
    await r.call(
      "closesuccessfulmsg after expiry",
      messages.closeSuccessful(retried.processid, []),
      exec.prvkey,
    );

    const waitlimited = payload<Process>(
      await r.call(
        "submitfuncspecmsg maxwaittime 1",
        messages.submitFunctionSpec(spec(b, "never", { maxwaittime: 1 })),
        k.COLONIES_PRVKEY,
      ),
    );
    await processInState(b, waitlimited.processid, ProcessState.Failed);
    await r.call(
      "getprocessmsg failed by maxwaittime",
      messages.getProcess(waitlimited.processid),
      k.COLONIES_PRVKEY,
    );
    await r.call(
      "getprocessesmsg failed",
      messages.getProcesses({ colonyname: b.colonyname, state: ProcessState.Failed, count: 10 }),
      k.COLONIES_PRVKEY,
    );
    await r.call("getcolonystatsmsg", messages.getColonyStatistics(b.colonyname), k.COLONIES_PRVKEY);
  },

  async "long-poll assign"(r, b) {
    const k = b.keys;
    const exec = await addApprovedExecutor(r, b, "poller");
    await r.call("assignprocessmsg nothing, timeout 1", messages.assign(b.colonyname, 1), exec.prvkey);
    await r.call("assignprocessmsg nothing, timeout -1", messages.assign(b.colonyname, -1), exec.prvkey);
    const waiting = r.call(
      "assignprocessmsg woken by a submit",
      messages.assign(b.colonyname, 20),
      exec.prvkey,
    );
    await Bun.sleep(500);
    const submitted = await b.client.submitFunctionSpec(spec(b, "later"), k.COLONIES_PRVKEY);
    const assigned = payload<Process>(await waiting);
    r.note("the long-poll got the submitted process", assigned.processid === submitted.processid);
    await r.call(
      "assignprocessmsg by unknown identity",
      messages.assign(b.colonyname, -1),
      identity().prvkey,
    );
  },

  async "generators: trigger and timeout"(r, b) {
    const k = b.keys;
    const workflow = { colonyname: b.colonyname, functionspecs: [spec(b, "batch", { args: [] })] };
    const added = payload<{ generatorid: string }>(
      await r.call(
        "addgeneratormsg",
        messages.addGenerator({
          colonyname: b.colonyname,
          name: "gen",
          workflowspec: workflow,
          trigger: 2,
          timeout: 2,
        }),
        k.COLONIES_PRVKEY,
      ),
    );
    const id = added.generatorid;
    await r.call("getgeneratormsg", messages.getGenerator(id), k.COLONIES_PRVKEY);
    await r.call("getgeneratorsmsg", messages.getGenerators(b.colonyname, 10), k.COLONIES_PRVKEY);
    await r.call("packgeneratormsg a", messages.packGenerator(id, "a"), k.COLONIES_PRVKEY);
    await r.call("packgeneratormsg b", messages.packGenerator(id, "b"), k.COLONIES_PRVKEY);
    const [triggered] = await waitingCount(b, 1);
    await r.call("getprocessmsg triggered", messages.getProcess(triggered!.processid), k.COLONIES_PRVKEY);
    await r.call("packgeneratormsg c", messages.packGenerator(id, "c"), k.COLONIES_PRVKEY);
    const after = await waitingCount(b, 2);
    const timedOut = after.find((p) => p.processid !== triggered!.processid)!;
    await r.call("getprocessmsg after timeout", messages.getProcess(timedOut.processid), k.COLONIES_PRVKEY);
    await r.call("getgeneratormsg after", messages.getGenerator(id), k.COLONIES_PRVKEY);
    await r.call("packgeneratormsg by unknown identity", messages.packGenerator(id, "x"), identity().prvkey);
    await r.call("removegeneratormsg", messages.removeGenerator(id), k.COLONIES_PRVKEY);
    await r.call("getgeneratormsg removed", messages.getGenerator(id), k.COLONIES_PRVKEY);
    await r.call("getgeneratorsmsg empty", messages.getGenerators(b.colonyname, 10), k.COLONIES_PRVKEY);
  },

  async workflows(r, b) {
    const k = b.keys;
    const exec = await addApprovedExecutor(r, b, "flow");
    const first = spec(b, "first");
    const second = {
      ...spec(b, "second"),
      conditions: { ...spec(b, "second").conditions, dependencies: ["first"] },
    };
    await r.call(
      "submitworkflowspecmsg",
      messages.submitWorkflowSpec({ colonyname: b.colonyname, functionspecs: [first, second] }),
      k.COLONIES_PRVKEY,
    );
    // The real server stores a workflow's processes in map order, so their submission order varies.
    await r.call(
      "getprocessesmsg waiting",
      messages.getProcesses({ colonyname: b.colonyname, state: ProcessState.Waiting, count: 10 }),
      k.COLONIES_PRVKEY,
      { unorderedBy: (p: Process) => p.spec.funcname },
    );
    const a = payload<Process>(
      await r.call("assignprocessmsg parent", messages.assign(b.colonyname, 1), exec.prvkey),
    );
    await r.call("assignprocessmsg child blocked", messages.assign(b.colonyname, -1), exec.prvkey);
    await r.call(
      "closesuccessfulmsg parent",
      messages.closeSuccessful(a.processid, ["from-first"]),
      exec.prvkey,
    );
    const c = payload<Process>(
      await r.call("assignprocessmsg child", messages.assign(b.colonyname, 1), exec.prvkey),
    );
    await r.call("closesuccessfulmsg child", messages.closeSuccessful(c.processid, []), exec.prvkey);
    await r.call("getprocessmsg child", messages.getProcess(c.processid), k.COLONIES_PRVKEY);
    await r.call("getcolonystatsmsg", messages.getColonyStatistics(b.colonyname), k.COLONIES_PRVKEY);
    await r.call(
      "submitworkflowspecmsg unknown dependency",
      messages.submitWorkflowSpec({
        colonyname: b.colonyname,
        functionspecs: [{ ...first, conditions: { ...first.conditions, dependencies: ["missing"] } }],
      }),
      k.COLONIES_PRVKEY,
    );
  },

  async "wrong signer and unknown identity"(r, b) {
    const k = b.keys;
    const stranger = identity();
    const mine = payload<Process>(
      await r.call("submitfuncspecmsg", messages.submitFunctionSpec(spec(b, "mine")), k.COLONIES_PRVKEY),
    );
    await r.call(
      "submitfuncspecmsg by unknown identity",
      messages.submitFunctionSpec(spec(b, "x")),
      stranger.prvkey,
    );
    await r.call("getprocessmsg by unknown identity", messages.getProcess(mine.processid), stranger.prvkey);
    await r.call(
      "getprocessesmsg by unknown identity",
      messages.getProcesses({ colonyname: b.colonyname, state: ProcessState.Waiting, count: 10 }),
      stranger.prvkey,
    );
    await r.call(
      "getlogsmsg by unknown identity",
      messages.getLogs({ colonyname: b.colonyname, processid: mine.processid, count: 10 }),
      stranger.prvkey,
    );
    await r.call(
      "removeprocessmsg by unknown identity",
      messages.removeProcess(mine.processid),
      stranger.prvkey,
    );
    await r.call("getstatisticsmsg by colony owner", messages.getStatistics(), k.COLONIES_COLONY_PRVKEY);
    await r.call("getprocessmsg unknown process", messages.getProcess(identity().id), k.COLONIES_PRVKEY);
    await r.call(
      "submitfuncspecmsg to unknown colony",
      messages.submitFunctionSpec(funcSpec({ funcname: "x", colonyname: "nosuch", executortype: TYPE })),
      k.COLONIES_PRVKEY,
    );
    const n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    const one = `${"00".repeat(31)}01`;
    const signed = encodeRequest(messages.getColony(b.colonyname), k.COLONIES_PRVKEY);
    const badSignatures = {
      "r = 0": `${"00".repeat(32)}${one}00`,
      "r = N": `${n}${one}00`,
      "s = 0": `${one}${"00".repeat(32)}00`,
      "s = N": `${one}${n}00`,
      "v = 9": `${signed.signature.slice(0, 128)}09`,
      "not hex": "zz".repeat(65),
      "odd length": "abc",
      "64 bytes": signed.signature.slice(0, 128),
      "over other bytes": encodeRequest(messages.getColony("other"), k.COLONIES_PRVKEY).signature,
    };
    for (const [what, signature] of Object.entries(badSignatures)) {
      r.record(`bad signature: ${what}`, await postRaw(b.url, JSON.stringify({ ...signed, signature })));
    }
    for (const body of [
      "",
      "[1,2]",
      '"x"',
      "5",
      "true",
      '{"payloadtype":5}',
      '{"payloadtype":"x","payload":[1]}',
    ]) {
      r.record(`envelope body ${body || "(empty)"}`, await postRaw(b.url, body));
    }
    r.record(
      "unknown payload type",
      await postRaw(b.url, JSON.stringify(encodeRequest({ msgtype: "nosuchmsg" }, k.COLONIES_PRVKEY))),
    );
  },
};
