/** Starts the store on a port: used by server.ts, the demo and the tests. */
import type { AnyElysia } from "elysia";
import { SeriesStore } from "../db/series-store.ts";
import type { SyncMode } from "../lib/sqlite/open.ts";
import { MAX_BODY_BYTES } from "../lib/timeseries/limits.ts";
import { createStoreApp } from "./app.ts";

export interface StartStoreOptions {
  /** Default 127.0.0.1 (server.ts passes HOST, default 0.0.0.0). */
  hostname?: string;
  /** Default 0: a free port. */
  port?: number;
  databasePath: string;
  synchronous?: SyncMode;
  maxBodyBytes?: number;
  /** Extra plugins (e.g. the dashboard) mounted on the store app; each gets the opened store. */
  plugins?: ReadonlyArray<(store: SeriesStore) => AnyElysia>;
}

export interface RunningStore {
  /** Base URL clients should use (loopback when listening on all interfaces). */
  url: string;
  port: number;
  hostname: string;
  store: SeriesStore;
  stop(): Promise<void>;
}

export async function startStore(options: StartStoreOptions): Promise<RunningStore> {
  const hostname = options.hostname ?? "127.0.0.1";
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const store = SeriesStore.open({ path: options.databasePath, synchronous: options.synchronous });
  const app = createStoreApp({ store, maxBodyBytes });
  for (const plugin of options.plugins ?? []) app.use(plugin(store));
  // The transport cap is a backstop above the documented limit, so bodies just over it still get a message.
  app.listen({ hostname, port: options.port ?? 0, maxRequestBodySize: maxBodyBytes * 2 });
  const port = app.server!.port!;
  const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
  return {
    url: `http://${host}:${port}`,
    port,
    hostname,
    store,
    async stop() {
      await app.stop(true);
      store.close();
    },
  };
}
