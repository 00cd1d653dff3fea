/**
 * Several real Colonies servers on one PostgreSQL database: an etcd cluster on loopback ports (each member
 * its own etcd name, client/peer/relay ports and data dir), every member listed in `--initial-cluster`.
 * The members start together (etcd needs a quorum before any of them serves); only the first creates the
 * tables (`--initdb`), so they do not race on the schema.
 */
import { join } from "node:path";
import type { ServerAddress } from "../colonies-sdk/failover.ts";
import { freePorts } from "../free-port.ts";
import {
  type ClusterMember,
  type PostgresEndpoint,
  type RealServerProcess,
  startRealServer,
} from "./server.ts";

export interface RealClusterOptions {
  binary: string;
  /** Holds one folder per member (etcd data, server.log). */
  dir: string;
  postgres: PostgresEndpoint;
  serverPrvkey: string;
  /** Members (≥ 1; 3 tolerates one down, etcd needs a majority). */
  size: number;
}

export interface RealCluster {
  servers: RealServerProcess[];
  /** 127.0.0.1:API port of each member, in order (for COLONIES_SERVERS). */
  addresses: ServerAddress[];
  /** Stops every member still running. */
  stop(): Promise<void>;
}

interface PlannedMember extends ClusterMember {
  apiPort: number;
}

function planMembers(size: number): PlannedMember[] {
  const ports = freePorts(size * 4);
  const members = Array.from({ length: size }, (_, i) => ({
    name: `server${i + 1}`,
    apiPort: ports[i * 4]!,
    clientPort: ports[i * 4 + 1]!,
    peerPort: ports[i * 4 + 2]!,
    relayPort: ports[i * 4 + 3]!,
    initialCluster: "",
  }));
  const initialCluster = members
    .map((m) => `${m.name}=localhost:${m.peerPort}:${m.relayPort}:${m.apiPort}`)
    .join(",");
  return members.map((m) => ({ ...m, initialCluster }));
}

export async function startRealCluster(options: RealClusterOptions): Promise<RealCluster> {
  if (!Number.isInteger(options.size) || options.size < 1) {
    throw new RangeError(`a cluster needs at least one server (got ${options.size})`);
  }
  const members = planMembers(options.size);
  const started = await Promise.allSettled(
    members.map((member, i) =>
      startRealServer({
        binary: options.binary,
        dir: join(options.dir, member.name),
        port: member.apiPort,
        postgres: options.postgres,
        serverPrvkey: options.serverPrvkey,
        member,
        initdb: i === 0,
      }),
    ),
  );
  const servers = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    servers,
    addresses: servers.map((server) => ({ host: "127.0.0.1", port: server.port })),
    stop,
  };
}
