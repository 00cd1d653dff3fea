/**
 * A whole ColonyOS tutorial stack for integration tests and benchmarks, in this process: the store and the
 * embedded Colonies server on free 127.0.0.1 ports with temporary SQLite files, a colony and a user with
 * fresh keys, and `env` ready to hand to spawned scripts (executor, submit, colonies CLI). The store needs a
 * write token (a fresh STORE_TOKEN in `env`), so every tool under test shows it sends one.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type DevEnv, registerColony } from "../../embedded-colonies/bootstrap.ts";
import { type ColoniesServerOptions, startColoniesServer } from "../../embedded-colonies/server.ts";
import { ColoniesClient, generatePrivateKey, idFromPrivateKey } from "../../lib/colonies-sdk/index.ts";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { startStore } from "../../store/start.ts";

export const repoRoot = resolve(import.meta.dir, "../..");

export interface Key {
  prvkey: string;
  id: string;
}

export interface TestStack {
  /** Temporary directory holding the databases (removed by stop). */
  dir: string;
  /** The store's write token (also STORE_TOKEN in env; the `store` client sends it). */
  storeToken: string;
  storeUrl: string;
  coloniesUrl: string;
  coloniesPort: number;
  colonyname: string;
  keys: { server: Key; colony: Key; user: Key };
  /** Client of the Colonies server (sign with keys.user.prvkey for submit/list calls). */
  colonies: ColoniesClient;
  store: TimeSeriesClient;
  /** Environment for spawned scripts: process.env plus the COLONIES_* settings, the store URL and MODEL_PATH. */
  env: Record<string, string>;
  /** Stops the Colonies server for `downMs`, then starts it again on the same port and database. */
  restartColonies(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Overrides for the embedded Colonies server (e.g. a faster timeoutLoopMs). */
  colonies?: Partial<ColoniesServerOptions>;
  /** MODEL_PATH for spawned executors; default: a missing file, so the tutorial's threshold is used. */
  modelPath?: string;
  colonyname?: string;
}

function key(): Key {
  const prvkey = generatePrivateKey();
  return { prvkey, id: idFromPrivateKey(prvkey) };
}

/** process.env without COLONIES_* settings (the caller's .env must not redirect spawned children). */
export function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // The stack decides every Colonies and store setting; nothing leaks in from the caller's .env.
    if (value !== undefined && !name.startsWith("COLONIES_")) env[name] = value;
  }
  return env;
}

export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), "anomaly-stack-"));
  const colonyname = options.colonyname ?? "dev";
  const keys = { server: key(), colony: key(), user: key() };
  const storeToken = randomBytes(16).toString("hex");
  const store = await startStore({
    hostname: "127.0.0.1",
    port: 0,
    databasePath: join(dir, "store.db"),
    tokens: [storeToken],
  });
  const serverOptions: ColoniesServerOptions = {
    hostname: "127.0.0.1",
    port: 0,
    databasePath: join(dir, "colonies.db"),
    serverId: keys.server.id,
    ...options.colonies,
  };
  let colonies = await startColoniesServer(serverOptions);
  const client = new ColoniesClient({ host: "127.0.0.1", port: colonies.port, tls: false });
  const devEnv: DevEnv = {
    COLONIES_SERVER_PRVKEY: keys.server.prvkey,
    COLONIES_SERVER_ID: keys.server.id,
    COLONIES_COLONY_NAME: colonyname,
    COLONIES_COLONY_PRVKEY: keys.colony.prvkey,
    COLONIES_COLONY_ID: keys.colony.id,
    COLONIES_PRVKEY: keys.user.prvkey,
    COLONIES_ID: keys.user.id,
  };
  await registerColony(client, devEnv);
  const env: Record<string, string> = {
    ...inheritedEnv(),
    ...devEnv,
    COLONIES_SERVER_HOST: "127.0.0.1",
    // Every variable the config reads is set, so a developer's .env (which bun loads) cannot redirect a child.
    COLONIES_SERVER_PORT: String(colonies.port),
    COLONIES_SERVER_HTTP_PORT: String(colonies.port),
    COLONIES_TLS: "false",
    COLONIES_SERVER_TLS: "false",
    STORE_URL: store.url,
    STORE_TOKEN: storeToken,
    MODEL_PATH: options.modelPath ?? join(dir, "no-model.json"),
  };
  return {
    dir,
    storeToken,
    storeUrl: store.url,
    coloniesUrl: colonies.url,
    coloniesPort: colonies.port,
    colonyname,
    keys,
    colonies: client,
    store: new TimeSeriesClient(store.url, { token: storeToken }),
    env,
    async restartColonies(downMs = 0) {
      const port = colonies.port;
      await colonies.stop();
      await Bun.sleep(downMs);
      colonies = await startColoniesServer({ ...serverOptions, port });
    },
    async stop() {
      await colonies.stop();
      await store.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
