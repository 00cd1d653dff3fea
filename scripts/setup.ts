/**
 * `bun run setup`: creates `.env` with fresh Colonies keys (never overwrites an existing one) and registers
 * colony + user: through the API when a server answers at COLONIES_SERVER_HOST:PORT, else directly in the
 * embedded server's database file (COLONIES_DB_PATH, default data/colonies.db).
 */
import { ensureDevEnv, registerColony, registerInDatabase } from "../colonies/bootstrap.ts";
import { ColoniesClient } from "../lib/colonies/client.ts";

async function main(): Promise<void> {
  const { created, values } = ensureDevEnv(".env");
  console.log(created ? "Created .env with fresh keys" : ".env exists: keeping it (delete it to start over)");
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
