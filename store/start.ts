/** Starts the store on a port: used by server.ts, the demo and the tests. */
import type { AnyElysia } from "elysia";
import { openStorage, type StorageConfig } from "../db/open-storage.ts";
import type { Storage } from "../db/storage.ts";
import { MAX_BODY_BYTES } from "../lib/timeseries/limits.ts";
import { createStoreApp } from "./app.ts";

export interface StartStoreOptions extends StorageConfig {
  /** Default 127.0.0.1 (server.ts passes HOST, default 0.0.0.0). */
  hostname?: string;
  /** Default 0: a free port. */
  port?: number;
  maxBodyBytes?: number;
  /** Write tokens (STORE_TOKEN); none: writes are open. */
  tokens?: readonly string[];
  /** Extra plugins (e.g. the dashboard) mounted on the store app; each gets the opened store. */
  plugins?: ReadonlyArray<(store: Storage) => AnyElysia | Promise<AnyElysia>>;
}

export interface RunningStore {
  /** Base URL clients should use (loopback when listening on all interfaces). */
  url: string;
  port: number;
  hostname: string;
  store: Storage;
  stop(): Promise<void>;
}

export async function startStore(options: StartStoreOptions): Promise<RunningStore> {
  const hostname = options.hostname ?? "127.0.0.1";
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const store = await openStorage(options);
  try {
    const app = createStoreApp({ store, maxBodyBytes, tokens: options.tokens });
    for (const plugin of options.plugins ?? []) app.use(await plugin(store));
    // The transport cap is a backstop above the documented limit, so bodies just over it still get a message.
    // reusePort off (Elysia turns it on): a second store on the same port must fail, not share it, or two
    // processes would write one SQLite file and the kernel would spread requests between them.
    app.listen({ hostname, port: options.port ?? 0, maxRequestBodySize: maxBodyBytes * 2, reusePort: false });
    const port = app.server!.port!;
    const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
    return {
      url: `http://${host}:${port}`,
      port,
      hostname,
      store,
      async stop() {
        await app.stop(true);
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** True for addresses only this machine can reach. */
export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "::1" || hostname.startsWith("127.");
}
