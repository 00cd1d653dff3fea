/**
 * The API reference UI (/docs) served from the pinned swagger-ui-dist package instead of a CDN, so the page
 * works offline and does not change under us.
 */
import { Elysia } from "elysia";

const ASSETS = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
} as const;

export const DOCS_ASSET_PATH = "/docs/assets";

/** The @elysiajs/openapi `swagger` options pointing at the local copies. */
export const swaggerFromPackage = {
  cdn: `${DOCS_ASSET_PATH}/swagger-ui-bundle.js`,
  theme: `${DOCS_ASSET_PATH}/swagger-ui.css`,
};

export function docsAssets() {
  const app = new Elysia({ name: "docs-assets" });
  for (const [name, type] of Object.entries(ASSETS)) {
    const file = Bun.file(Bun.resolveSync(`swagger-ui-dist/${name}`, import.meta.dir));
    app.get(`${DOCS_ASSET_PATH}/${name}`, () => new Response(file, { headers: { "content-type": type } }), {
      detail: { hide: true },
    });
  }
  return app;
}
