import { defineConfig } from "drizzle-kit";

// PostgreSQL storage migrations: `bun run db:generate:postgres` after editing db/postgres/schema.ts; applied at
// start by db/postgres/open.ts. The SQLite ones come from drizzle.config.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/postgres/schema.ts",
  out: "./db/postgres/migrations",
});
