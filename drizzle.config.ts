import { defineConfig } from "drizzle-kit";

// SQLite storage migrations: `bun run db:generate` after editing db/sqlite/schema.ts; applied at start by
// db/sqlite/open.ts. The PostgreSQL ones come from drizzle.postgres.config.ts.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/sqlite/schema.ts",
  out: "./db/sqlite/migrations",
});
