/**
 * The development colony every server here gets (embedded or real): the .env-style key set, fresh keys,
 * and registering colony + user through any running server's API (idempotent).
 */
import type { ColoniesClient } from "./client.ts";
import { generatePrivateKey, idFromPrivateKey } from "./crypto.ts";
import { ColoniesError } from "./errors.ts";

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

/** Fresh server, colony-owner and user keys for colony `colonyname`. */
export function freshDevKeys(colonyname = "dev"): DevEnv {
  const server = generatePrivateKey();
  const colony = generatePrivateKey();
  const user = generatePrivateKey();
  return {
    COLONIES_SERVER_PRVKEY: server,
    COLONIES_SERVER_ID: idFromPrivateKey(server),
    COLONIES_COLONY_NAME: colonyname,
    COLONIES_COLONY_PRVKEY: colony,
    COLONIES_COLONY_ID: idFromPrivateKey(colony),
    COLONIES_PRVKEY: user,
    COLONIES_ID: idFromPrivateKey(user),
  };
}

/** KEY=value lines (optionally `export`ed, optionally quoted); comments and other lines are skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    values[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, "$2");
  }
  return values;
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
