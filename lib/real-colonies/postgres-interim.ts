/**
 * Interim stand-in with the exact API of the lead's `lib/postgres/cluster.ts` (not yet on main when the
 * launcher was written). Replaced by an import of that module once it lands; nothing else uses this file.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./ports.ts";

export interface PostgresCluster {
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  url(database?: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "PostgreSQL is not installed: run `apt-get install -y postgresql` (Debian/Ubuntu) or `brew install postgresql@15` (macOS)";

function binDir(): string {
  for (const version of ["17", "16", "15", "14", "13"]) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  const initdb = Bun.which("initdb");
  if (initdb) return join(initdb, "..");
  throw new Error(INSTALL_HINT);
}

const isRoot = process.getuid?.() === 0;

async function run(command: string[], env: Record<string, string> = {}): Promise<string> {
  const argv = isRoot ? ["runuser", "-u", "postgres", "--", ...command] : command;
  const child = Bun.spawn(argv, { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`${command.join(" ")} failed (exit ${code}): ${err.trim() || out.trim()}`);
  return out;
}

export async function startPostgresCluster(opts: {
  dataDir: string;
  port?: number;
  user?: string;
  password?: string;
}): Promise<PostgresCluster> {
  const bin = binDir();
  const user = opts.user ?? "postgres";
  const password = opts.password ?? "postgres";
  const port = opts.port ?? (await freePort());
  const { dataDir } = opts;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot) chownSync(dataDir, (await uid("postgres")).uid, (await uid("postgres")).gid);
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    const pwfile = `${dataDir}.pw`;
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (isRoot) chownSync(pwfile, (await uid("postgres")).uid, (await uid("postgres")).gid);
    await run([
      join(bin, "initdb"),
      "-D",
      dataDir,
      "-U",
      user,
      `--pwfile=${pwfile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
    ]);
    chmodSync(pwfile, 0o600);
  }
  await run([
    join(bin, "pg_ctl"),
    "-D",
    dataDir,
    "-l",
    join(dataDir, "server.log"),
    "-o",
    `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1`,
    "-w",
    "start",
  ]);
  const psql = (sql: string) =>
    run([join(bin, "psql"), "-h", "127.0.0.1", "-p", String(port), "-U", user, "-tAc", sql, "postgres"], {
      PGPASSWORD: password,
    });
  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    dataDir,
    url: (database = "postgres") =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      const exists = await psql(`SELECT 1 FROM pg_database WHERE datname = '${name.replace(/'/g, "''")}'`);
      if (exists.trim() !== "1") await psql(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    },
    async stop() {
      await run([join(bin, "pg_ctl"), "-D", dataDir, "-m", "fast", "-w", "stop"]);
    },
  };
}

async function uid(name: string): Promise<{ uid: number; gid: number }> {
  const out = await new Response(Bun.spawn(["id", "-u", name]).stdout).text();
  const gid = await new Response(Bun.spawn(["id", "-g", name]).stdout).text();
  return { uid: Number(out.trim()), gid: Number(gid.trim()) };
}
