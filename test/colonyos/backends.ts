/** The two servers the conformance suite runs against: the embedded one and the real Go server. */
import { afterAll, beforeAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startColoniesServer } from "../../embedded-colonies/server.ts";
import { ColoniesClient } from "../../lib/colonies-sdk/client.ts";
import { type DevEnv, freshDevKeys, registerColony } from "../../lib/colonies-sdk/dev-colony.ts";
import { startRealColonies } from "../support/real-colonies.ts";

export type BackendName = "embedded" | "real";

export interface Backend {
  name: BackendName;
  /** http://127.0.0.1:PORT (POST /api). */
  url: string;
  port: number;
  colonyname: string;
  keys: DevEnv;
  client: ColoniesClient;
  stop(): Promise<void>;
}

async function embedded(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), "conformance-embedded-"));
  const keys = freshDevKeys();
  const server = await startColoniesServer({
    hostname: "127.0.0.1",
    port: 0,
    databasePath: join(dir, "colonies.db"),
    serverId: keys.COLONIES_SERVER_ID,
  });
  const client = new ColoniesClient({ host: "127.0.0.1", port: server.port });
  await registerColony(client, keys);
  return {
    name: "embedded",
    url: server.url,
    port: server.port,
    colonyname: keys.COLONIES_COLONY_NAME,
    keys,
    client,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function real(): Promise<Backend> {
  const colonies = await startRealColonies();
  return {
    name: "real",
    url: colonies.url,
    port: colonies.port,
    colonyname: colonies.colonyname,
    keys: colonies.keys,
    client: colonies.client,
    stop: () => colonies.stop(),
  };
}

export async function startBackends(): Promise<Record<BackendName, Backend>> {
  const [e, r] = await Promise.all([embedded(), real()]);
  return { embedded: e, real: r };
}

/** Starts both servers before the file's tests and stops them after; call the result inside a test. */
export function useBackends(): () => Record<BackendName, Backend> {
  let backends: Record<BackendName, Backend> | undefined;
  beforeAll(async () => {
    backends = await startBackends();
  }, 300_000);
  afterAll(async () => {
    await Promise.all(Object.values(backends ?? {}).map((b) => b.stop()));
  });
  return () => {
    if (!backends) throw new Error("the servers did not start (see the beforeAll error)");
    return backends;
  };
}

/** The same server with a colony of its own (fresh colony-owner and user keys), so scenarios don't share state. */
export async function withFreshColony(b: Backend, colonyname: string): Promise<Backend> {
  const fresh = freshDevKeys(colonyname);
  const keys: DevEnv = {
    ...fresh,
    COLONIES_SERVER_PRVKEY: b.keys.COLONIES_SERVER_PRVKEY,
    COLONIES_SERVER_ID: b.keys.COLONIES_SERVER_ID,
  };
  await registerColony(b.client, keys);
  return { ...b, colonyname, keys };
}
