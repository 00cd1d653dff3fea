/** Preloaded by `bun run test:postgres`: stops the tests' private PostgreSQL cluster after the last file. */
import { afterAll } from "bun:test";
import { stopTestCluster } from "./store-backend.ts";

afterAll(stopTestCluster);
