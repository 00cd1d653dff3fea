/**
 * `bun run colonies:server`: the embedded Colonies-compatible server. On a first start without `.env` it
 * creates one (fresh keys), like `bun run setup`. Whenever the environment holds this server's key and the
 * colony/user keys, it makes sure colony and user are registered (so a deleted database comes back usable).
 */
import { existsSync } from "node:fs";
import { ColoniesClient } from "../lib/colonies-sdk/client.ts";
import { idFromPrivateKey, isValidPrivateKey } from "../lib/colonies-sdk/crypto.ts";
import { type DevEnv, ensureDevEnv, registerColony } from "./bootstrap.ts";
import { loadServerConfig } from "./config.ts";
import { startColoniesServer } from "./server.ts";

/** The .env-style keys of this server's own colony, if all are present and the server key is ours. */
function ownColonyKeys(serverId: string): DevEnv | undefined {
  const env = process.env;
  const keys = [env.COLONIES_SERVER_PRVKEY, env.COLONIES_COLONY_PRVKEY, env.COLONIES_PRVKEY];
  if (!keys.every((k) => k !== undefined && isValidPrivateKey(k))) return undefined;
  if (idFromPrivateKey(env.COLONIES_SERVER_PRVKEY!) !== serverId) return undefined;
  return {
    COLONIES_SERVER_PRVKEY: env.COLONIES_SERVER_PRVKEY!,
    COLONIES_SERVER_ID: serverId,
    COLONIES_COLONY_NAME: env.COLONIES_COLONY_NAME || "dev",
    COLONIES_COLONY_PRVKEY: env.COLONIES_COLONY_PRVKEY!,
    COLONIES_COLONY_ID: idFromPrivateKey(env.COLONIES_COLONY_PRVKEY!),
    COLONIES_PRVKEY: env.COLONIES_PRVKEY!,
    COLONIES_ID: idFromPrivateKey(env.COLONIES_PRVKEY!),
  };
}

async function main(): Promise<void> {
  if (!existsSync(".env") && !process.env.COLONIES_SERVER_ID && !process.env.COLONIES_SERVER_PRVKEY) {
    const { values } = ensureDevEnv(".env");
    for (const [name, value] of Object.entries(values)) process.env[name] ??= value;
    console.log("colonies: created .env with fresh keys (colony dev, user myuser)");
  }
  const config = loadServerConfig();
  const server = await startColoniesServer(config);
  const own = ownColonyKeys(config.serverId);
  if (own) {
    const client = new ColoniesClient({ host: new URL(server.url).hostname, port: server.port, tls: false });
    await registerColony(client, own).catch((error: Error) =>
      console.warn(
        `colonies: could not register colony ${own.COLONIES_COLONY_NAME} from .env: ${error.message}`,
      ),
    );
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
