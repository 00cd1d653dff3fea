/**
 * Write tokens (STORE_TOKEN): every write route refuses a missing, malformed or wrong token with 401 and a
 * detail, accepts any of the configured tokens, and never reads an unauthenticated body; reads stay open; our
 * tools send the token from the environment; the server warns when it listens openly without one.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDevEnv } from "../../embedded-colonies/bootstrap.ts";
import { freePort } from "../../lib/free-port.ts";
import { TimeSeriesApiError, TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { parseStoreTokens } from "../../store/auth.ts";
import { runScript } from "../support/child.ts";
import { sineBody, spawnServer, startTestStore, type TestStore, tempDir } from "../support/store.ts";
import { testDatabase } from "../support/store-backend.ts";

const tokens = ["first-token-0123456789", "second-token-abcdef"];
let store: TestStore;
const dir = tempDir("store-auth-");

beforeAll(async () => {
  store = await startTestStore({ tokens });
  await store.client.put(sineBody("kept", 10));
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

const writes = [
  { name: "PUT", method: "PUT", path: "/timeseries/w1", body: JSON.stringify(sineBody("w1", 5)) },
  { name: "PATCH", method: "PATCH", path: "/timeseries/kept/anomaly?anomaly=true", body: undefined },
  { name: "DELETE", method: "DELETE", path: "/timeseries/gone", body: undefined },
] as const;

function send(write: (typeof writes)[number], authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== undefined) headers.authorization = authorization;
  return fetch(`${store.url}${write.path}`, { method: write.method, headers, body: write.body });
}

async function expect401(response: Response, detailPart: string): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toBe('Bearer realm="timeseries-store"');
  const body = (await response.json()) as { detail: string };
  expect(Object.keys(body)).toEqual(["detail"]);
  expect(body.detail).toContain(detailPart);
}

describe("write routes", () => {
  for (const write of writes) {
    test(`${write.name} without a token is 401 and changes nothing`, async () => {
      const before = await (await fetch(`${store.url}/timeseries/`)).text();
      await expect401(await send(write), "Authorization: Bearer");
      expect(await (await fetch(`${store.url}/timeseries/`)).text()).toBe(before);
    });

    test(`${write.name} with a wrong or malformed token is 401`, async () => {
      await expect401(await send(write, "Bearer not-the-token"), "Invalid write token");
      await expect401(await send(write, `Bearer ${tokens[0]}x`), "Invalid write token");
      await expect401(await send(write, `Basic ${btoa(`user:${tokens[0]}`)}`), "Bearer <token>");
    });
  }

  test("each configured token is accepted on every write route", async () => {
    await store.client.put(sineBody("gone", 3));
    const replies: number[] = [];
    for (const write of writes) replies.push((await send(write, `Bearer ${tokens[1]}`)).status);
    expect(replies).toEqual([200, 200, 200]);
    expect((await store.client.get("kept")).anomaly).toBe(true);
    expect((await fetch(`${store.url}/timeseries/gone`)).status).toBe(404);
  });

  test("the token is checked before the body: an invalid body without a token is 401, not 422", async () => {
    const response = await fetch(`${store.url}/timeseries/x`, { method: "PUT", body: "{not json" });
    await expect401(response, "Authorization");
  });

  test("the typed client sends its token and reports a refusal as a 401 TimeSeriesApiError", async () => {
    const withToken = new TimeSeriesClient(store.url, { token: tokens[0] });
    await withToken.put(sineBody("client", 4));
    const without = new TimeSeriesClient(store.url, { token: "" });
    const error = await without.remove("client").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeSeriesApiError);
    expect((error as TimeSeriesApiError).status).toBe(401);
    expect((await without.get("client")).points).toBe(4);
  });
});

describe("reads stay open", () => {
  test("health, list, one series and the API docs need no token", async () => {
    const open = new TimeSeriesClient(store.url, { token: "" });
    expect((await open.health()).status).toBe("ok");
    expect((await open.list()).timeseries.map((s) => s.ts_id)).toContain("kept");
    expect((await open.get("kept")).points).toBe(10);
    expect((await fetch(`${store.url}/docs`)).status).toBe(200);
    const spec = (await (await fetch(`${store.url}/docs/json`)).json()) as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(spec.components.securitySchemes.writeToken).toEqual({ type: "http", scheme: "bearer" });
    expect(Object.keys(spec.paths["/timeseries/{ts_id}"]!.put!.responses)).toContain("401");
    expect(spec.paths["/timeseries/{ts_id}"]!.get!.security).toBeUndefined();
  });
});

test("STORE_TOKEN lists tokens separated by commas, blanks ignored", () => {
  expect(parseStoreTokens(" a , b,,")).toEqual(["a", "b"]);
  expect(parseStoreTokens(undefined)).toEqual([]);
  expect(parseStoreTokens(" , ")).toEqual([]);
});

describe("tools and the server program", () => {
  test("upload_sample_test.ts sends STORE_TOKEN from its environment, and says 401 without it", async () => {
    const env = { ...process.env, STORE_TOKEN: tokens[0] } as Record<string, string>;
    const ok = await runScript("scripts/upload_sample_test.ts", ["--db", store.url, "--id", "tool"], env);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain("Sample waveform stored successfully.");
    const { STORE_TOKEN, ...noToken } = env;
    const refused = await runScript(
      "scripts/upload_sample_test.ts",
      ["--db", store.url, "--id", "t2"],
      noToken,
    );
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain("Failed to store the waveform. Status code: 401");
    expect((await fetch(`${store.url}/timeseries/t2`)).status).toBe(404);
  });

  async function serverOutput(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
    const server = await spawnServer({ ...(await testDatabase(dir.path, "program")).env, ...env });
    const client = new TimeSeriesClient(server.url, { token: env.STORE_TOKEN?.split(",")[0] ?? "" });
    await client.put(sineBody("logged", 3));
    server.process.kill("SIGTERM");
    await server.process.exited;
    // spawnServer read the first line already; read what follows through a new reader.
    const reader = (server.process.stdout as ReadableStream<Uint8Array>).getReader();
    let stdout = server.firstLine;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      stdout += new TextDecoder().decode(chunk.value);
    }
    return { stdout, stderr: await new Response(server.process.stderr as ReadableStream).text() };
  }

  const warning = /listening on 0\.0\.0\.0 without STORE_TOKEN/g;

  test("listening on all interfaces without a token prints one warning line", async () => {
    const { stderr } = await serverOutput({ HOST: "0.0.0.0" });
    expect(stderr.match(warning)).toHaveLength(1);
  });

  test("with a token, or on loopback only, there is no warning, and the token never appears in the output", async () => {
    const secret = "secret-token-never-logged";
    const open = await serverOutput({ HOST: "0.0.0.0", STORE_TOKEN: `${secret},other` });
    expect(open.stderr).not.toMatch(warning);
    expect(open.stdout + open.stderr).not.toContain(secret);
    const loopback = await serverOutput({ HOST: "127.0.0.1" });
    expect(loopback.stderr).not.toContain("STORE_TOKEN");
  });
});

test("bun run setup --store-token appends a fresh token to an existing .env and keeps it afterwards", async () => {
  const cwd = join(dir.path, "setup");
  mkdirSync(cwd);
  ensureDevEnv(join(cwd, ".env"));
  const before = readFileSync(join(cwd, ".env"), "utf8");
  const setup = () =>
    runScript(
      "scripts/setup.ts",
      ["--store-token"],
      {
        PATH: process.env.PATH ?? "",
        HOME: cwd,
        // No Colonies server answers there: setup registers into this file instead.
        COLONIES_SERVER_PORT: String(freePort()),
        COLONIES_DB_PATH: join(cwd, "colonies.db"),
      },
      { cwd },
    );
  const first = await setup();
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toContain("Added a fresh STORE_TOKEN to .env");
  const after = readFileSync(join(cwd, ".env"), "utf8");
  expect(after.startsWith(before)).toBe(true);
  expect(after.slice(before.length)).toMatch(/^# .*\nSTORE_TOKEN=[A-Za-z0-9_-]{43}\n$/);
  const second = await setup();
  expect(second.exitCode).toBe(0);
  expect(second.stdout).toContain("already has a STORE_TOKEN");
  expect(readFileSync(join(cwd, ".env"), "utf8")).toBe(after);
});
