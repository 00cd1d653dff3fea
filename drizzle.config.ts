import { defineConfig } from "drizzle-kit";

// Store migrations: `npx drizzle-kit generate` after editing db/schema.ts; applied at start by db/open.ts.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
