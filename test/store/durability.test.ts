import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { startStore } from "../../store/start.ts";
import { sineBody, spawnServer, tempDir } from "../support/store.ts";
import { testDatabase } from "../support/store-backend.ts";

const dir = tempDir("store-durability-");
afterAll(() => dir.remove());

describe("persistence", () => {
  test("series, flags and KL divergence survive a restart", async () => {
    const database = await testDatabase(dir.path, "restart");
    const first = await startStore(database.config);
    const client1 = new TimeSeriesClient(first.url);
    await client1.put(sineBody("kept", 1000, "proc"));
    await client1.put(sineBody("gone", 5));
    await client1.setAnomaly("kept", { anomaly: true, process_id: "5678", kl_divergence: 0.0421 });
    await client1.remove("gone");
    const before = await (await fetch(`${first.url}/timeseries/kept`)).text();
    await first.stop();

    const second = await startStore(database.config);
    try {
      expect(await (await fetch(`${second.url}/timeseries/kept`)).text()).toBe(before);
      const client2 = new TimeSeriesClient(second.url);
      expect((await client2.list()).timeseries.map((s) => s.ts_id)).toEqual(["kept"]);
      expect((await client2.get("kept")).kl_divergence).toBe(0.0421);
      expect((await fetch(`${second.url}/timeseries/gone`)).status).toBe(404);
    } finally {
      await second.stop();
    }
  });

  test("bun server.ts logs its URL, database and docs, and a PUT answered 200 survives kill -9", async () => {
    const database = await testDatabase(dir.path, "killed");
    const server = await spawnServer(database.env);
    expect(server.firstLine).toContain(server.url);
    expect(server.firstLine).toContain(database.location);
    expect(server.firstLine).toContain(`${server.url}/docs`);
    const client = new TimeSeriesClient(server.url);
    const written: string[] = [];
    for (let i = 0; i < 20; i++) {
      const tsId = `durable-${i}`;
      await client.put(sineBody(tsId, 1000));
      written.push(tsId);
    }
    await client.setAnomaly("durable-19", { anomaly: true, process_id: "last", kl_divergence: 1.5 });
    const expected = await (await fetch(`${server.url}/timeseries/durable-19`)).text();
    server.process.kill("SIGKILL");
    await server.process.exited;
    expect(server.process.signalCode).toBe("SIGKILL");

    const restarted = await spawnServer(database.env);
    try {
      const again = new TimeSeriesClient(restarted.url);
      expect((await again.listAll()).map((s) => s.ts_id)).toEqual(written);
      expect(await (await fetch(`${restarted.url}/timeseries/durable-19`)).text()).toBe(expected);
    } finally {
      restarted.process.kill("SIGTERM");
      await restarted.process.exited;
    }
    expect(restarted.process.exitCode).toBe(0);
  });

  test("DATABASE_PATH=:memory: runs without a file", async () => {
    const server = await spawnServer({ DATABASE_PATH: ":memory:" });
    try {
      const client = new TimeSeriesClient(server.url);
      await client.put(sineBody("ephemeral", 3));
      expect((await client.health()).series).toBe(1);
    } finally {
      server.process.kill("SIGTERM");
      await server.process.exited;
    }
  });

  test("a bad PORT stops the server with a one-line error", async () => {
    const child = Bun.spawn([process.execPath, join(import.meta.dir, "../..", "server.ts")], {
      env: { ...process.env, PORT: "eighty", DATABASE_PATH: ":memory:" },
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(await child.exited).toBe(1);
    expect(await new Response(child.stderr).text()).toBe(
      'server: PORT must be an integer from 0 to 65535, got "eighty"\n',
    );
  });

  test("a second store on a port in use stops with an error instead of sharing the port", async () => {
    const first = await startStore({
      hostname: "127.0.0.1",
      port: 0,
      databasePath: join(dir.path, "shared.db"),
    });
    try {
      const child = Bun.spawn([process.execPath, join(import.meta.dir, "../..", "server.ts")], {
        env: {
          ...process.env,
          HOST: "127.0.0.1",
          PORT: String(first.port),
          DATABASE_PATH: join(dir.path, "shared.db"),
        },
        stdout: "pipe",
        stderr: "pipe",
      });
      expect(await child.exited).toBe(1);
      expect(await new Response(child.stderr).text()).toContain(`port ${first.port} in use`);
    } finally {
      await first.stop();
    }
  });
});
