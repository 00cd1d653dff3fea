/**
 * A real Colonies server ready to use: PostgreSQL (own data dir), the server binary, and the development
 * colony with its user registered. Used by `bun run colonies:real` (detached, state under
 * data/real-colonies/) and by the test helper (attached, in a temp dir).
 */
import { resolve } from "node:path";
import { ColoniesClient } from "../colonies-sdk/client.ts";
import { type DevEnv, freshDevKeys, registerColony } from "../colonies-sdk/dev-colony.ts";
import { freePort } from "../free-port.ts";
import { startPostgresCluster } from "../postgres/cluster.ts";
import { type RealServerProcess, startRealServer } from "./server.ts";

export interface LaunchOptions {
  /** Holds `postgres/` (the cluster, lib/postgres/cluster.ts), `server/` (etcd, server.log). */
  dir: string;
  binary: string;
  /** API port; 0 or omitted: a free one. */
  port?: number;
  /** PostgreSQL port; 0 or omitted: a free one. */
  pgPort?: number;
  /** Keys (and colony name) to use; fresh ones when omitted. */
  keys?: DevEnv;
  detached?: boolean;
}

export interface RealColonies {
  host: string;
  port: number;
  url: string;
  pgPort: number;
  colonyname: string;
  keys: DevEnv;
  client: ColoniesClient;
  server: RealServerProcess;
  /** COLONIES_* client settings (host, port, TLS, keys) for tools and .env. */
  env: Record<string, string>;
  /** Stops the server, then PostgreSQL. */
  stop(): Promise<void>;
}

export const POSTGRES_PASSWORD = "colonies";

/** `postgres`: the cluster folder; `pgdata`: PostgreSQL's own data dir inside it (holds postmaster.pid). */
export function realColoniesPaths(dir: string): { postgres: string; server: string } {
  return { postgres: resolve(dir, "postgres"), server: resolve(dir, "server") };
}

/** The client settings for a server on 127.0.0.1:`port` with `keys`. */
export function clientEnv(port: number, keys: DevEnv): Record<string, string> {
  return {
    COLONIES_SERVER_HOST: "127.0.0.1",
    COLONIES_SERVER_PORT: String(port),
    COLONIES_SERVER_HTTP_PORT: String(port),
    COLONIES_TLS: "false",
    COLONIES_SERVER_TLS: "false",
    ...keys,
  };
}

export async function launchRealColonies(options: LaunchOptions): Promise<RealColonies> {
  const paths = realColoniesPaths(options.dir);
  const keys = options.keys ?? freshDevKeys();
  const postgres = await startPostgresCluster({
    dataDir: paths.postgres,
    port: options.pgPort || freePort(),
    password: POSTGRES_PASSWORD,
  });
  let server: RealServerProcess;
  try {
    server = await startRealServer({
      binary: options.binary,
      dir: paths.server,
      port: options.port || freePort(),
      postgres,
      serverPrvkey: keys.COLONIES_SERVER_PRVKEY,
      detached: options.detached,
    });
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const client = new ColoniesClient({ host: "127.0.0.1", port: server.port, tls: false });
  await registerColony(client, keys);
  return {
    host: "127.0.0.1",
    port: server.port,
    url: server.url,
    pgPort: postgres.port,
    colonyname: keys.COLONIES_COLONY_NAME,
    keys,
    client,
    server,
    env: clientEnv(server.port, keys),
    async stop() {
      await server.stop();
      await postgres.stop();
    },
  };
}
