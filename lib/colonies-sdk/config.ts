/**
 * Colonies client configuration from the same environment variables as the Go CLI and pycolonies
 * (docs/protocol.md §7). Defaults fit the embedded server on one machine:
 *
 * | variable | field | default |
 * |---|---|---|
 * | COLONIES_SERVER_HOST | host | `localhost` |
 * | COLONIES_SERVER_HTTP_PORT, else COLONIES_SERVER_PORT | port | `50080` |
 * | COLONIES_SERVERS (ours) | servers | — (`host:port,host:port`: servers of one cluster, tried in order on a connection error; host and port become the first; see failover.ts) |
 * | COLONIES_TLS (Go CLI), else COLONIES_SERVER_TLS (pycolonies) | tls | `false` |
 * | COLONIES_COLONY_NAME | colonyName | `dev` |
 * | COLONIES_COLONY_PRVKEY | colonyPrvkey | — (colony owner: executors, users) |
 * | COLONIES_PRVKEY | prvkey | — (user or executor: submit, logs, processes) |
 * | COLONIES_SERVER_PRVKEY | serverPrvkey | — (server owner: colonies, statistics) |
 * | COLONIES_EXECUTOR_NAME | executorName | — |
 * | COLONIES_EXECUTOR_TYPE | executorType | — |
 *
 * Note: unlike the Go CLI (which assumes https when COLONIES_TLS is unset) we default to plain http,
 * as the embedded server and the dev compose setup speak plain http.
 */
import { isValidPrivateKey } from "./crypto.ts";
import { ColoniesConfigError } from "./errors.ts";
import { COLONIES_SERVERS_ENV, parseServerList, type ServerAddress } from "./failover.ts";

export interface ColoniesConfig {
  host: string;
  port: number;
  tls: boolean;
  /** Every server of the cluster, first = host:port (only when COLONIES_SERVERS is set). */
  servers?: ServerAddress[];
  colonyName: string;
  colonyPrvkey?: string;
  prvkey?: string;
  serverPrvkey?: string;
  executorName?: string;
  executorType?: string;
}

export const DEFAULT_COLONIES_HOST = "localhost";
export const DEFAULT_COLONIES_PORT = 50080;
export const DEFAULT_COLONY_NAME = "dev";

/** The optional settings and the variable each comes from (used in error messages). */
export const COLONIES_ENV_VARS = {
  colonyPrvkey: "COLONIES_COLONY_PRVKEY",
  prvkey: "COLONIES_PRVKEY",
  serverPrvkey: "COLONIES_SERVER_PRVKEY",
  executorName: "COLONIES_EXECUTOR_NAME",
  executorType: "COLONIES_EXECUTOR_TYPE",
} as const;
export type OptionalColoniesSetting = keyof typeof COLONIES_ENV_VARS;

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function readPort(env: Env): number {
  const name = nonEmpty(env, "COLONIES_SERVER_HTTP_PORT")
    ? "COLONIES_SERVER_HTTP_PORT"
    : "COLONIES_SERVER_PORT";
  const text = nonEmpty(env, name);
  if (text === undefined) return DEFAULT_COLONIES_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new ColoniesConfigError(name, `${name}=${text} is not a TCP port: set it to an integer 1..65535`);
  }
  return port;
}

function readBool(env: Env, name: string): boolean | undefined {
  const text = nonEmpty(env, name)?.toLowerCase();
  if (text === undefined) return undefined;
  if (text === "true") return true;
  if (text === "false") return false;
  throw new ColoniesConfigError(name, `${name}=${env[name]} is not a boolean: set it to "true" or "false"`);
}

function readTls(env: Env): boolean {
  const goCli = readBool(env, "COLONIES_TLS");
  const pycolonies = readBool(env, "COLONIES_SERVER_TLS");
  if (goCli !== undefined && pycolonies !== undefined && goCli !== pycolonies) {
    throw new ColoniesConfigError(
      "COLONIES_TLS",
      `COLONIES_TLS=${goCli} contradicts COLONIES_SERVER_TLS=${pycolonies}: set both to the same value`,
    );
  }
  return goCli ?? pycolonies ?? false;
}

function readKey(env: Env, name: string): string | undefined {
  const key = nonEmpty(env, name);
  if (key !== undefined && !isValidPrivateKey(key)) {
    throw new ColoniesConfigError(
      name,
      `${name} is not a Colonies private key: expected 64 hex characters (run \`bun run setup\` to create .env)`,
    );
  }
  return key;
}

/** Reads the configuration; throws `ColoniesConfigError` naming the variable that is malformed. */
export function loadColoniesConfig(env: Env = process.env): ColoniesConfig {
  const config: ColoniesConfig = {
    host: nonEmpty(env, "COLONIES_SERVER_HOST") ?? DEFAULT_COLONIES_HOST,
    port: readPort(env),
    tls: readTls(env),
    colonyName: nonEmpty(env, "COLONIES_COLONY_NAME") ?? DEFAULT_COLONY_NAME,
  };
  const servers = parseServerList(env[COLONIES_SERVERS_ENV]);
  const first = servers?.[0];
  if (servers !== undefined && first !== undefined) {
    config.servers = servers;
    config.host = first.host;
    config.port = first.port;
  }
  const colonyPrvkey = readKey(env, COLONIES_ENV_VARS.colonyPrvkey);
  const prvkey = readKey(env, COLONIES_ENV_VARS.prvkey);
  const serverPrvkey = readKey(env, COLONIES_ENV_VARS.serverPrvkey);
  const executorName = nonEmpty(env, COLONIES_ENV_VARS.executorName);
  const executorType = nonEmpty(env, COLONIES_ENV_VARS.executorType);
  if (colonyPrvkey !== undefined) config.colonyPrvkey = colonyPrvkey;
  if (prvkey !== undefined) config.prvkey = prvkey;
  if (serverPrvkey !== undefined) config.serverPrvkey = serverPrvkey;
  if (executorName !== undefined) config.executorName = executorName;
  if (executorType !== undefined) config.executorType = executorType;
  return config;
}

/**
 * Narrows `config` so the named settings are present; throws `ColoniesConfigError` naming the first
 * missing environment variable.
 */
export function requireKeys<K extends OptionalColoniesSetting>(
  config: ColoniesConfig,
  ...names: K[]
): ColoniesConfig & Required<Pick<ColoniesConfig, K>> {
  for (const name of names) {
    if (config[name] === undefined) {
      const variable = COLONIES_ENV_VARS[name];
      throw new ColoniesConfigError(
        variable,
        `${variable} is not set: add it to .env (\`bun run setup\` creates one for the embedded server) or export it`,
      );
    }
  }
  return config as ColoniesConfig & Required<Pick<ColoniesConfig, K>>;
}

/** `http(s)://host:port` of the server (the RPC endpoint is this plus `/api`). */
export function coloniesBaseUrl(config: Pick<ColoniesConfig, "host" | "port" | "tls">): string {
  const host = config.host.includes(":") && !config.host.startsWith("[") ? `[${config.host}]` : config.host;
  return `${config.tls ? "https" : "http"}://${host}:${config.port}`;
}
