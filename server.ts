/**
 * The time-series store with its live dashboard: `bun server.ts`.
 * Env: HOST (0.0.0.0), PORT (8000), DATABASE_PATH (data/timeseries.db, ":memory:" allowed),
 * DATABASE_SYNC (FULL or NORMAL); the dashboard's own variables are listed in dashboard/from-env.ts.
 */
import { dashboardFromEnv } from "./dashboard/from-env.ts";
import { loadStoreConfig } from "./store/config.ts";
import { startStore } from "./store/start.ts";

try {
  const config = loadStoreConfig();
  const running = await startStore({ ...config, plugins: [dashboardFromEnv()] });
  console.log(
    `Time-series store listening on ${config.hostname}:${running.port}: ${running.url} ` +
      `(database ${config.databasePath}, API docs ${running.url}/docs, dashboard ${running.url}/)`,
  );
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
