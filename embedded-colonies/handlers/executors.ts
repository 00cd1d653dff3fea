/** Executor and function messages. */
import { requireColonyOwner, requireMembership } from "../auth.ts";
import {
  deleteExecutor,
  ExecutorState,
  getExecutorByName,
  getExecutorById as getExecutorRowById,
  insertExecutor,
  insertFunction,
  listExecutors,
  listFunctions,
  setExecutorState,
} from "../db/identities.ts";
import { badRequest, forbidden, internal, notFound } from "../errors.ts";
import { wireExecutor, wireFunction } from "../model/wire.ts";
import { newId } from "../scheduler/lifecycle.ts";
import { nowUs } from "../time.ts";
import { type JsonObject, readArray, readBool, readInt, readObject, readString } from "../wire/fields.ts";
import { failTexts, handler, listOrNull } from "./types.ts";

function decodeExecutor(e: JsonObject) {
  const extra = {
    capabilities: readObject(e, "capabilities") ?? { hardware: null, software: null },
    allocations: readObject(e, "allocations") ?? { projects: null },
    blueprintid: readString(e, "blueprintid"),
    blueprintgen: readInt(e, "blueprintgen"),
  };
  return {
    executorid: readString(e, "executorid"),
    executortype: readString(e, "executortype"),
    executorname: readString(e, "executorname"),
    colonyname: readString(e, "colonyname"),
    locationname: readString(e, "locationname"),
    requirefuncreg: readBool(e, "requirefuncreg"),
    extra: JSON.stringify(extra),
  };
}

export const addExecutor = handler({
  ...failTexts("add executor"),
  decode: (o) => {
    const e = readObject(o, "executor");
    return e && decodeExecutor(e);
  },
  run({ db, lifecycle, allowExecutorReregister }, { signer }, executor) {
    if (!executor) throw badRequest("Failed to add executor, executor is nil");
    requireColonyOwner(db, signer, executor.colonyname);
    const existing = getExecutorByName(db, executor.colonyname, executor.executorname);
    if (existing) {
      if (!allowExecutorReregister)
        throw badRequest(
          `Executor with name <${existing.executorname}> in Colony <${existing.colonyname}> already exists`,
        );
      lifecycle.unregisterExecutor(existing);
      deleteExecutor(db, existing);
    }
    const row = insertExecutor(db, {
      ...executor,
      state: ExecutorState.Pending,
      commissiontime: nowUs(),
      lastheardfromtime: 0,
    });
    return wireExecutor(row);
  },
});

function byName(action: string, verb: string) {
  return handler({
    ...failTexts(`${action} executor`),
    decode: (o) => ({ colonyname: readString(o, "colonyname"), executorname: readString(o, "executorname") }),
    run({ db, lifecycle }, { signer }, m) {
      const executor = getExecutorByName(db, m.colonyname, m.executorname);
      if (!executor) throw internal(`Failed to ${action} executor, executor is nil`);
      requireColonyOwner(db, signer, m.colonyname);
      if (verb === "remove") lifecycle.unregisterExecutor(executor);
      else
        setExecutorState(db, executor, verb === "approve" ? ExecutorState.Approved : ExecutorState.Rejected);
      return {};
    },
  });
}

export const approveExecutor = byName("approve", "approve");
export const rejectExecutor = byName("reject", "reject");
export const removeExecutor = byName("remove", "remove");

export const getExecutors = handler({
  ...failTexts("get executors"),
  decode: (o) => readString(o, "colonyname"),
  run({ db }, { signer }, colonyname) {
    requireMembership(db, signer, colonyname, false);
    return listOrNull(listExecutors(db, colonyname).map(wireExecutor));
  },
});

export const getExecutor = handler({
  ...failTexts("get executor"),
  decode: (o) => ({ colonyname: readString(o, "colonyname"), executorname: readString(o, "executorname") }),
  run({ db }, { signer }, m) {
    // The real server looks the executor up before it checks the signer.
    const executor = getExecutorByName(db, m.colonyname, m.executorname);
    if (!executor) throw internal("Failed to get executor, executor is nil");
    requireMembership(db, signer, m.colonyname);
    return wireExecutor(executor);
  },
});

export const getExecutorById = handler({
  ...failTexts("get executor by ID"),
  decode: (o) => ({ colonyname: readString(o, "colonyname"), executorid: readString(o, "executorid") }),
  run({ db }, { signer }, m) {
    requireMembership(db, signer, m.colonyname);
    const executor = getExecutorRowById(db, m.executorid);
    if (!executor || executor.colonyname !== m.colonyname)
      throw notFound("Failed to get executor by ID, executor is nil");
    return wireExecutor(executor);
  },
});

export const addFunction = handler({
  ...failTexts("add function"),
  decode: (o) => {
    const f = readObject(o, "fun");
    return (
      f && {
        executorname: readString(f, "executorname"),
        colonyname: readString(f, "colonyname"),
        funcname: readString(f, "funcname"),
        executortype: readString(f, "executortype"),
        functionid: readString(f, "functionid"),
        description: readString(f, "description"),
        args: readArray(f, "args"),
      }
    );
  },
  run({ db }, { signer }, fn) {
    if (!fn) throw badRequest("Failed to add function, msg.Function is nil");
    requireMembership(db, signer, fn.colonyname);
    const executor = getExecutorByName(db, fn.colonyname, fn.executorname);
    if (!executor)
      throw badRequest(`Failed to add function, Executor with name <${fn.executorname}> does not exist`);
    if (executor.executorid !== signer) throw forbidden("Not allowed to add a function to another executor");
    const row = insertFunction(db, {
      functionid: fn.functionid || newId(),
      executorname: fn.executorname,
      executortype: fn.executortype,
      colonyname: fn.colonyname,
      funcname: fn.funcname,
      description: fn.description,
      args: JSON.stringify(fn.args),
      locationname: executor.locationname,
      counter: 0,
      minwaittime: 0,
      maxwaittime: 0,
      minexectime: 0,
      maxexectime: 0,
      avgwaittime: 0,
      avgexectime: 0,
    });
    return wireFunction(row);
  },
});

export const getFunctions = handler({
  ...failTexts("get function"),
  decode: (o) => ({ colonyname: readString(o, "colonyname"), executorname: readString(o, "executorname") }),
  run({ db }, { signer }, m) {
    requireMembership(db, signer, m.colonyname);
    return listOrNull(listFunctions(db, m.colonyname, m.executorname).map(wireFunction));
  },
});
