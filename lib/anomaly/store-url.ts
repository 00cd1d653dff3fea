/**
 * The store URL when neither a flag nor the process names one: env TIMESERIES_URL (what `bun run setup`
 * writes to .env), else STORE_URL (the scripts' variable), else the tutorial's http://127.0.0.1:8000.
 */
import { defaultStoreUrl } from "../timeseries/index.ts";

export function storeUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  return env.TIMESERIES_URL || defaultStoreUrl(env);
}
