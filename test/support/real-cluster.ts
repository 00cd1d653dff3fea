/**
 * Three (or `size`) real Colonies servers on one private PostgreSQL, colony + user registered, and the env
 * for tools: COLONIES_SERVERS lists every member (`envPreferring(i)` puts member i first, so executors can
 * be spread over the members).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevEnv, freshDevKeys, registerColony } from "../../lib/colonies-sdk/dev-colony.ts";
import { ColoniesClient } from "../../lib/colonies-sdk/index.ts";
import { startPostgresCluster } from "../../lib/postgres/cluster.ts";
import {
  clientEnv,
  ensureRealColoniesBinary,
  type RealCluster,
  startRealCluster,
} from "../../lib/real-colonies-launcher/index.ts";
import { REAL_COLONIES_CACHE } from "./real-colonies.ts";

export interface RealClusterFixture {
  cluster: RealCluster;
  keys: DevEnv;
  colonyname: string;
  /** A client that knows every member (fails over like the tools do). */
  client: ColoniesClient;
  /** COLONIES_* settings with member `index` first in COLONIES_SERVERS. */
  envPreferring(index: number): Record<string, string>;
  stop(): Promise<void>;
}

export async function startRealClusterFixture(size = 3): Promise<RealClusterFixture> {
  const binary = await ensureRealColoniesBinary({ cacheDir: REAL_COLONIES_CACHE, log: console.error });
  const dir = mkdtempSync(join(tmpdir(), "real-cluster-"));
  chmodSync(dir, 0o755);
  const postgres = await startPostgresCluster({ dataDir: join(dir, "postgres") });
  const keys = freshDevKeys();
  let cluster: RealCluster;
  try {
    cluster = await startRealCluster({
      binary,
      dir: join(dir, "servers"),
      postgres,
      serverPrvkey: keys.COLONIES_SERVER_PRVKEY,
      size,
    });
  } catch (error) {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const client = new ColoniesClient({ ...cluster.addresses[0]!, servers: cluster.addresses });
  await registerColony(client, keys);
  const envPreferring = (index: number) => {
    const order = cluster.addresses.map((_, i) => cluster.addresses[(index + i) % size]!);
    return {
      ...clientEnv(order[0]!.port, keys),
      COLONIES_SERVERS: order.map((a) => `${a.host}:${a.port}`).join(","),
    };
  };
  return {
    cluster,
    keys,
    colonyname: keys.COLONIES_COLONY_NAME,
    client,
    envPreferring,
    async stop() {
      await cluster.stop();
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
