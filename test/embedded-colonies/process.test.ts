/**
 * The server as a program: `bun run setup` writes .env (never overwriting) and registers colony + user in the
 * database file; `bun run colonies:server` bootstraps on a first start; waiting work survives kill -9.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDevEnv, parseEnvFile } from "../../embedded-colonies/bootstrap.ts";
import { ColoniesClient } from "../../lib/colonies-sdk/client.ts";
import { idFromPrivateKey } from "../../lib/colonies-sdk/crypto.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import { identity } from "../support/colonies-server.ts";

const root = join(import.meta.dir, "../..");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "colonies-process-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port!;
  await probe.stop(true);
  return port;
}

/** A clean environment: the test runner's own .env must not leak into the child. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, ...extra };
}

async function runSetup(cwd: string, port: number) {
  const child = Bun.spawn([process.execPath, join(root, "scripts", "setup.ts")], {
    cwd,
    env: childEnv({ COLONIES_SERVER_HOST: "127.0.0.1", COLONIES_SERVER_PORT: String(port) }),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { stdout, stderr, code };
}

async function startServer(cwd: string, port: number) {
  const child = Bun.spawn([process.execPath, join(root, "embedded-colonies", "main.ts")], {
    cwd,
    env: childEnv({ COLONIES_SERVER_HOST: "127.0.0.1", COLONIES_SERVER_PORT: String(port) }),
    stdout: "pipe",
    stderr: "inherit",
  });
  const client = new ColoniesClient({ host: "127.0.0.1", port, tls: false, requestTimeoutMs: 5000 });
  for (let attempt = 0; ; attempt++) {
    try {
      await client.version();
      break;
    } catch (error) {
      if (attempt > 200) throw error;
      await Bun.sleep(50);
    }
  }
  return { child, client };
}

/** Polls until the server knows colony `dev` (it registers it shortly after it starts listening). */
async function waitForColony(client: ColoniesClient, prvkey: string) {
  for (let i = 0; i < 100; i++) {
    const colony = await client.getColony("dev", prvkey).catch(() => undefined);
    if (colony) return colony;
    await Bun.sleep(50);
  }
  return undefined;
}

describe("ensureDevEnv", () => {
  test("creates fresh, consistent keys once and never overwrites", () => {
    const path = join(dir, "unit.env");
    const first = ensureDevEnv(path);
    expect(first.created).toBe(true);
    const v = first.values;
    expect(v.COLONIES_COLONY_NAME).toBe("dev");
    expect(v.COLONIES_SERVER_ID).toBe(idFromPrivateKey(v.COLONIES_SERVER_PRVKEY));
    expect(v.COLONIES_COLONY_ID).toBe(idFromPrivateKey(v.COLONIES_COLONY_PRVKEY));
    expect(v.COLONIES_ID).toBe(idFromPrivateKey(v.COLONIES_PRVKEY));
    expect(new Set([v.COLONIES_SERVER_PRVKEY, v.COLONIES_COLONY_PRVKEY, v.COLONIES_PRVKEY]).size).toBe(3);
    const text = readFileSync(path, "utf8");
    for (const name of [
      "COLONIES_SERVER_HOST",
      "COLONIES_SERVER_PORT",
      "COLONIES_TLS",
      "COLONIES_SERVER_TLS",
      "STORE_URL",
    ])
      expect(parseEnvFile(text)[name]).toBeDefined();
    const second = ensureDevEnv(path);
    expect(second.created).toBe(false);
    expect(readFileSync(path, "utf8")).toBe(text);
    expect(second.values.COLONIES_PRVKEY).toBe(v.COLONIES_PRVKEY);
  });
});

describe("setup, server start and kill -9", () => {
  test("setup registers into the database file; the server then serves that colony; waiting work and answered log lines survive kill -9", async () => {
    const cwd = join(dir, "setup-first");
    mkdirSync(cwd);
    const port = await freePort();
    const setup = await runSetup(cwd, port);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain("Created .env");
    expect(setup.stdout).toContain("data/colonies.db");
    const envText = readFileSync(join(cwd, ".env"), "utf8");
    const again = await runSetup(cwd, port);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(".env exists");
    expect(readFileSync(join(cwd, ".env"), "utf8")).toBe(envText);

    const env = parseEnvFile(envText);
    let { child, client } = await startServer(cwd, port);
    const colony = await client.getColony("dev", env.COLONIES_PRVKEY!);
    expect(colony.colonyid).toBe(env.COLONIES_COLONY_ID!);

    const executor = identity();
    await client.addExecutor(
      { executorname: "survivor", executorid: executor.id, colonyname: "dev", executortype: "kill9" },
      env.COLONIES_COLONY_PRVKEY!,
    );
    await client.approveExecutor("dev", "survivor", env.COLONIES_COLONY_PRVKEY!);
    const spec = funcSpec({ funcname: "f", args: [], kwargs: {}, colonyname: "dev", executortype: "kill9" });
    const submitted = await client.submitFunctionSpec(spec, env.COLONIES_PRVKEY!);

    child.kill(9);
    await child.exited;
    ({ child, client } = await startServer(cwd, port));
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    try {
      const assigned = await client.assign("dev", 5, executor.prvkey);
      expect(assigned?.processid).toBe(submitted.processid);
      // Sent at once, so the server commits them in groups; each reply still means the line is stored.
      await Promise.all(lines.map((line) => client.addLog(submitted.processid, line, executor.prvkey)));
    } finally {
      child.kill(9);
      await child.exited;
    }
    ({ child, client } = await startServer(cwd, port));
    try {
      const logs = await client.getLogs(
        { colonyname: "dev", processid: submitted.processid, count: 100 },
        env.COLONIES_PRVKEY!,
      );
      expect(logs.map((log) => log.message).sort()).toEqual([...lines].sort());
      await client.closeSuccessful(submitted.processid, [], executor.prvkey);
    } finally {
      child.kill();
      await child.exited;
    }
  });

  test("the server's first start without .env creates it and registers colony and user through its API", async () => {
    const cwd = join(dir, "server-first");
    mkdirSync(cwd);
    const port = await freePort();
    const { child, client } = await startServer(cwd, port);
    try {
      let env: Record<string, string> = {};
      for (let i = 0; i < 100 && !env.COLONIES_PRVKEY; i++) {
        if (existsSync(join(cwd, ".env"))) env = parseEnvFile(readFileSync(join(cwd, ".env"), "utf8"));
        else await Bun.sleep(50);
      }
      const colony = await waitForColony(client, env.COLONIES_PRVKEY!);
      expect(colony?.colonyid).toBe(env.COLONIES_COLONY_ID!);
    } finally {
      child.kill();
      await child.exited;
    }
  });

  test("with a deleted database the server registers the .env colony and user again at start", async () => {
    const cwd = join(dir, "deleted-db");
    mkdirSync(cwd);
    const port = await freePort();
    expect((await runSetup(cwd, port)).code).toBe(0);
    rmSync(join(cwd, "data"), { recursive: true, force: true });
    const env = parseEnvFile(readFileSync(join(cwd, ".env"), "utf8"));
    const { child, client } = await startServer(cwd, port);
    try {
      const colony = await waitForColony(client, env.COLONIES_PRVKEY!);
      expect(colony?.colonyid).toBe(env.COLONIES_COLONY_ID!);
    } finally {
      child.kill();
      await child.exited;
    }
  });

  test("an existing .env without the keys is reported, not overwritten", async () => {
    const cwd = join(dir, "broken-env");
    mkdirSync(cwd);
    writeFileSync(join(cwd, ".env"), "COLONIES_COLONY_NAME=dev\n");
    const result = await runSetup(cwd, await freePort());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("COLONIES_SERVER_PRVKEY");
    expect(readFileSync(join(cwd, ".env"), "utf8")).toBe("COLONIES_COLONY_NAME=dev\n");
  });
});
