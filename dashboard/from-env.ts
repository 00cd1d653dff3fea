/**
 * The dashboard configured from env, for server.ts (`startStore({ plugins: [dashboardFromEnv()] })`):
 *
 * | variable | use | default |
 * |---|---|---|
 * | COLONIES_* (see lib/colonies-sdk/config.ts) | where the colony view reads from | embedded server on localhost:50080 |
 * | COLONIES_PRVKEY | key the server signs its reads with (never sent to the browser) | none: colony view off |
 * | MODEL_PATH | threshold and detection windows | `model.json` |
 * | DASHBOARD_LABELS_PATH | injected-drop labels to shade (the demo writes them) | none |
 * | DASHBOARD_COLONY_POLL_MS | how often the colony is read while a browser watches | 1000 |
 */
import type { AnyElysia } from "elysia";
import type { SeriesStorage } from "../db/storage.ts";
import { ColoniesClient, loadColoniesConfig } from "../lib/colonies-sdk/index.ts";
import { type DashboardColonyOptions, dashboardPlugin } from "./plugin.ts";

type Env = Record<string, string | undefined>;

/** The colony view's settings, or null (with the reason) when no key is configured. */
export function dashboardColoniesFromEnv(env: Env = process.env): DashboardColonyOptions | string {
  const config = loadColoniesConfig(env);
  const prvkey = config.prvkey ?? config.colonyPrvkey;
  if (!prvkey)
    return "no COLONIES_PRVKEY set: the dashboard runs without its colony view (run `bun run setup`)";
  return { client: ColoniesClient.fromConfig(config), colonyName: config.colonyName, prvkey };
}

export function dashboardFromEnv(env: Env = process.env): (store: SeriesStorage) => AnyElysia {
  return (store) => {
    const colonies = dashboardColoniesFromEnv(env);
    if (typeof colonies === "string") console.warn(`dashboard: ${colonies}`);
    const pollText = env.DASHBOARD_COLONY_POLL_MS;
    return dashboardPlugin({
      store,
      colonies: typeof colonies === "string" ? null : colonies,
      modelPath: env.MODEL_PATH,
      labelsPath: env.DASHBOARD_LABELS_PATH,
      colonyPollMs: pollText ? Number(pollText) : undefined,
    });
  };
}
