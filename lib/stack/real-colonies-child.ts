/**
 * The demo's "Colonies server" child with `--colonies real`: starts PostgreSQL and the real Colonies server
 * (binary REAL_COLONIES_BINARY, state under REAL_COLONIES_DIR, API on COLONIES_SERVER_PORT) with the keys
 * of the demo's keys file (COLONIES_* env), registers the colony and its user, and on SIGTERM/SIGINT stops
 * both, so the demo's child handling stops the real server like the embedded one.
 */
import { runMain } from "../cli/index.ts";
import type { DevEnv } from "../colonies-sdk/dev-colony.ts";
import { launchRealColonies } from "../real-colonies-launcher/index.ts";
import { REAL_COLONIES_READY } from "./stack.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the demo sets it)`);
  return value;
}

await runMain(async () => {
  const colonies = await launchRealColonies({
    dir: required("REAL_COLONIES_DIR"),
    binary: required("REAL_COLONIES_BINARY"),
    port: Number(required("COLONIES_SERVER_PORT")),
    keys: process.env as DevEnv,
  });
  console.log(`${REAL_COLONIES_READY} ${colonies.url} (log ${colonies.server.logPath})`);
  const stopped = Promise.withResolvers<void>();
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stopped.resolve());
  await stopped.promise;
  await colonies.stop();
  console.log("Real Colonies server and its PostgreSQL stopped");
});
