/**
 * Runs the real Colonies server binary against a PostgreSQL server: a single-node etcd on three extra
 * ports, plain http on `port`, its output appended to a log file. Waits until it answers `versionmsg`.
 */
import { closeSync, mkdirSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ColoniesClient } from "../colonies-sdk/client.ts";
import { idFromPrivateKey } from "../colonies-sdk/crypto.ts";
import { freePorts } from "../free-port.ts";
import { logTail } from "../log-tail.ts";
import { RealColoniesSetupError } from "./binary.ts";
import { isAlive, stopPid } from "./process.ts";

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** One member of an etcd cluster of Colonies servers (see cluster.ts); absent = a one-node cluster. */
export interface ClusterMember {
  /** etcd name, e.g. server2. */
  name: string;
  clientPort: number;
  peerPort: number;
  relayPort: number;
  /** `--initial-cluster`: name=localhost:PEER:RELAY:API for every member, comma-separated. */
  initialCluster: string;
}

export interface RealServerOptions {
  binary: string;
  /** Holds the etcd data (wiped at each start) and `server.log`. */
  dir: string;
  /** HTTP port of the API. */
  port: number;
  postgres: PostgresEndpoint;
  serverPrvkey: string;
  /** Keep running after this process exits (the launcher); tests leave it attached. */
  detached?: boolean;
  /** Member of a multi-server cluster (own etcd name and ports); default: a one-node cluster. */
  member?: ClusterMember;
  /** Create the tables at start (default true; cluster members other than the first skip it). */
  initdb?: boolean;
  /** How long to wait for the first answer (default 60 s). */
  startTimeoutMs?: number;
}

export interface RealServerProcess {
  pid: number;
  port: number;
  url: string;
  logPath: string;
  stop(): Promise<void>;
}

/** The environment the server reads; nothing else leaks in from ours (no stray COLONIES_* settings). */
function serverEnv(options: RealServerOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    // Without TZ the server's database connection fails and it retries forever.
    TZ: "UTC",
    COLONIES_DB_HOST: options.postgres.host,
    COLONIES_DB_PORT: String(options.postgres.port),
    COLONIES_DB_USER: options.postgres.user,
    COLONIES_DB_PASSWORD: options.postgres.password,
    COLONIES_DB_TIMESCALEDB: "false",
    COLONIES_SERVER_ID: idFromPrivateKey(options.serverPrvkey),
    COLONIES_SERVER_PRVKEY: options.serverPrvkey,
    COLONIES_TLS: "false",
    // What getserverinfomsg advertises (the server does not look at its own --port for it).
    COLONIES_SERVER_HTTP_PORT: String(options.port),
  };
}

function oneNodeCluster(apiPort: number): ClusterMember {
  const [clientPort, peerPort, relayPort] = freePorts(3, [apiPort]) as [number, number, number];
  return {
    name: "server1",
    clientPort,
    peerPort,
    relayPort,
    initialCluster: `server1=localhost:${peerPort}:${relayPort}:${apiPort}`,
  };
}

export async function startRealServer(options: RealServerOptions): Promise<RealServerProcess> {
  mkdirSync(options.dir, { recursive: true });
  const etcdDir = join(options.dir, "etcd");
  // etcd only tracks the one-node cluster; the colonies live in PostgreSQL, so a fresh etcd is safe.
  rmSync(etcdDir, { recursive: true, force: true });
  const member = options.member ?? oneNodeCluster(options.port);
  const logPath = join(options.dir, "server.log");
  const log = openSync(logPath, "a");
  const args = [
    options.binary,
    "server",
    "start",
    ...(options.initdb === false ? [] : ["--initdb"]),
    "--insecure",
    "--port",
    String(options.port),
    "--etcdname",
    member.name,
    "--etcdhost",
    "localhost",
    "--etcdclientport",
    String(member.clientPort),
    "--etcdpeerport",
    String(member.peerPort),
    "--relayport",
    String(member.relayPort),
    "--initial-cluster",
    member.initialCluster,
    "--etcddatadir",
    etcdDir,
  ];
  const child = Bun.spawn(args, {
    cwd: options.dir,
    env: serverEnv(options),
    stdin: "ignore",
    stdout: log,
    stderr: log,
    detached: options.detached ?? false,
  });
  closeSync(log);
  if (options.detached) child.unref();
  const url = `http://127.0.0.1:${options.port}`;
  const server: RealServerProcess = {
    pid: child.pid,
    port: options.port,
    url,
    logPath,
    stop: () => stopPid(child.pid),
  };
  const client = new ColoniesClient({ host: "127.0.0.1", port: options.port, requestTimeoutMs: 2000 });
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (!isAlive(child.pid) || child.exitCode !== null) {
      throw new RealColoniesSetupError(
        `the real Colonies server exited during start-up; last lines of ${logPath}:\n${logTail(logPath)}`,
      );
    }
    try {
      await client.version();
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.stop();
        throw new RealColoniesSetupError(
          `the real Colonies server did not answer on ${url} within ${options.startTimeoutMs ?? 60_000} ms; last lines of ${logPath}:\n${logTail(logPath)}`,
        );
      }
      await Bun.sleep(200);
    }
  }
}
