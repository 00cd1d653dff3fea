/** The embedded server's settings from the environment, with the documented defaults. */
import { idFromPrivateKey, isValidPrivateKey } from "../lib/colonies-sdk/crypto.ts";
import { DEFAULT_VERIFY_WORKERS } from "./server.ts";

export interface EmbeddedServerConfig {
  hostname: string;
  port: number;
  databasePath: string;
  serverId: string;
  checkerPeriodMs: number;
  cleanupIntervalMs: number;
  staleExecutorMs: number;
  allowExecutorReregister: boolean;
  verifyWorkers: number;
}

export class ServerConfigError extends Error {
  override name = "ServerConfigError";
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new ServerConfigError(`${name} must be a non-negative integer, got "${text}"`);
  return value;
}

/**
 * COLONIES_SERVER_HOST (default 0.0.0.0), COLONIES_SERVER_PORT (50080), COLONIES_DB_PATH (data/colonies.db),
 * COLONIES_SERVER_ID or the id of COLONIES_SERVER_PRVKEY, COLONIES_GENERATOR_CHECKER_PERIOD (ms, 1000),
 * COLONIES_CLEANUP_INTERVAL (s, 60), COLONIES_STALE_EXECUTOR_DURATION (s, 600),
 * COLONIES_ALLOW_EXECUTOR_REREGISTER (false), COLONIES_VERIFY_WORKERS (signature-recovery workers, default 0 =
 * recover on the event loop; worth it only on machines with spare cores).
 */
export function loadServerConfig(env: Env = process.env): EmbeddedServerConfig {
  let serverId = env.COLONIES_SERVER_ID?.trim() ?? "";
  const prvkey = env.COLONIES_SERVER_PRVKEY?.trim() ?? "";
  if (serverId === "" && prvkey !== "") {
    if (!isValidPrivateKey(prvkey))
      throw new ServerConfigError("COLONIES_SERVER_PRVKEY must be 64 hex characters");
    serverId = idFromPrivateKey(prvkey);
  }
  if (!/^[0-9a-f]{64}$/.test(serverId))
    throw new ServerConfigError(
      "Set COLONIES_SERVER_ID (64 hex) or COLONIES_SERVER_PRVKEY; `bun run setup` writes both to .env",
    );
  return {
    hostname: env.COLONIES_SERVER_HOST?.trim() || "0.0.0.0",
    port: integer(env, "COLONIES_SERVER_PORT", 50080),
    databasePath: env.COLONIES_DB_PATH?.trim() || "data/colonies.db",
    serverId,
    checkerPeriodMs: integer(env, "COLONIES_GENERATOR_CHECKER_PERIOD", 1000) || 1000,
    cleanupIntervalMs: integer(env, "COLONIES_CLEANUP_INTERVAL", 60) * 1000 || 60_000,
    staleExecutorMs: integer(env, "COLONIES_STALE_EXECUTOR_DURATION", 600) * 1000 || 600_000,
    allowExecutorReregister: env.COLONIES_ALLOW_EXECUTOR_REREGISTER?.trim() === "true",
    verifyWorkers: integer(env, "COLONIES_VERIFY_WORKERS", DEFAULT_VERIFY_WORKERS),
  };
}
