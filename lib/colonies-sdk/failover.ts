/**
 * Several Colonies servers of one cluster (env COLONIES_SERVERS="host:port,host:port"): the client sticks to
 * one address and moves to the next on a connection error. Which requests may be sent again is decided
 * here, because a connection error does not always mean the server did nothing:
 *
 * - Refused / unresolvable (ECONNREFUSED, ENOTFOUND, unreachable): the request never left, so every
 *   message goes to the next server.
 * - Lost after sending (reset, no reply in time): the server may have applied it. Only messages whose
 *   repeat cannot apply twice are sent again: reads; `assignprocessmsg` (an assignment whose reply was lost
 *   goes back to the queue after the process's maxexectime, the usual at-least-once path); the assigned
 *   executor's `closesuccessfulmsg`/`closefailedmsg`/`setoutputmsg` (a process closes once: a repeat of an
 *   applied close is refused, never applied again); approve/reject (set a state). Signed messages carry no
 *   nonce, so the same signed envelope is valid on any server of the cluster.
 * - Everything else (submit, workflow submit, addlog, pack, add/remove ...) is not resent after an
 *   ambiguous loss: a repeat could make a second process, a duplicate log line, a series packed twice, or
 *   answer "already exists" for a request that worked. The caller gets the ColoniesConnectionError.
 */
import { ColoniesConfigError } from "./errors.ts";

export interface ServerAddress {
  host: string;
  port: number;
}

export const COLONIES_SERVERS_ENV = "COLONIES_SERVERS";

/** Messages safe to send again when the first attempt may have reached the server (see above). */
export const RESENDABLE_MSGTYPES: ReadonlySet<string> = new Set([
  "versionmsg",
  "getserverinfomsg",
  "getstatisticsmsg",
  "getcolonymsg",
  "getcolonystatsmsg",
  "getexecutorsmsg",
  "getexecutormsg",
  "getexecutorbyidmsg",
  "getfunctionsmsg",
  "getprocessmsg",
  "getprocessesmsg",
  "getlogsmsg",
  "searchlogsmsg",
  "getgeneratormsg",
  "getgeneratorsmsg",
  "assignprocessmsg",
  "closesuccessfulmsg",
  "closefailedmsg",
  "setoutputmsg",
  "approveexecutormsg",
  "rejectexecutormsg",
]);

/** Error codes of a request that never reached a server (nothing can have been applied). */
const NOT_DELIVERED = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** True when `error` (from fetch) proves the request did not reach the server. */
export function neverDelivered(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && NOT_DELIVERED.has(code);
}

/** May `msgtype` go to the next server after `error`? */
export function mayTryNextServer(msgtype: string, error: unknown): boolean {
  return neverDelivered(error) || RESENDABLE_MSGTYPES.has(msgtype);
}

function parseAddress(entry: string): ServerAddress {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d+)$/.exec(entry);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) {
    throw new ColoniesConfigError(
      COLONIES_SERVERS_ENV,
      `${COLONIES_SERVERS_ENV} entry "${entry}" is not host:port: write e.g. ` +
        `${COLONIES_SERVERS_ENV}=10.0.0.1:50080,10.0.0.2:50080 (IPv6 as [::1]:50080)`,
    );
  }
  return { host: match[1]!.replace(/^\[(.*)\]$/, "$1"), port };
}

/** Parses COLONIES_SERVERS ("host:port,host:port", spaces allowed); undefined when unset or empty. */
export function parseServerList(text: string | undefined): ServerAddress[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map(parseAddress);
}
