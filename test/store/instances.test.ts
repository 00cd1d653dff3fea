/**
 * Several store instances on one database: a write through one is read through another at once, and killing
 * one with SIGKILL under load loses no write it answered. On PostgreSQL the dashboards of all instances also
 * hear about every write (LISTEN/NOTIFY); SQLite instances share the file but not live updates.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import type { TimeSeriesBody } from "../../lib/timeseries/types.ts";
import { EventReader } from "../support/dashboard.ts";
import { type SpawnedServer, sineBody, spawnServer, tempDir } from "../support/store.ts";
import { storeTestBackend, testDatabase } from "../support/store-backend.ts";

const dir = tempDir("store-instances-");
const servers: SpawnedServer[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.process.kill("SIGKILL");
    await server.process.exited;
  }
  dir.remove();
});

async function instances(name: string, count: number): Promise<SpawnedServer[]> {
  const database = await testDatabase(dir.path, name);
  // One after the other: the first migrates a fresh database, the others find it done.
  const started: SpawnedServer[] = [];
  for (let i = 0; i < count; i++) started.push(await spawnServer(database.env));
  servers.push(...started);
  return started;
}

/** The body written for one id: its values derive from the id, so a read can be checked without a record. */
function bodyFor(tsId: string, points = 200): TimeSeriesBody {
  const body = sineBody(tsId, points, `proc-${tsId}`);
  const salt = [...tsId].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  for (const point of body.data) point.value += salt / 7;
  return body;
}

describe(`several instances on one ${storeTestBackend} database`, () => {
  test("a write through one instance is read through the other at once", async () => {
    const [a, b] = await instances("read-through", 2);
    const viaA = new TimeSeriesClient(a!.url);
    const viaB = new TimeSeriesClient(b!.url);
    await viaA.put(bodyFor("shared"));
    expect((await viaB.get("shared")).data).toEqual(bodyFor("shared").data);
    await viaB.setAnomaly("shared", { anomaly: true, process_id: "from-b", kl_divergence: 0.125 });
    const seenByA = await viaA.get("shared");
    expect([seenByA.anomaly, seenByA.process_id, seenByA.kl_divergence]).toEqual([true, "from-b", 0.125]);
    await viaA.remove("shared");
    expect((await fetch(`${b!.url}/timeseries/shared`)).status).toBe(404);
    expect((await viaB.health()).series).toBe(0);
  });

  test("killing one instance with SIGKILL under load loses no answered write", async () => {
    const [a, b] = await instances("kill", 2);
    const clients = [new TimeSeriesClient(a!.url, { timeoutMs: 10_000 }), new TimeSeriesClient(b!.url)];
    const answered = new Set<string>();
    let attempts = 0;
    let killed = false;
    let answeredAfterKill = 0;
    const workers = Array.from({ length: 8 }, async (_, worker) => {
      for (let n = 0; answeredAfterKill < 120; n++) {
        const tsId = `w${worker}-${n}`;
        const client = clients[(worker + n) % 2]!;
        attempts++;
        try {
          await client.put(bodyFor(tsId));
          answered.add(tsId);
          if (killed) answeredAfterKill++;
        } catch {
          // The killed instance answers nothing: that write was never acknowledged.
        }
        if (!killed && answered.size >= 120) {
          killed = true;
          a!.process.kill("SIGKILL");
        }
      }
    });
    await Promise.all(workers);
    await a!.process.exited;
    expect(a!.process.signalCode).toBe("SIGKILL");
    expect(attempts).toBeGreaterThan(answered.size); // some writes did go to the dead instance

    const survivor = clients[1]!;
    const listed = new Set((await survivor.listAll()).map((s) => s.ts_id));
    const lost = [...answered].filter((tsId) => !listed.has(tsId));
    expect(lost).toEqual([]);
    for (const tsId of answered) {
      const stored = await survivor.get(tsId);
      expect(stored.data).toEqual(bodyFor(tsId).data);
      expect(stored.process_id).toBe(`proc-${tsId}`);
    }
  });
});

if (storeTestBackend === "postgres") {
  describe("live updates across PostgreSQL instances", () => {
    test("a dashboard on one instance hears about writes made through another", async () => {
      const [writer, watched] = await instances("live", 2);
      const client = new TimeSeriesClient(writer!.url);
      const { events } = await EventReader.open(`${watched!.url}/dashboard/api/events`);
      try {
        await events.next("hello");
        await client.put(bodyFor("live-1"));
        await events.next("series", (data) => data.changed.includes("live-1"));
        await client.setAnomaly("live-1", { anomaly: true, process_id: "p-live", kl_divergence: 0.5 });
        await events.next("series", (data) => data.changed.includes("live-1"));
        const table = (await (await fetch(`${watched!.url}/dashboard/api/series`)).json()) as {
          items: { ts_id: string; anomaly: boolean | null; process_id: string | null }[];
        };
        expect(table.items).toContainEqual(
          expect.objectContaining({ ts_id: "live-1", anomaly: true, process_id: "p-live" }),
        );
        await client.remove("live-1");
        await events.next("series", (data) => data.removed.includes("live-1"));
        const after = (await (await fetch(`${watched!.url}/dashboard/api/series`)).json()) as {
          items: unknown[];
        };
        expect(after.items).toEqual([]);
      } finally {
        events.close();
      }
    });
  });
}
