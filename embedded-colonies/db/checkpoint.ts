/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit crosses
 * its threshold, on the server's one thread, and fsyncs the database file there: measured on the reference
 * box, one insert in ~200 then takes 5–240 ms instead of 0.05 ms, and every request waits behind it. Here a
 * Worker with its own connection checkpoints every `periodMs` instead, and the server's connection keeps
 * an automatic threshold ten times the default only as a safety net. Durability is unchanged: with
 * synchronous=NORMAL a commit is in the WAL before its reply either way; a checkpoint only copies committed
 * pages into the database file.
 */
import { BUSY_TIMEOUT_MS } from "../../lib/sqlite/open.ts";
import type { ColoniesDatabase } from "./open.ts";

export type CheckpointCommand =
  | { type: "start"; path: string; periodMs: number; busyTimeoutMs: number }
  | { type: "stop" };

export const CHECKPOINT_PERIOD_MS = 200;
/** Pages (SQLite's default is 1000): reached only when the worker falls behind. */
const SAFETY_NET_PAGES = 10_000;
const STOP_WAIT_MS = 2000;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(
  db: ColoniesDatabase,
  path: string,
  periodMs = CHECKPOINT_PERIOD_MS,
): Checkpointer {
  db.$client.run(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  const worker = new Worker(new URL("./checkpoint-worker.ts", import.meta.url));
  const start: CheckpointCommand = { type: "start", path, periodMs, busyTimeoutMs: BUSY_TIMEOUT_MS };
  worker.postMessage(start);
  return {
    async stop() {
      let timer: Timer | undefined;
      const stopped = new Promise<void>((resolve) => {
        worker.onmessage = () => resolve();
        timer = setTimeout(resolve, STOP_WAIT_MS);
      });
      worker.postMessage({ type: "stop" } satisfies CheckpointCommand);
      await stopped;
      clearTimeout(timer);
      worker.terminate();
    },
  };
}
