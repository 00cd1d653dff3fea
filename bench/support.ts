/**
 * Setup shared by the pipeline benchmarks: a fresh Colonies server (embedded, or the real one with
 * `colonies: "real"`) and store as child processes on free ports with a temporary data directory, the
 * colony registered, and K anomaly executors started. The store benchmarks' helpers: store servers over a
 * temporary database (spawnStores) and timed request rows (measure).
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SQL } from "bun";
import { type DevEnv, ensureDevEnv, registerColony } from "../embedded-colonies/bootstrap.ts";
import {
  type ColoniesClient,
  type ColoniesConfig,
  loadColoniesConfig,
  requireKeys,
} from "../lib/colonies-sdk/index.ts";
import { freePort } from "../lib/free-port.ts";
import { type PostgresCluster, startPostgresCluster } from "../lib/postgres/cluster.ts";
import { ChildProcesses } from "../lib/stack/children.ts";
import {
  type ColoniesKind,
  coloniesEnv,
  REPO_ROOT,
  type StackOptions,
  stackPaths,
  startColonies,
  startStoreServer,
} from "../lib/stack/stack.ts";

const HOST = "127.0.0.1";

export { freePort };

export interface BenchStackOptions {
  /** Names the temporary directory. */
  label: string;
  /** Model for the store and the executors (the tutorial's default when the file is missing). */
  model: string;
  /** Which Colonies server (default embedded). */
  colonies?: ColoniesKind;
  /** Extra env for every child (e.g. the Colonies server's settings). */
  env?: Record<string, string>;
}

export interface BenchStack {
  dataDir: string;
  children: ChildProcesses;
  keys: DevEnv;
  /** The colony owner's and the user's keys, and where the server listens. */
  config: ColoniesConfig & { colonyPrvkey: string; prvkey: string };
  colonies: ColoniesClient;
  serverPid: number;
  /**
   * The Colonies server's processes now: the server child and its descendants; for the real server also
   * every process naming its state dir (PostgreSQL's postmaster) and theirs (the PostgreSQL backends).
   */
  serverPids(): number[];
  storeUrl: string;
  /** Env of every child: ours, the keys, the Colonies server's address and STORE_URL. */
  env: Record<string, string | undefined>;
  /** Stops the children and removes the data directory. */
  close(): Promise<void>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${options.label}-`));
  // The real server's PostgreSQL runs as the postgres user when we are root: it must enter the folder.
  chmodSync(dataDir, 0o755);
  const paths = stackPaths(dataDir, options.model);
  mkdirSync(paths.logDir);
  const children = new ChildProcesses();
  const close = async () => {
    await children.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const keys = ensureDevEnv(join(dataDir, ".env")).values;
    const stack: StackOptions = {
      host: HOST,
      colonies: options.colonies ?? "embedded",
      storePort: freePort(),
      coloniesPort: freePort(),
      executors: 0,
      env: { ...process.env, ...keys, ...options.env },
      paths,
      signal: new AbortController().signal,
    };
    const env = { ...stack.env, ...coloniesEnv(HOST, stack.coloniesPort) };
    const config = requireKeys(loadColoniesConfig(env), "colonyPrvkey", "prvkey");
    const colonies = await startColonies(children, stack, config);
    const serverPid = children.list().at(-1)!.proc.pid;
    await registerColony(colonies, keys);
    const storeUrl = await startStoreServer(children, stack);
    return {
      dataDir,
      children,
      keys,
      config,
      colonies,
      serverPid,
      serverPids: () => {
        const roots = [serverPid, ...(stack.colonies === "real" ? pidsNaming(paths.realColoniesDir) : [])];
        return [...new Set(roots.flatMap(withDescendants))];
      },
      storeUrl,
      env: { ...env, STORE_URL: storeUrl, MODEL_PATH: resolve(options.model) },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Starts `count` anomaly executors (`bun executor/executor.ts ...args`) and waits until each registered.
 * `envOf(i)` adds env for executor i (0-based).
 */
export async function startBenchExecutors(
  bench: BenchStack,
  count: number,
  args: string[] = [],
  envOf: (i: number) => Record<string, string> = () => ({}),
): Promise<void> {
  const executors = Array.from({ length: count }, (_, i) =>
    bench.children.spawn({
      name: `executor ${i + 1}`,
      tier: 2,
      cmd: [process.execPath, join(REPO_ROOT, "executor", "executor.ts"), ...args],
      env: { ...bench.env, ...envOf(i) },
      logPath: join(bench.dataDir, "logs", `executor-${i + 1}.log`),
    }),
  );
  for (const child of executors) await bench.children.waitForLog(child, "registered");
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it (Linux /proc). */
export function withDescendants(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${all[i]}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      const children = readProc(`/proc/${all[i]}/task/${task}/children`) ?? "";
      for (const child of children.trim().split(/\s+/).filter(Boolean)) all.push(Number(child));
    }
  }
  return all;
}

/** Processes whose command line contains `text`. */
function pidsNaming(text: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => (readProc(`/proc/${pid}/cmdline`) ?? "").includes(text))
    .map(Number);
}

/** User+system CPU seconds used so far by these processes together (Linux /proc; NaN elsewhere). */
export function cpuSeconds(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    const stat = readProc(`/proc/${pid}/stat`);
    if (stat === undefined) {
      if (process.platform !== "linux") return Number.NaN;
      continue; // exited meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    total += (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  }
  return total;
}

/** Store servers spawned by spawnStores (or one given by --url). */
export interface Started {
  /** One base URL per instance. */
  urls: string[];
  pids: number[];
  /** Bytes the database takes on disk (undefined with --url). */
  databaseBytes?: () => Promise<number>;
  stop(): Promise<void>;
}

async function spawnServer(env: Record<string, string>): Promise<{ url: string; child: Bun.Subprocess }> {
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "server.ts")], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", ...env },
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = child.stdout.getReader();
  let text = "";
  while (!/http:\/\/\S+:\d+/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before listening: ${text}`);
    text += new TextDecoder().decode(value);
  }
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
  if (url === undefined) throw new Error(`server did not print an http://127.0.0.1 URL: ${text}`);
  return { url, child };
}

/**
 * Spawns `instances` `bun server.ts` on free ports over one temporary database: a SQLite file (DATABASE_SYNC as
 * set, default FULL) or a private PostgreSQL cluster (lib/postgres/cluster.ts).
 */
export async function spawnStores(backend: string, instances: number): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), "store-bench-"));
  let cluster: PostgresCluster | undefined;
  let env: Record<string, string>;
  let databaseBytes: () => Promise<number>;
  if (backend === "postgres") {
    cluster = await startPostgresCluster({ dataDir: join(dir, "cluster") });
    await cluster.createDatabase("bench");
    const url = cluster.url("bench");
    env = { DATABASE_URL: url };
    databaseBytes = async () => {
      const sql = new SQL(url, { max: 1 });
      const [row] = await sql`SELECT pg_database_size(current_database())::float8 AS bytes`;
      await sql.close();
      return row.bytes as number;
    };
  } else {
    const databasePath = join(dir, "bench.db");
    env = { DATABASE_PATH: databasePath };
    const size = (suffix: string) => {
      try {
        return statSync(databasePath + suffix).size;
      } catch {
        return 0;
      }
    };
    databaseBytes = async () => size("") + size("-wal");
  }
  // One after the other: the first applies the migrations.
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  for (let i = 0; i < instances; i++) servers.push(await spawnServer(env));
  return {
    urls: servers.map((server) => server.url),
    pids: servers.map((server) => server.child.pid),
    databaseBytes,
    async stop() {
      for (const server of servers) {
        server.child.kill();
        await server.child.exited;
      }
      await cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) / 1024;
}

/** One measured row: `count` requests from `clients` concurrent clients. */
export interface Result {
  name: string;
  clients: number;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export async function measure(
  name: string,
  clients: number,
  count: number,
  request: (i: number) => Promise<Response>,
): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const response = await request(i);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${name} #${i}: HTTP ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, clients, count, perSecond: count / seconds, p50: at(0.5), p99: at(0.99) };
}
