/**
 * Starts the demo's processes: the embedded Colonies server, the store (with the dashboard) and K executors,
 * each a `bun` child with its own log file, configured only through env (the same variables a user sets).
 */
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pause, unlessAborted } from "../abort.ts";
import { ColoniesClient, type ColoniesConfig } from "../colonies-sdk/index.ts";
import { stopPostgresCluster } from "../postgres/cluster.ts";
import { ensureRealColoniesBinary, realColoniesPaths } from "../real-colonies-launcher/index.ts";
import type { ChildProcesses, ChildSpec } from "./children.ts";
import { StackError } from "./errors.ts";

/** Which Colonies server the stack starts: ours (embedded) or the real Go server. */
export type ColoniesKind = "embedded" | "real";
export const COLONIES_KINDS: readonly ColoniesKind[] = ["embedded", "real"];

export interface StackPaths {
  repoRoot: string;
  logDir: string;
  storeDb: string;
  coloniesDb: string;
  /** PostgreSQL and server state of the real Colonies server (--colonies real). */
  realColoniesDir: string;
  labels: string;
  model: string;
}

export interface StackOptions {
  host: string;
  colonies: ColoniesKind;
  storePort: number;
  coloniesPort: number;
  executors: number;
  /** Env of every child: the user's env, the keys file, and the demo's settings. */
  env: Record<string, string | undefined>;
  paths: StackPaths;
  signal: AbortSignal;
}

export interface RunningStack {
  storeUrl: string;
  colonies: ColoniesClient;
  executorNames: string[];
}

const BUN = process.execPath;
export const REPO_ROOT = resolve(import.meta.dir, "..", "..");

/** The stack's files under one data directory: logs, both databases, the labels file. */
export function stackPaths(dataDir: string, modelPath: string): StackPaths {
  return {
    repoRoot: REPO_ROOT,
    logDir: join(dataDir, "logs"),
    storeDb: join(dataDir, "store.db"),
    coloniesDb: join(dataDir, "colonies.db"),
    realColoniesDir: join(dataDir, "real-colonies"),
    labels: join(dataDir, "labels.json"),
    model: resolve(modelPath),
  };
}

/** Where a client on this machine connects to a server listening on `host` (any-address → loopback). */
export function connectHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
}

/** Env a child needs to reach (or be) the demo's Colonies server. */
export function coloniesEnv(host: string, port: number): Record<string, string> {
  return {
    COLONIES_SERVER_HOST: host,
    COLONIES_SERVER_PORT: String(port),
    COLONIES_SERVER_HTTP_PORT: String(port),
    COLONIES_TLS: "false",
    COLONIES_SERVER_TLS: "false",
  };
}

async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  alive: () => void,
  signal: AbortSignal,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    alive();
    if (
      await unlessAborted(
        check().catch(() => false),
        signal,
      )
    )
      return;
    await pause(100, signal);
  }
  throw new StackError(`${what} was not ready within ${timeoutMs / 1000} s`);
}

/** What lib/stack/real-colonies-child.ts prints once the colony and user are registered. */
export const REAL_COLONIES_READY = "Real Colonies server ready on";

/**
 * The real server as a demo child (lib/stack/real-colonies-child.ts): built once into data/real-colonies/bin,
 * started on a fresh PostgreSQL under the data dir (a run starts clean, as with the embedded server).
 */
async function realColoniesChild(options: StackOptions): Promise<ChildSpec> {
  const { paths, env } = options;
  const binary = await ensureRealColoniesBinary({
    cacheDir: join(paths.repoRoot, "data", "real-colonies", "bin"),
    log: (line) => console.log(`   ${line}`),
  });
  // A PostgreSQL left running by an interrupted run holds the folder: stop it before clearing.
  await stopPostgresCluster(realColoniesPaths(paths.realColoniesDir).postgres);
  // (lib/postgres/cluster.ts makes the folder again and lets the postgres user into it.)
  rmSync(paths.realColoniesDir, { recursive: true, force: true });
  return {
    name: "real Colonies server",
    tier: 0,
    cmd: [BUN, join(paths.repoRoot, "lib", "stack", "real-colonies-child.ts")],
    env: {
      ...env,
      ...coloniesEnv(connectHost(options.host), options.coloniesPort),
      REAL_COLONIES_BINARY: binary,
      REAL_COLONIES_DIR: paths.realColoniesDir,
    },
    logPath: join(paths.logDir, "colonies.log"),
  };
}

export async function startColonies(
  children: ChildProcesses,
  options: StackOptions,
  config: ColoniesConfig,
): Promise<ColoniesClient> {
  const { host, coloniesPort, paths, env } = options;
  const child = children.spawn(
    options.colonies === "real"
      ? await realColoniesChild(options)
      : {
          name: "Colonies server",
          tier: 0,
          cmd: [BUN, join(paths.repoRoot, "embedded-colonies", "main.ts")],
          env: { ...env, ...coloniesEnv(host, coloniesPort), COLONIES_DB_PATH: paths.coloniesDb },
          logPath: join(paths.logDir, "colonies.log"),
        },
  );
  const client = ColoniesClient.fromConfig({
    ...config,
    host: connectHost(host),
    port: coloniesPort,
    tls: false,
  });
  await waitUntil(
    `The Colonies server (log: ${child.logPath})`,
    async () => Boolean(await client.version()),
    () => children.assertRunning(child),
    options.signal,
  );
  // The real server's child registers the colony after the server answers: registering it here at the
  // same time races (the loser gets PostgreSQL's duplicate-key error, not "already exists").
  if (options.colonies === "real") await children.waitForLog(child, REAL_COLONIES_READY, 60_000);
  return client;
}

export async function startStoreServer(children: ChildProcesses, options: StackOptions): Promise<string> {
  const { host, storePort, paths, env } = options;
  const child = children.spawn({
    name: "store",
    tier: 1,
    cmd: [BUN, join(paths.repoRoot, "server.ts")],
    env: {
      ...env,
      ...coloniesEnv(connectHost(host), options.coloniesPort),
      HOST: host,
      PORT: String(storePort),
      DATABASE_PATH: paths.storeDb,
      MODEL_PATH: paths.model,
      DASHBOARD_LABELS_PATH: paths.labels,
    },
    logPath: join(paths.logDir, "store.log"),
  });
  const url = `http://${connectHost(host)}:${storePort}`;
  await waitUntil(
    `The store (log: ${child.logPath})`,
    async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })).ok,
    () => children.assertRunning(child),
    options.signal,
  );
  return url;
}

/** Starts K executors and waits until each has registered (prints "Executor NAME registered"). */
export async function startExecutors(children: ChildProcesses, options: StackOptions): Promise<string[]> {
  const { host, paths, env } = options;
  const started = Array.from({ length: options.executors }, (_, i) =>
    children.spawn({
      name: `executor ${i + 1}`,
      tier: 2,
      cmd: [BUN, join(paths.repoRoot, "executor", "executor.ts")],
      env: { ...env, ...coloniesEnv(connectHost(host), options.coloniesPort), MODEL_PATH: paths.model },
      logPath: join(paths.logDir, `executor-${i + 1}.log`),
    }),
  );
  const names: string[] = [];
  for (const child of started) {
    let name = "";
    await waitUntil(
      `${child.name} (log: ${child.logPath})`,
      async () => {
        const match = /Executor (\S+) registered/.exec(await Bun.file(child.logPath).text());
        name = match?.[1] ?? "";
        return name !== "";
      },
      () => children.assertRunning(child),
      options.signal,
    );
    names.push(name);
  }
  return names;
}
