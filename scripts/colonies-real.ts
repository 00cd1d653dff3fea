/**
 * `bun run colonies:real`: builds (once) and starts the real Colonies server v1.9.12 with its own
 * PostgreSQL under data/real-colonies/, registers colony `dev` and user `myuser`, and writes the client
 * settings to .env. `--stop` stops both. See README "Running against the real Colonies server".
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CliError, defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { type DevEnv, freshDevKeys } from "../lib/colonies-sdk/dev-colony.ts";
import { isPortFree } from "../lib/free-port.ts";
import { stopPostgresCluster } from "../lib/postgres/cluster.ts";
import {
  clientEnv,
  conflictingKeys,
  ensureRealColoniesBinary,
  launchRealColonies,
  REAL_COLONIES_VERSION,
  realColoniesPaths,
  runningPid,
  stopByPidFile,
  writeEnvFile,
  writePidFile,
} from "../lib/real-colonies-launcher/index.ts";

const command = defineCommand({
  usage: "bun run colonies:real",
  summary: `Start (or with --stop, stop) the real Colonies server ${REAL_COLONIES_VERSION} and its PostgreSQL.`,
  flags: {
    port: { type: "integer", default: 50080, description: "API port (0: a free one)", placeholder: "PORT" },
    pgPort: {
      type: "integer",
      default: 0,
      description: "PostgreSQL port (0: a free one)",
      placeholder: "PORT",
    },
    dir: {
      type: "string",
      default: "data/real-colonies",
      description: "state directory",
      placeholder: "DIR",
    },
    writeEnv: {
      type: "string",
      default: ".env",
      description: "where to write the client settings",
      placeholder: "PATH",
    },
    force: {
      type: "boolean",
      default: false,
      description: "replace other Colonies keys in the env file (a backup is kept)",
    },
    stop: { type: "boolean", default: false, description: "stop the server and its PostgreSQL" },
    build: { type: "boolean", default: false, description: "only build (or find) the cached server binary" },
  },
});

const CONFLICT_HINT =
  "pass --force to replace them (a backup is kept), or --write-env .env.real and load that file for the tools (`set -a; . ./.env.real; set +a`)";

interface State {
  version: string;
  port: number;
  pgPort: number;
  keys: DevEnv;
}

function readState(path: string): State | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as State) : undefined;
}

async function stop(dir: string): Promise<void> {
  const server = await stopByPidFile(join(dir, "server.pid"));
  const postgres = await stopPostgresCluster(realColoniesPaths(dir).postgres);
  console.log(
    server || postgres
      ? `Stopped${server ? " the real Colonies server" : ""}${server && postgres ? " and" : ""}${postgres ? " its PostgreSQL" : ""}`
      : `Nothing was running under ${dir}`,
  );
}

function writeSettings(envFile: string, port: number, keys: DevEnv, force: boolean): void {
  const result = writeEnvFile(envFile, clientEnv(port, keys), {
    force,
    defaults: { STORE_URL: "http://127.0.0.1:8000" },
    conflictHint: CONFLICT_HINT,
    header:
      "# Written by `bun run colonies:real` for the real Colonies server. Keep it secret; it is git-ignored.",
  });
  const note = result.backup ? ` (the previous file is kept as ${result.backup})` : "";
  console.log(`${result.action === "created" ? "Wrote" : "Updated"} ${envFile}${note}`);
}

await runMain(async () => {
  const flags = parseArgsOrHelp(command);
  const { dir, writeEnv: envFile } = flags;
  if (flags.stop) return stop(dir);
  if (flags.build) {
    const binary = await ensureRealColoniesBinary({
      cacheDir: join(dir, "bin"),
      log: (line) => console.log(line),
    });
    console.log(`Real Colonies server ${REAL_COLONIES_VERSION}: ${binary}`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  const statePath = join(dir, "state.json");
  const pidPath = join(dir, "server.pid");
  const state = readState(statePath);
  const keys = state?.keys ?? freshDevKeys();
  const wanted = { ...clientEnv(0, keys) };
  const conflict = conflictingKeys(envFile, wanted);
  if (conflict.length > 0 && !flags.force) {
    throw new CliError(
      `${envFile} holds other Colonies keys (${conflict.join(", ")} differ; e.g. the embedded server's from \`bun run setup\`): ${CONFLICT_HINT}`,
    );
  }
  const running = runningPid(pidPath);
  if (running !== undefined && state) {
    console.log(`The real Colonies server already runs (pid ${running}) on http://127.0.0.1:${state.port}`);
    writeSettings(envFile, state.port, keys, flags.force);
    return;
  }
  if (flags.port !== 0 && !isPortFree("127.0.0.1", flags.port)) {
    throw new CliError(
      `port ${flags.port} is in use (the embedded server, \`bun run colonies:server\`?): stop it or pass --port 0 for a free port`,
    );
  }
  const binary = await ensureRealColoniesBinary({
    cacheDir: join(dir, "bin"),
    log: (line) => console.log(line),
  });
  const started = performance.now();
  const colonies = await launchRealColonies({
    dir,
    binary,
    port: flags.port,
    pgPort: flags.pgPort || state?.pgPort,
    keys,
    detached: true,
  });
  writePidFile(pidPath, colonies.server.pid);
  const next: State = { version: REAL_COLONIES_VERSION, port: colonies.port, pgPort: colonies.pgPort, keys };
  writeFileSync(statePath, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  console.log(
    `Real Colonies server ${REAL_COLONIES_VERSION} listening on ${colonies.url} (pid ${colonies.server.pid}, PostgreSQL on 127.0.0.1:${colonies.pgPort}), ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(`Colony ${colonies.colonyname}, user myuser; log: ${colonies.server.logPath}`);
  writeSettings(envFile, colonies.port, keys, flags.force);
  console.log("Stop it with: bun run colonies:real --stop");
});
