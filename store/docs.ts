/** The API reference: Swagger UI at /docs from the pinned swagger-ui-dist package, and the document's info. */
import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import { docsAssets, swaggerFromPackage } from "./docs-assets.ts";

export interface ApiInfo {
  title: string;
  version: string;
  description: string;
}

export function apiInfo(tokensOn: boolean): ApiInfo {
  return {
    title: "Time-series store",
    version: "1.0.0",
    description:
      "Durable store of the anomaly-detection tutorial, wire-compatible with its FastAPI backend. " +
      'Errors are {"detail": "..."}; each operation lists the statuses it answers. ' +
      (tokensOn
        ? "Writes (PUT, PATCH, DELETE) need the store's write token as a Bearer token (401 without). "
        : "This store has no STORE_TOKEN: writes are open. ") +
      "A method a path does not list answers 405 with an Allow header (components.responses." +
      "MethodNotAllowed); an unknown path answers 404.",
  };
}

/** Swagger UI and its assets; the document itself (/docs/json) is served by the app as the contract. */
export function storeDocs(info: ApiInfo) {
  return new Elysia({ name: "store-docs" })
    .use(
      openapi({
        path: "/docs",
        provider: "swagger-ui",
        swagger: swaggerFromPackage,
        documentation: { info },
      }),
    )
    .use(docsAssets());
}
