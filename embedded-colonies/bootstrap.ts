/**
 * First-run setup for the embedded server: a `.env` with fresh keys (never overwritten) and the colony +
 * user registered, through a running server's API when one answers, else directly in its database file.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { idFromPrivateKey } from "../lib/colonies-sdk/crypto.ts";
import { DEV_USER_NAME, type DevEnv, freshDevKeys, parseEnvFile } from "../lib/colonies-sdk/dev-colony.ts";
import { getColony, getUserById, getUserByName, insertColony, insertUser } from "./db/identities.ts";
import { openColoniesDatabase } from "./db/open.ts";

// The server-agnostic parts live in the SDK; re-exported for the existing importers.
export { DEV_USER_NAME, type DevEnv, parseEnvFile, registerColony } from "../lib/colonies-sdk/dev-colony.ts";

const REQUIRED = [
  "COLONIES_SERVER_PRVKEY",
  "COLONIES_COLONY_NAME",
  "COLONIES_COLONY_PRVKEY",
  "COLONIES_PRVKEY",
] as const;

export class BootstrapError extends Error {
  override name = "BootstrapError";
}

function freshEnv(): { text: string; values: DevEnv } {
  const keys = freshDevKeys("dev");
  const values: DevEnv = {
    COLONIES_SERVER_HOST: "localhost",
    COLONIES_SERVER_PORT: "50080",
    COLONIES_TLS: "false",
    COLONIES_SERVER_TLS: "false",
    ...keys,
    COLONIES_DB_PATH: "data/colonies.db",
    STORE_URL: "http://127.0.0.1:8000",
  };
  const lines = [
    "# Created by `bun run setup` for the embedded Colonies server. Keep it secret; it is git-ignored.",
    "# To use a real Colonies server instead, replace the host/port/TLS and the keys with that server's.",
    ...Object.entries(values).map(([k, v]) => `${k}=${v}`),
    "",
  ];
  return { text: lines.join("\n"), values };
}

/** Creates `path` with fresh keys unless it exists; returns its values either way. */
export function ensureDevEnv(path = ".env"): { created: boolean; values: DevEnv } {
  if (existsSync(path)) {
    const values = parseEnvFile(readFileSync(path, "utf8"));
    for (const name of REQUIRED) {
      if (!values[name])
        throw new BootstrapError(
          `${path} exists but has no ${name}; add it or move the file away and run \`bun run setup\``,
        );
    }
    values.COLONIES_SERVER_ID ||= idFromPrivateKey(values.COLONIES_SERVER_PRVKEY!);
    values.COLONIES_COLONY_ID ||= idFromPrivateKey(values.COLONIES_COLONY_PRVKEY!);
    values.COLONIES_ID ||= idFromPrivateKey(values.COLONIES_PRVKEY!);
    return { created: false, values: values as DevEnv };
  }
  const { text, values } = freshEnv();
  writeFileSync(path, text, { flag: "wx", mode: 0o600 });
  return { created: true, values };
}

/**
 * Gives `path` (an existing .env) a fresh STORE_TOKEN, the store's write token, unless it has one: the one
 * line setup ever adds to a present file. Returns whether it was added.
 */
export function ensureStoreToken(path = ".env"): { added: boolean } {
  const text = readFileSync(path, "utf8");
  if (parseEnvFile(text).STORE_TOKEN) return { added: false };
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  const token = randomBytes(32).toString("base64url");
  appendFileSync(
    path,
    `${separator}# Write token of the time-series store: the server and our tools read it (STORE_TOKEN).\nSTORE_TOKEN=${token}\n`,
  );
  return { added: true };
}

/** Registers colony and user directly in the embedded server's database file (no server running). */
export function registerInDatabase(databasePath: string, env: DevEnv): void {
  const db = openColoniesDatabase(databasePath);
  try {
    const colony = getColony(db, env.COLONIES_COLONY_NAME);
    if (colony && colony.colonyid !== env.COLONIES_COLONY_ID)
      throw new BootstrapError(
        `Colony ${env.COLONIES_COLONY_NAME} in ${databasePath} belongs to another key; use a fresh COLONIES_DB_PATH or the matching .env`,
      );
    if (!colony) insertColony(db, env.COLONIES_COLONY_ID, env.COLONIES_COLONY_NAME);
    if (!getUserById(db, env.COLONIES_COLONY_NAME, env.COLONIES_ID)) {
      const name = getUserByName(db, env.COLONIES_COLONY_NAME, DEV_USER_NAME)
        ? `user-${env.COLONIES_ID.slice(0, 8)}`
        : DEV_USER_NAME;
      insertUser(db, {
        colonyname: env.COLONIES_COLONY_NAME,
        userid: env.COLONIES_ID,
        name,
        email: "",
        phone: "",
      });
    }
  } finally {
    db.$client.close();
  }
}
