/**
 * First-run setup for the embedded server: a `.env` with fresh keys (never overwritten) and the colony +
 * user registered, through a running server's API when one answers, else directly in its database file.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import type { ColoniesClient } from "../lib/colonies/client.ts";
import { generatePrivateKey, idFromPrivateKey } from "../lib/colonies/crypto.ts";
import { ColoniesError } from "../lib/colonies/errors.ts";
import { openColoniesDatabase } from "./db/open.ts";
import { getColony, getUserById, getUserByName, insertColony, insertUser } from "./store/identities.ts";

export const DEV_USER_NAME = "myuser";

export interface DevEnv {
  COLONIES_SERVER_PRVKEY: string;
  COLONIES_SERVER_ID: string;
  COLONIES_COLONY_NAME: string;
  COLONIES_COLONY_PRVKEY: string;
  COLONIES_COLONY_ID: string;
  COLONIES_PRVKEY: string;
  COLONIES_ID: string;
  [name: string]: string;
}

const REQUIRED = [
  "COLONIES_SERVER_PRVKEY",
  "COLONIES_COLONY_NAME",
  "COLONIES_COLONY_PRVKEY",
  "COLONIES_PRVKEY",
] as const;

export class BootstrapError extends Error {
  override name = "BootstrapError";
}

export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    values[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, "$2");
  }
  return values;
}

function freshEnv(): { text: string; values: DevEnv } {
  const server = generatePrivateKey();
  const colony = generatePrivateKey();
  const user = generatePrivateKey();
  const values: DevEnv = {
    COLONIES_SERVER_HOST: "localhost",
    COLONIES_SERVER_PORT: "50080",
    COLONIES_TLS: "false",
    COLONIES_SERVER_TLS: "false",
    COLONIES_SERVER_PRVKEY: server,
    COLONIES_SERVER_ID: idFromPrivateKey(server),
    COLONIES_COLONY_NAME: "dev",
    COLONIES_COLONY_PRVKEY: colony,
    COLONIES_COLONY_ID: idFromPrivateKey(colony),
    COLONIES_PRVKEY: user,
    COLONIES_ID: idFromPrivateKey(user),
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

function alreadyExists(error: unknown): boolean {
  return error instanceof ColoniesError && error.status === 400 && error.message.includes("already exists");
}

/** Registers colony and user through a running server (idempotent: "already exists" is fine). */
export async function registerColony(client: ColoniesClient, env: DevEnv): Promise<void> {
  try {
    await client.addColony(
      { colonyid: env.COLONIES_COLONY_ID, name: env.COLONIES_COLONY_NAME },
      env.COLONIES_SERVER_PRVKEY,
    );
  } catch (error) {
    if (!alreadyExists(error)) throw error;
  }
  try {
    await client.addUser(
      {
        colonyname: env.COLONIES_COLONY_NAME,
        userid: env.COLONIES_ID,
        name: DEV_USER_NAME,
        email: "",
        phone: "",
      },
      env.COLONIES_COLONY_PRVKEY,
    );
  } catch (error) {
    if (!alreadyExists(error)) throw error;
  }
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
