/** What every message handler gets, and the shape of one handler in the dispatch table. */

import type { LogWriter } from "../db/log-writer.ts";
import type { ColoniesDatabase } from "../db/open.ts";
import type { Lifecycle } from "../scheduler/lifecycle.ts";
import type { QueueWaiters } from "../scheduler/waiters.ts";
import type { JsonObject } from "../wire/fields.ts";

export interface ServerContext {
  db: ColoniesDatabase;
  serverId: string;
  lifecycle: Lifecycle;
  /** addlogmsg's inserts, committed in groups. */
  logs: LogWriter;
  waiters: QueueWaiters;
  checkerPeriodMs: number;
  allowExecutorReregister: boolean;
  hostname: string;
  port: number;
}

export interface Request {
  signer: string;
  /** Aborts when the client disconnects (cancels a long-poll). */
  signal: AbortSignal;
}

/**
 * One message type. `decode` applies Go's field types (throws InvalidMessageError → 400 `invalidJson`);
 * the dispatcher then checks msgtype (400 `mismatch`) and calls `run`.
 */
export interface MessageHandler<M = unknown> {
  invalidJson: string;
  mismatch: string;
  decode(message: JsonObject): M;
  /** The reply payload (any JSON value; `{}` for operations without a result). */
  run(ctx: ServerContext, req: Request, message: M): unknown | Promise<unknown>;
}

export function handler<M>(h: MessageHandler<M>): MessageHandler<unknown> {
  return h as MessageHandler<unknown>;
}

/** Go marshals an empty (nil) slice as null. */
export function listOrNull<T>(items: T[]): T[] | null {
  return items.length === 0 ? null : items;
}

export function failTexts(action: string, mismatchAction = action) {
  return {
    invalidJson: `Failed to ${action}, invalid JSON`,
    mismatch: `Failed to ${mismatchAction}, msg.MsgType does not match payloadType`,
  };
}
