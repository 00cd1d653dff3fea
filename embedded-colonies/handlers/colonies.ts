/** Colonies, users and statistics messages. */
import { requireColonyOwner, requireMembership, requireServerOwner } from "../auth.ts";
import { countGraphsByState } from "../db/graphs.ts";
import {
  ExecutorState,
  getColony,
  getUserById,
  getUserByName,
  insertColony,
  insertUser,
} from "../db/identities.ts";
import { countByState, ProcessState } from "../db/processes.ts";
import { colonies as coloniesTable, executors } from "../db/schema.ts";
import { badRequest } from "../errors.ts";
import { readObject, readString } from "../wire/fields.ts";
import { failTexts, handler, listOrNull, type ServerContext } from "./types.ts";

export const addColony = handler({
  ...failTexts("add colony"),
  decode: (o) => {
    const c = readObject(o, "colony");
    return c && { colonyid: readString(c, "colonyid"), name: readString(c, "name") };
  },
  run({ db, serverId }, { signer }, colony) {
    requireServerOwner(serverId, signer);
    if (!colony) throw badRequest("Failed to add colony, colony is <nil>");
    if (colony.colonyid.length !== 64) throw badRequest("Failed to add colony, invalid colony Id length");
    if (getColony(db, colony.name)) throw badRequest(`A Colony with name <${colony.name}> already exists`);
    insertColony(db, colony.colonyid, colony.name);
    return colony;
  },
});

export const getColonies = handler({
  ...failTexts("get colonies"),
  decode: () => null,
  run({ db, serverId }, { signer }) {
    requireServerOwner(serverId, signer);
    return listOrNull(db.select().from(coloniesTable).all());
  },
});

export const getColonyMsg = handler({
  ...failTexts("get colony"),
  decode: (o) => readString(o, "colonyname"),
  run({ db }, { signer }, colonyname) {
    requireMembership(db, signer, colonyname);
    const colony = getColony(db, colonyname);
    return { colonyid: colony!.colonyid, name: colony!.name };
  },
});

export const addUser = handler({
  ...failTexts("add user"),
  decode: (o) => {
    const u = readObject(o, "user");
    return (
      u && {
        colonyname: readString(u, "colonyname"),
        userid: readString(u, "userid"),
        name: readString(u, "name"),
        email: readString(u, "email"),
        phone: readString(u, "phone"),
      }
    );
  },
  run({ db }, { signer }, user) {
    if (!user) throw badRequest("Failed to add user, executor is nil");
    if (!getColony(db, user.colonyname))
      throw badRequest(`Colony with name <${user.colonyname}> does not exists`);
    requireColonyOwner(db, signer, user.colonyname);
    if (getUserByName(db, user.colonyname, user.name))
      throw badRequest(
        `A user with name <${user.name}> already exists in Colony with name <${user.colonyname}>`,
      );
    if (getUserById(db, user.colonyname, user.userid))
      throw badRequest(
        `A user with Id <${user.userid}> already exists in Colony with name <${user.colonyname}>`,
      );
    insertUser(db, user);
    return user;
  },
});

function statistics(ctx: ServerContext, colonyname?: string) {
  const { db } = ctx;
  const processes = countByState(db, colonyname);
  const executorRows = db
    .select({ state: executors.state, colonyname: executors.colonyname })
    .from(executors)
    .all()
    .filter((e) => colonyname === undefined || e.colonyname === colonyname);
  const graphs = colonyname === undefined ? new Map<number, number>() : countGraphsByState(db, colonyname);
  return {
    colonies: colonyname === undefined ? db.select().from(coloniesTable).all().length : 1,
    executors: executorRows.length,
    activeexecutors:
      colonyname === undefined ? 0 : executorRows.filter((e) => e.state === ExecutorState.Approved).length,
    unregisteredexecutors:
      colonyname === undefined
        ? 0
        : executorRows.filter((e) => e.state === ExecutorState.Unregistered).length,
    waitingprocesses: processes.get(ProcessState.Waiting) ?? 0,
    runningprocesses: processes.get(ProcessState.Running) ?? 0,
    successfulprocesses: processes.get(ProcessState.Successful) ?? 0,
    failedprocesses: processes.get(ProcessState.Failed) ?? 0,
    cancelledprocesses: colonyname === undefined ? 0 : (processes.get(ProcessState.Cancelled) ?? 0),
    waitingworkflows: graphs.get(ProcessState.Waiting) ?? 0,
    runningworkflows: graphs.get(ProcessState.Running) ?? 0,
    successfulworkflows: graphs.get(ProcessState.Successful) ?? 0,
    failedworkflows: graphs.get(ProcessState.Failed) ?? 0,
    cancelledworkflows: graphs.get(ProcessState.Cancelled) ?? 0,
  };
}

export const getColonyStatistics = handler({
  ...failTexts("get colony statistics"),
  decode: (o) => readString(o, "colonyname"),
  run(ctx, { signer }, colonyname) {
    if (!getColony(ctx.db, colonyname)) throw badRequest(`Colony with name <${colonyname}> not found`);
    // The real server writes an empty 200 here when membership fails; we answer the 403 instead.
    requireMembership(ctx.db, signer, colonyname);
    return statistics(ctx, colonyname);
  },
});

export const getStatistics = handler({
  invalidJson: "Failed to get statistics, invalid JSON",
  mismatch: "Failed to get server version, msg.MsgType does not match payloadType",
  decode: () => null,
  run(ctx, { signer }) {
    requireServerOwner(ctx.serverId, signer);
    return statistics(ctx);
  },
});
