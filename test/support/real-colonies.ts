/**
 * An isolated real Colonies server for tests: its own PostgreSQL data dir and free ports under a temp
 * dir, fresh keys, colony + user registered. The binary comes from the launcher's cache
 * (data/real-colonies/bin; built on first use, which needs Go).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensureRealColoniesBinary,
  launchRealColonies,
  type RealColonies,
} from "../../lib/real-colonies-launcher/index.ts";
import { repoRoot } from "./stack.ts";

export interface RealColoniesFixture extends RealColonies {
  /** The temp dir (PostgreSQL data, etcd, server.log); removed by stop. */
  dir: string;
}

export const REAL_COLONIES_CACHE = join(repoRoot, "data/real-colonies/bin");

export async function startRealColonies(): Promise<RealColoniesFixture> {
  const binary = await ensureRealColoniesBinary({ cacheDir: REAL_COLONIES_CACHE, log: console.error });
  const dir = mkdtempSync(join(tmpdir(), "real-colonies-"));
  try {
    const colonies = await launchRealColonies({ dir, binary });
    return {
      ...colonies,
      dir,
      async stop() {
        await colonies.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
