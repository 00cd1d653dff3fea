/**
 * The time-series store as an Elysia app: the tutorial's FastAPI endpoints over a storage backend (db/storage.ts:
 * SQLite or PostgreSQL). Routes are thin: validation comes from the shared schemas in lib/timeseries/types.ts,
 * SQL from the backend; writes may need a token (store/auth.ts).
 *
 * A dashboard (or any plugin) can be mounted with `.use()`: handlers get the store as `seriesStore` in their
 * context, and `seriesStore.onChange(listener)` reports every committed create/update/delete.
 */
import { toOpenAPISchema } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import type { Storage } from "../db/storage.ts";
import { MAX_BODY_BYTES } from "../lib/timeseries/limits.ts";
import { EventListSchema } from "../lib/timeseries/types.ts";
import { writeTokenCheck } from "./auth.ts";
import { apiInfo, storeDocs } from "./docs.ts";
import { storeErrors } from "./error-handler.ts";
import { allowedMethods, type ContractInput, contractDocument } from "./openapi-contract.ts";
import { recordingRoutes } from "./recordings.ts";
import { seriesRoutes } from "./series.ts";

export interface StoreAppOptions {
  /** The opened storage (db/open-storage.ts), shared with plugins such as the dashboard. */
  store: Storage;
  /** Write tokens (STORE_TOKEN); empty or absent: writes are open. */
  tokens?: readonly string[];
  /** Documented request-body limit, answered with a 413 message. */
  maxBodyBytes?: number;
}

export function createStoreApp(options: StoreAppOptions) {
  const { store } = options;
  const tokensOn = (options.tokens ?? []).length > 0;
  const checkToken = writeTokenCheck(options.tokens ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const info = apiInfo(tokensOn);
  // The document and the 405 answers read the finished app's routes (plugins mount after this returns).
  let cached: { routes: number; document: ContractInput } | undefined;
  const contract = (): ContractInput => {
    if (cached?.routes !== app.routes.length) {
      const { paths, components } = toOpenAPISchema(app);
      const generated = { openapi: "3.1.2", info, paths, components } as unknown as ContractInput;
      const document = contractDocument(generated, { tokensOn, jsonQuery: { events: EventListSchema } });
      cached = { routes: app.routes.length, document };
    }
    return cached.document;
  };
  // The error plugin's 405 needs the finished app's routes; the app is built below.
  let routes = (): readonly { method: string; path: string }[] => [];
  const app = new Elysia({ name: "timeseries-store" })
    .decorate("seriesStore", store)
    // Before routing and body parsing: an unauthenticated write is refused without reading its body. A
    // method the path lacks goes on to its 405 (and an unknown path to its 404): no token can change those.
    .onRequest(({ request }) => {
      const { pathname } = new URL(request.url);
      if (request.method === "GET" && pathname === "/docs/json") return Response.json(contract());
      if (!tokensOn || !allowedMethods(app.routes, pathname).includes(request.method)) return;
      return checkToken(request) ?? undefined;
    })
    .use(storeDocs(info))
    .use(storeErrors(() => routes()))
    .use(seriesRoutes({ store, maxBodyBytes }))
    .use(recordingRoutes({ recordings: store.recordings, maxBodyBytes }));
  routes = () => app.routes;
  return app;
}

export type StoreApp = ReturnType<typeof createStoreApp>;
