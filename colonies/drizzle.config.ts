import { defineConfig } from "drizzle-kit";

// Embedded Colonies server migrations: `npx drizzle-kit generate --config colonies/drizzle.config.ts` after
// editing colonies/db/schema.ts; applied at start by colonies/db/open.ts.
export default defineConfig({
  dialect: "sqlite",
  schema: "./colonies/db/schema.ts",
  out: "./colonies/db/migrations",
});
