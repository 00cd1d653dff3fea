import { defineConfig } from "drizzle-kit";

// Embedded Colonies server migrations: `npx drizzle-kit generate --config embedded-colonies/drizzle.config.ts` after
// editing embedded-colonies/db/schema.ts; applied at start by embedded-colonies/db/open.ts.
export default defineConfig({
  dialect: "sqlite",
  schema: "./embedded-colonies/db/schema.ts",
  out: "./embedded-colonies/db/migrations",
});
