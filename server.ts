/**
 * The time-series store with its live dashboard: `bun server.ts`.
 * Env: HOST (0.0.0.0), PORT (8000), DATABASE_URL (postgres://…: PostgreSQL; unset: SQLite),
 * DATABASE_PATH (data/timeseries.db, ":memory:" allowed), DATABASE_SYNC (FULL or NORMAL, SQLite only),
 * STORE_TOKEN (comma-separated write tokens); the dashboard's own variables are listed in dashboard/from-env.ts.
 */
import { dashboardFromEnv } from "./dashboard/from-env.ts";
import { loadStoreConfig } from "./store/config.ts";
import { isLoopback, startStore } from "./store/start.ts";

try {
  const config = loadStoreConfig();
  const running = await startStore({ ...config, plugins: [dashboardFromEnv()] });
  const where = `${running.store.backend} ${running.store.location}`;
  console.log(
    `Time-series store listening on ${config.hostname}:${running.port}: ${running.url} ` +
      `(database ${where}, API docs ${running.url}/docs, dashboard ${running.url}/)`,
  );
  if (config.tokens.length === 0 && !isLoopback(config.hostname)) {
    console.warn(
      `server: warning: listening on ${config.hostname} without STORE_TOKEN: anyone who can reach this port can ` +
        "change or delete series (run `bun run setup --store-token`, or set HOST=127.0.0.1)",
    );
  }
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  console.error(`server: ${(error as Error).message}`);
  process.exit(1);
}
