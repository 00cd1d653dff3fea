/**
 * `bun run colonies:server`: the embedded Colonies-compatible server. On a first start without `.env` it
 * creates one (fresh keys) and registers colony `dev` and a user, like `bun run setup`.
 */
import { existsSync } from "node:fs";
import { ColoniesClient } from "../lib/colonies/client.ts";
import { ensureDevEnv, registerColony } from "./bootstrap.ts";
import { loadServerConfig } from "./config.ts";
import { startColoniesServer } from "./server.ts";

async function main(): Promise<void> {
  let bootstrapped: ReturnType<typeof ensureDevEnv> | undefined;
  if (!existsSync(".env") && !process.env.COLONIES_SERVER_ID && !process.env.COLONIES_SERVER_PRVKEY) {
    bootstrapped = ensureDevEnv(".env");
    for (const [name, value] of Object.entries(bootstrapped.values)) process.env[name] ??= value;
    console.log("colonies: created .env with fresh keys (colony dev, user myuser)");
  }
  const config = loadServerConfig();
  const server = await startColoniesServer(config);
  if (bootstrapped) {
    const client = new ColoniesClient({ host: new URL(server.url).hostname, port: server.port, tls: false });
    await registerColony(client, bootstrapped.values);
  }
  const shown = config.hostname === "0.0.0.0" ? `0.0.0.0:${server.port} (${server.url})` : server.url;
  console.log(`colonies: embedded Colonies server listening on ${shown}, database ${config.databasePath}`);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: Error) => {
  console.error(`colonies: ${error.message}`);
  process.exit(1);
});
