/** Worker side of checkpoint.ts: its own connection to the server's file, checkpointing on a timer. */
import { Database } from "bun:sqlite";
import type { CheckpointCommand } from "./checkpoint.ts";

declare const self: Worker;

let db: Database | undefined;
let timer: Timer | undefined;

self.onmessage = (event: MessageEvent<CheckpointCommand>) => {
  const command = event.data;
  if (command.type === "start") {
    db = new Database(command.path);
    db.run(`PRAGMA busy_timeout = ${command.busyTimeoutMs}`);
    // PASSIVE never waits for the server's readers or writer: it copies what it can and tries again later.
    timer = setInterval(() => db?.run("PRAGMA wal_checkpoint(PASSIVE)"), command.periodMs);
    return;
  }
  clearInterval(timer);
  db?.close();
  db = undefined;
  self.postMessage("stopped");
};
