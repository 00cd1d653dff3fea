/**
 * One conformance suite for both servers: every scenario runs against the embedded server and the real
 * Go server (v1.9.12, the reference) at the same time, and the normalised recordings must be equal.
 * Run with `bun run test:colonyos` (needs Go once and PostgreSQL; not part of `bun run test`).
 */

import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { type BackendName, useBackends, withFreshColony } from "./backends.ts";
import { Recorder } from "./recorder.ts";
import { scenarios } from "./scenarios.ts";

/** CONFORMANCE_DUMP=DIR writes both recordings of each scenario there (one JSON per server) for diffing. */
function dumpRecordings(scenario: string, recordings: Record<BackendName, unknown>): void {
  const dir = process.env.CONFORMANCE_DUMP;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const slug = scenario.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "");
  for (const [server, entries] of Object.entries(recordings)) {
    writeFileSync(join(dir, `${slug}.${server}.json`), `${JSON.stringify(entries, null, 2)}\n`);
  }
}

const servers = useBackends();

describe("embedded server vs the real Colonies server", () => {
  Object.entries(scenarios).forEach(([name, scenario], index) => {
    test(name, async () => {
      const colony = `c${index + 1}`;
      const [e, r] = await Promise.all([
        withFreshColony(servers().embedded, colony),
        withFreshColony(servers().real, colony),
      ]);
      const embedded = new Recorder(e);
      const real = new Recorder(r);
      await Promise.all([scenario(embedded, e), scenario(real, r)]);
      dumpRecordings(name, { embedded: embedded.entries, real: real.entries });
      expect(embedded.entries).toEqual(real.entries);
    });
  });

  test("the scenarios sent every message type the SDK can send", () => {
    const builders = Object.values(messages) as ((...args: unknown[]) => { msgtype: string })[];
    const sdkTypes = builders.map((build) => build({}, {}, {}).msgtype).sort();
    expect(sdkTypes.filter((msgtype) => !Recorder.sent.has(msgtype))).toEqual([]);
  });
});
