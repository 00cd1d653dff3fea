/**
 * `bun run setup`: creates `.env` with fresh Colonies keys (never overwrites an existing one) and registers
 * colony + user: through the API when a server answers at COLONIES_SERVER_HOST:PORT, else directly in the
 * embedded server's database file (COLONIES_DB_PATH, default data/colonies.db).
 * `--store-token` also adds a fresh STORE_TOKEN (the store's write token) to `.env`, new or existing.
 */
import {
  ensureDevEnv,
  ensureStoreToken,
  registerColony,
  registerInDatabase,
} from "../embedded-colonies/bootstrap.ts";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { ColoniesClient } from "../lib/colonies-sdk/client.ts";

const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun run setup",
    summary: "Create .env with fresh Colonies keys and register the colony and its user.",
    flags: {
      storeToken: {
        type: "boolean",
        default: false,
        description: "also add a fresh STORE_TOKEN (write token of the time-series store) to .env",
      },
    },
  }),
);

async function main(): Promise<void> {
  const { created, values } = ensureDevEnv(".env");
  console.log(created ? "Created .env with fresh keys" : ".env exists: keeping it (delete it to start over)");
  if (flags.storeToken) {
    const { added } = ensureStoreToken(".env");
    console.log(
      added
        ? "Added a fresh STORE_TOKEN to .env: restart the store; writes now need it (our tools send it)"
        : ".env already has a STORE_TOKEN: keeping it",
    );
  }
  const env = { ...values, ...process.env } as typeof values;
  const host = env.COLONIES_SERVER_HOST || "localhost";
  const port = Number(env.COLONIES_SERVER_PORT || 50080);
  const client = new ColoniesClient({ host, port, tls: env.COLONIES_TLS === "true", requestTimeoutMs: 3000 });
  let serverAnswers = false;
  try {
    await client.version();
    serverAnswers = true;
  } catch {
    serverAnswers = false;
  }
  if (serverAnswers) {
    await registerColony(client, values);
    console.log(`Registered colony ${values.COLONIES_COLONY_NAME} and its user at ${client.url}`);
  } else {
    const databasePath = env.COLONIES_DB_PATH || "data/colonies.db";
    registerInDatabase(databasePath, values);
    console.log(`Registered colony ${values.COLONIES_COLONY_NAME} and its user in ${databasePath}`);
  }
  console.log(
    `Colony ${values.COLONIES_COLONY_NAME}: colony id ${values.COLONIES_COLONY_ID}, user id ${values.COLONIES_ID}`,
  );
}

main().catch((error: Error) => {
  console.error(`setup: ${error.message}`);
  process.exit(1);
});
