/** Process messages: submit, assign (long-poll), get/list/remove, close, set output. */
import { requireMembership } from "../auth.ts";
import { getExecutorIdentity, getUserById, getUserByName } from "../db/identities.ts";
import { deleteProcess, getProcessRow, listProcesses, ProcessState } from "../db/processes.ts";
import { badRequest, forbidden, internal, notFound } from "../errors.ts";
import { parseCpuMillis, parseMemoryBytes } from "../model/resources.ts";
import { decodeSpec, outOfRangeSpecValue, rejectTimeLimitTraps } from "../model/spec.ts";
import { wireProcess } from "../model/wire.ts";
import type { Initiator } from "../scheduler/lifecycle.ts";
import { readArray, readBool, readInt, readString, readStringArray } from "../wire/fields.ts";
import { int32OutOfRangeMessage, NEGATIVE_LIMIT, refuseNul } from "../wire/pq-errors.ts";
import { failTexts, handler, listOrNull, type ServerContext } from "./types.ts";

const MAX_PRIORITY = 50000;
const MAX_LIST_COUNT = 100;

/** The executor's name if the signer is an executor, else the user's name in the colony. */
export function resolveInitiator(ctx: ServerContext, signer: string, colonyname: string): Initiator {
  const executor = getExecutorIdentity(ctx.db, signer);
  if (executor) return { id: signer, name: executor.executorname };
  const user = getUserById(ctx.db, colonyname, signer);
  if (user) return { id: signer, name: user.name };
  throw badRequest("Could not derive InitiatorName");
}

export const submitFunctionSpec = handler({
  invalidJson: "Failed to submit process, invalid JSON",
  mismatch: "Failed to submit process spec, msg.MsgType does not match payloadType",
  decode: (o) => (o.spec === undefined || o.spec === null ? null : decodeSpec(o.spec)),
  run(ctx, { signer }, spec) {
    if (!spec) throw badRequest("Failed to submit process spec, msg.FunctionSpec is nil");
    requireMembership(ctx.db, signer, spec.conditions.colonyname);
    if (spec.priority < -MAX_PRIORITY || spec.priority > MAX_PRIORITY)
      throw badRequest(
        `Failed to submit function spec, priority outside range [-${MAX_PRIORITY}, ${MAX_PRIORITY}]`,
      );
    refuseNul(spec);
    const outOfRange = outOfRangeSpecValue(spec);
    if (outOfRange !== undefined) throw badRequest(int32OutOfRangeMessage(outOfRange));
    rejectTimeLimitTraps(spec);
    const initiator = resolveInitiator(ctx, signer, spec.conditions.colonyname);
    return wireProcess(ctx.lifecycle.submit(spec, initiator));
  },
});

export const assignProcess = handler({
  invalidJson: "Failed to assign process, invalid JSON",
  mismatch: "Failed to assign process, msg.msgType does not match payloadType",
  decode: (o) => ({
    colonyname: readString(o, "colonyname"),
    timeout: readInt(o, "timeout"),
    availablecpu: readString(o, "availablecpu"),
    availablemem: readString(o, "availablemem"),
  }),
  async run(ctx, { signer, signal }, m) {
    requireMembership(ctx.db, signer, m.colonyname);
    if (m.timeout === 0) throw badRequest("Invalid timeout value, timeout cannot be zero");
    const executor = getExecutorIdentity(ctx.db, signer);
    if (!executor) throw internal("Failed to assign process, executor not found");
    const cpu = m.availablecpu === "" ? null : parseCpuMillis(m.availablecpu);
    const mem = m.availablemem === "" ? null : parseMemoryBytes(m.availablemem);
    const deadline = Date.now() + Math.max(0, m.timeout) * 1000;
    for (;;) {
      const row = ctx.lifecycle.tryAssign(executor, m.colonyname, cpu, mem);
      if (row) return wireProcess(row);
      if (m.timeout < 0 || ctx.waiters.closed) break;
      const woken = await ctx.waiters.wait(m.colonyname, executor.executortype, deadline, signal);
      if (!woken && (Date.now() >= deadline || signal.aborted || ctx.waiters.closed)) break;
    }
    throw notFound("No process available for assignment");
  },
});

export const getProcess = handler({
  ...failTexts("get process"),
  decode: (o) => readString(o, "processid"),
  run({ db }, { signer }, processid) {
    const row = getProcessRow(db, processid);
    if (!row) throw notFound("Failed to get process, process not found");
    requireMembership(db, signer, row.colonyname);
    return wireProcess(row);
  },
});

export const getProcesses = handler({
  ...failTexts("get processes"),
  decode: (o) => ({
    colonyname: readString(o, "colonyname"),
    count: readInt(o, "count"),
    state: readInt(o, "state"),
    executortype: readString(o, "executortype"),
    label: readString(o, "label"),
    initiator: readString(o, "initiator"),
  }),
  run({ db }, { signer }, m) {
    requireMembership(db, signer, m.colonyname);
    if (m.count > MAX_LIST_COUNT) throw badRequest(`Count is larger than MaxCount limit <${MAX_LIST_COUNT}>`);
    if (m.initiator !== "" && !getUserByName(db, m.colonyname, m.initiator))
      throw badRequest(`User <${m.initiator}> does not exist`);
    if (m.state < ProcessState.Waiting || m.state > ProcessState.Cancelled)
      throw badRequest("Failed to get processes, invalid msg.State");
    if (m.count < 0) throw badRequest(NEGATIVE_LIMIT);
    return listOrNull(listProcesses(db, m).map(wireProcess));
  },
});

export const removeProcess = handler({
  ...failTexts("remove process"),
  decode: (o) => {
    readBool(o, "all");
    return readString(o, "processid");
  },
  run({ db }, { signer }, processid) {
    const row = getProcessRow(db, processid);
    if (!row) throw internal("Failed to remove process, process is nil");
    requireMembership(db, signer, row.colonyname);
    if (row.processgraphid !== "")
      throw badRequest(
        "Failed to remove, cannot remove a process part of a workflow, delete the entire workflow instead",
      );
    if (row.state === ProcessState.Running)
      throw badRequest("Failed to remove process, cannot remove a running process");
    deleteProcess(db, processid);
    return {};
  },
});

/** Shared checks of close successful / close failed: exists, member, assigned, signer is the assignee. */
function assignedProcess(ctx: ServerContext, signer: string, processid: string, as: string) {
  const row = getProcessRow(ctx.db, processid);
  if (!row) throw internal(`Failed to close process as ${as}, process is nil`);
  requireMembership(ctx.db, signer, row.colonyname);
  if (row.assignedexecutorid === "")
    throw forbidden(`Failed to close process as ${as}, process is not assigned`);
  if (row.assignedexecutorid !== signer)
    throw forbidden(`Failed to close process as ${as}, not allowed to close process as ${as}`);
  return row;
}

export const closeSuccessful = handler({
  invalidJson: "Failed to close successful, invalid JSON",
  mismatch: "Failed to close process as successful, msg.MsgType does not match payloadType",
  decode: (o) => ({ processid: readString(o, "processid"), out: readArray(o, "out") }),
  run(ctx, { signer }, m) {
    ctx.lifecycle.closeSuccessful(assignedProcess(ctx, signer, m.processid, "successful"), m.out);
    return {};
  },
});

export const closeFailed = handler({
  invalidJson: "Failed to close failed, invalid JSON",
  mismatch: "Failed to close process as failed, msg.MsgType does not match payloadType",
  decode: (o) => ({ processid: readString(o, "processid"), errors: readStringArray(o, "errors") }),
  run(ctx, { signer }, m) {
    ctx.lifecycle.closeFailed(assignedProcess(ctx, signer, m.processid, "failed"), m.errors);
    return {};
  },
});

export const setOutput = handler({
  ...failTexts("set output"),
  decode: (o) => ({ processid: readString(o, "processid"), out: readArray(o, "out") }),
  run(ctx, { signer }, m) {
    const row = getProcessRow(ctx.db, m.processid);
    if (!row) throw internal("Failed to set output, process is nil");
    requireMembership(ctx.db, signer, row.colonyname);
    if (row.assignedexecutorid !== signer)
      throw forbidden("Failed to close process as successful, not allowed to close process as successful");
    if (row.state !== ProcessState.Running) throw forbidden("Failed to set output, process is not running");
    ctx.lifecycle.setOutput(row, m.out);
    return {};
  },
});
