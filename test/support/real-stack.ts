/**
 * The tutorial stack around a real Colonies server (test/support/real-colonies.ts): the store on a free
 * port with a temporary SQLite file, and `env` for spawned tools (executor, submit, our colonies CLI and the
 * Go CLI, which read the same COLONIES_* variables). The Go binary is the server's own (it is also the CLI).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ColoniesClient } from "../../lib/colonies-sdk/index.ts";
import { realColoniesBinaryPath } from "../../lib/real-colonies-launcher/index.ts";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { startStore } from "../../store/start.ts";
import { REAL_COLONIES_CACHE, type RealColoniesFixture, startRealColonies } from "./real-colonies.ts";
import { inheritedEnv, type Key } from "./stack.ts";

/** Shaped like TestStack where the shared helpers (test/support/pipeline.ts) look. */
export interface RealStack {
  real: RealColoniesFixture;
  /** Client of the real server (sign list/submit calls with keys.user.prvkey). */
  colonies: ColoniesClient;
  colonyname: string;
  keys: { user: Key; colony: Key; server: Key };
  storeUrl: string;
  store: TimeSeriesClient;
  /** For spawned scripts: COLONIES_* of the real server, STORE_URL, MODEL_PATH (a missing file). */
  env: Record<string, string>;
  /** The Go `colonies` binary (server and CLI). */
  goCli: string;
  stop(): Promise<void>;
}

export async function startRealStack(): Promise<RealStack> {
  const dir = mkdtempSync(join(tmpdir(), "real-stack-"));
  const store = await startStore({ databasePath: join(dir, "store.db") });
  let colonies: RealColoniesFixture;
  try {
    colonies = await startRealColonies();
  } catch (error) {
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const { keys } = colonies;
  return {
    real: colonies,
    colonies: colonies.client,
    colonyname: colonies.colonyname,
    keys: {
      user: { prvkey: keys.COLONIES_PRVKEY, id: keys.COLONIES_ID },
      colony: { prvkey: keys.COLONIES_COLONY_PRVKEY, id: keys.COLONIES_COLONY_ID },
      server: { prvkey: keys.COLONIES_SERVER_PRVKEY, id: keys.COLONIES_SERVER_ID },
    },
    storeUrl: store.url,
    store: new TimeSeriesClient(store.url),
    env: {
      ...inheritedEnv(),
      ...colonies.env,
      STORE_URL: store.url,
      MODEL_PATH: join(dir, "no-model.json"),
    },
    goCli: realColoniesBinaryPath(REAL_COLONIES_CACHE),
    async stop() {
      await colonies.stop();
      await store.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the Go CLI (`colonies ARGS`) with `env`; stdout and stderr apart (it logs status lines to stderr). */
export async function runGoCli(
  goCli: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([goCli, ...args], { env, stdout: "pipe", stderr: "pipe", timeout: 30_000 });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { exitCode, stdout, stderr };
}
