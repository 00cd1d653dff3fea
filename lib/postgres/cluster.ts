/**
 * A private PostgreSQL cluster for the real Colonies server and the store's PostgreSQL backend: initialised
 * on first use under a data folder of ours, started on 127.0.0.1 on a free (or given) port, reused on later
 * starts. Uses Debian's server binaries (package `postgresql`); as root they run as the `postgres` user,
 * since PostgreSQL refuses to run as root.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort } from "../free-port.ts";

export interface PostgresClusterOptions {
  /** Folder of the cluster (created when missing; an existing cluster there is reused). */
  dataDir: string;
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Superuser created by initdb (default "colonies"). */
  user?: string;
  /** Its password (default "colonies"); connections over TCP need it. */
  password?: string;
}

export interface PostgresCluster {
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  /** `postgres://user:password@127.0.0.1:port/database` (database "postgres" when omitted). */
  url(database?: string): string;
  /** Creates the database unless it exists. */
  createDatabase(name: string): Promise<void>;
  /** Stops the server (fast shutdown); the data stays for the next start. */
  stop(): Promise<void>;
}

export class PostgresClusterError extends Error {
  override name = "PostgresClusterError";
}

const INSTALL_HINT =
  "install PostgreSQL's server (Debian/Ubuntu: `apt-get update && apt-get install -y postgresql`) " +
  "or set POSTGRES_BIN to the folder that holds initdb and pg_ctl";

/** The folder holding initdb and pg_ctl: POSTGRES_BIN, else the newest /usr/lib/postgresql/N/bin, else PATH. */
export function findPostgresBin(env: Record<string, string | undefined> = process.env): string {
  const candidates: string[] = [];
  if (env.POSTGRES_BIN) candidates.push(env.POSTGRES_BIN);
  const debianRoot = "/usr/lib/postgresql";
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(join(debianRoot, version, "bin"));
  }
  const onPath = Bun.which("initdb");
  if (onPath) candidates.push(resolve(onPath, ".."));
  const found = candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
  if (!found)
    throw new PostgresClusterError(`PostgreSQL server binaries (initdb, pg_ctl) not found: ${INSTALL_HINT}`);
  return found;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a server binary, as the `postgres` user when we are root. */
async function runAsOwner(argv: string[], what: string): Promise<string> {
  const command = isRoot() ? ["runuser", "-u", "postgres", "--", ...argv] : argv;
  const child = Bun.spawn(command, { stdout: "pipe", stderr: "pipe", env: { ...process.env, LC_ALL: "C" } });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) {
    throw new PostgresClusterError(
      `${what} failed (exit ${code}): ${(stderr || stdout).trim().slice(-2000)}`,
    );
  }
  return stdout;
}

/** Makes the folder and hands it to the `postgres` user when we are root (it must own its data folder). */
async function prepareFolder(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isRoot()) return;
  const chown = Bun.spawnSync(["chown", "-R", "postgres:postgres", dir]);
  if (chown.exitCode !== 0)
    throw new PostgresClusterError(`chown of ${dir} failed: ${chown.stderr.toString()}`);
  // The postgres user must be able to reach the folder through its parents.
  let parent = resolve(dir, "..");
  while (parent !== "/") {
    Bun.spawnSync(["chmod", "o+x", parent]);
    parent = resolve(parent, "..");
  }
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new PostgresClusterError(`database name ${JSON.stringify(name)} must be letters, digits and _`);
  }
  return `"${name}"`;
}

export async function startPostgresCluster(options: PostgresClusterOptions): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const dataDir = resolve(options.dataDir);
  const user = options.user ?? "colonies";
  const password = options.password ?? "colonies";
  const host = "127.0.0.1";
  const pgdata = join(dataDir, "pgdata");
  const socketDir = join(dataDir, "socket");

  await prepareFolder(dataDir);
  if (!existsSync(join(pgdata, "PG_VERSION"))) {
    const pwfile = join(dataDir, "pwfile");
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    await prepareFolder(dataDir);
    await runAsOwner(
      [
        join(bin, "initdb"),
        "-D",
        pgdata,
        "-U",
        user,
        `--pwfile=${pwfile}`,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C",
      ],
      "initdb",
    );
  }
  mkdirSync(socketDir, { recursive: true });
  await prepareFolder(socketDir);

  const pidFile = join(pgdata, "postmaster.pid");
  let port = options.port ?? freePort();
  const running = existsSync(pidFile) && (await statusRunning(bin, pgdata));
  if (running) {
    // Reuse the server that is up; its port is on the pid file's fourth line.
    port = Number(readFileSync(pidFile, "utf8").split("\n")[3]) || port;
  } else {
    const settings = `-c listen_addresses=${host} -p ${port} -c unix_socket_directories=${socketDir} -c fsync=on`;
    await runAsOwner(
      [
        join(bin, "pg_ctl"),
        "-D",
        pgdata,
        "-l",
        join(dataDir, "postgres.log"),
        "-w",
        "-t",
        "60",
        "-o",
        settings,
        "start",
      ],
      `pg_ctl start (log: ${join(dataDir, "postgres.log")})`,
    );
  }

  const psql = (sql: string) =>
    runAsOwner(
      [
        join(bin, "psql"),
        "-h",
        socketDir,
        "-p",
        String(port),
        "-U",
        user,
        "-d",
        "postgres",
        "-tA",
        "-c",
        sql,
      ],
      "psql",
    );

  return {
    host,
    port,
    user,
    password,
    dataDir,
    url: (database = "postgres") =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${database}`,
    async createDatabase(name) {
      const exists = await psql(`SELECT 1 FROM pg_database WHERE datname = '${name.replaceAll("'", "''")}'`);
      if (exists.trim() !== "1") await psql(`CREATE DATABASE ${quoteIdent(name)}`);
    },
    async stop() {
      await stopPostgresCluster(dataDir);
    },
  };
}

/**
 * Stops the cluster kept under `dataDir` (the folder given to startPostgresCluster) if it runs, also one left
 * by another process or an interrupted run; fast shutdown, data flushed. True when one was running.
 */
export async function stopPostgresCluster(dataDir: string): Promise<boolean> {
  const pgdata = join(resolve(dataDir), "pgdata");
  if (!existsSync(join(pgdata, "postmaster.pid"))) return false;
  const bin = findPostgresBin();
  if (!(await statusRunning(bin, pgdata))) return false;
  await runAsOwner(
    [join(bin, "pg_ctl"), "-D", pgdata, "-m", "fast", "-w", "-t", "60", "stop"],
    "pg_ctl stop",
  );
  return true;
}

async function statusRunning(bin: string, pgdata: string): Promise<boolean> {
  try {
    await runAsOwner([join(bin, "pg_ctl"), "-D", pgdata, "status"], "pg_ctl status");
    return true;
  } catch {
    return false;
  }
}
