/** Log messages: add (assigned executor only), get by process or executor, search. */
import { requireMembership } from "../auth.ts";
import { getExecutorByName, getExecutorIdentity } from "../db/identities.ts";
import { readLogs, searchLogs as searchLogRows } from "../db/logs.ts";
import { getProcessAssignment, getProcessRow, ProcessState } from "../db/processes.ts";
import { badRequest, forbidden, internal } from "../errors.ts";
import { wireLog } from "../model/wire.ts";
import { nowUs } from "../time.ts";
import { readBool, readInt, readInt64, readString } from "../wire/fields.ts";
import { int32OutOfRangeMessage, isInt32, NEGATIVE_LIMIT, refuseNul } from "../wire/pq-errors.ts";
import { failTexts, handler, listOrNull } from "./types.ts";

const MAX_GET_COUNT = 500;
const MAX_SEARCH_COUNT = 100;
const MAX_SEARCH_DAYS = 30;
const US_PER_DAY = 86_400_000_000;

export const addLog = handler({
  ...failTexts("add log"),
  decode: (o) => ({ processid: readString(o, "processid"), message: readString(o, "message") }),
  async run({ db, logs }, { signer }, m) {
    const row = getProcessAssignment(db, m.processid);
    if (!row) throw internal("Failed to add log, process is nil");
    requireMembership(db, signer, row.colonyname);
    if (row.state !== ProcessState.Running) throw forbidden("Failed to set output, process is not running");
    if (row.assignedexecutorid !== signer)
      throw forbidden("Failed to add log, not allowed to add log, only the assigned Executor may att logs");
    const executor = getExecutorIdentity(db, signer)!;
    await logs.append({
      processid: row.processid,
      colonyname: row.colonyname,
      executorname: executor.executorname,
      message: m.message,
      timestampUs: nowUs(),
    });
    return {};
  },
});

export const getLogs = handler({
  ...failTexts("get logs"),
  decode: (o) => ({
    colonyname: readString(o, "colonyname"),
    processid: readString(o, "processid"),
    executorname: readString(o, "executorname"),
    count: readInt(o, "count"),
    since: readInt64(o, "since"),
    latest: readBool(o, "latest"),
  }),
  run({ db }, { signer }, m) {
    if (m.executorname !== "") {
      const executor = getExecutorByName(db, m.colonyname, m.executorname);
      if (!executor) throw internal("Failed to get logs, executor does not exist");
      requireMembership(db, signer, executor.colonyname);
    } else {
      const row = getProcessRow(db, m.processid);
      if (!row) throw internal("Failed to get logs, process does not exist");
      requireMembership(db, signer, row.colonyname);
    }
    if (m.count > MAX_GET_COUNT) throw forbidden(`Count exceeds max log count (${MAX_GET_COUNT})`);
    const owner = m.executorname !== "" ? { executorname: m.executorname } : { processid: m.processid };
    return listOrNull(
      readLogs(db, owner, { count: m.count, sinceNs: m.since, latest: m.latest }).map(wireLog),
    );
  },
});

export const searchLogs = handler({
  invalidJson: "Failed to search logs, invalid JSON",
  mismatch: "Failed to get logs, msg.MsgType does not match payloadType",
  decode: (o) => ({
    colonyname: readString(o, "colonyname"),
    text: readString(o, "text"),
    days: readInt(o, "days"),
    count: readInt(o, "count"),
  }),
  run({ db }, { signer }, m) {
    requireMembership(db, signer, m.colonyname);
    if (m.count > MAX_SEARCH_COUNT) throw badRequest(`Count exceeds max log count (${MAX_SEARCH_COUNT})`);
    if (m.days > MAX_SEARCH_DAYS) throw badRequest(`Count exceeds max day count (${MAX_SEARCH_DAYS})`);
    if (m.count < 0) throw badRequest(NEGATIVE_LIMIT);
    // The real server queries even when nothing can match: days goes into an int32 parameter, text too.
    if (!isInt32(m.days)) throw badRequest(int32OutOfRangeMessage(m.days));
    refuseNul(m.text);
    if (m.days <= 0 || m.count === 0) return null;
    const from = nowUs() - m.days * US_PER_DAY;
    return listOrNull(searchLogRows(db, m.colonyname, m.text, from, m.count).map(wireLog));
  },
});
