/**
 * COLONIES_SERVERS: several server addresses, the client moves on after a connection error. Against the
 * embedded server (the live one), a stopped port (refused: nothing was delivered) and a socket that drops
 * each request after reading it (ambiguous: the server may have applied it).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { anomalyFuncSpec } from "../../../lib/anomaly/spec.ts";
import {
  ColoniesClient,
  ColoniesConfigError,
  ColoniesConnectionError,
  loadColoniesConfig,
  ProcessState,
  parseServerList,
} from "../../../lib/colonies-sdk/index.ts";
import { startExecutor, waitUntil } from "../../support/child.ts";
import { startStack, type TestStack } from "../../support/stack.ts";

let stack: TestStack;
let refusedPort: number;
let dropper: { port: number; requests: number; stop(): void };

beforeAll(async () => {
  stack = await startStack();
  const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  refusedPort = closed.port!;
  await closed.stop(true);
  const state = { requests: 0 };
  const listener = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket) {
        state.requests++;
        socket.terminate();
      },
    },
  });
  dropper = {
    port: listener.port,
    get requests() {
      return state.requests;
    },
    stop: () => listener.stop(true),
  };
});

afterAll(async () => {
  dropper?.stop();
  await stack?.stop();
});

const live = () => ({ host: "127.0.0.1", port: stack.coloniesPort });
const key = () => stack.keys.user.prvkey;
const spec = () => anomalyFuncSpec({ colonyname: stack.colonyname, tsIds: ["x"], db: stack.storeUrl });

async function waitingCount(): Promise<number> {
  return (await stack.colonies.getColonyStatistics(stack.colonyname, key())).waitingprocesses;
}

describe("COLONIES_SERVERS", () => {
  test("is parsed into addresses; host and port become the first", () => {
    const config = loadColoniesConfig({
      COLONIES_SERVERS: " a:1, [::1]:50080 ,b.example:65535",
      COLONIES_SERVER_HOST: "ignored",
    });
    expect(config.servers).toEqual([
      { host: "a", port: 1 },
      { host: "::1", port: 50080 },
      { host: "b.example", port: 65535 },
    ]);
    expect([config.host, config.port]).toEqual(["a", 1]);
    expect(loadColoniesConfig({ COLONIES_SERVER_HOST: "h" }).servers).toBeUndefined();
    expect(parseServerList("")).toBeUndefined();
  });

  test("a malformed entry is a config error that shows the format", () => {
    for (const text of ["a", "a:0", "a:99999", "a:b", "http://a:1"]) {
      expect(() => loadColoniesConfig({ COLONIES_SERVERS: text })).toThrow(ColoniesConfigError);
    }
    expect(() => loadColoniesConfig({ COLONIES_SERVERS: "a:1,b" })).toThrow(
      'COLONIES_SERVERS entry "b" is not host:port: write e.g. COLONIES_SERVERS=10.0.0.1:50080,10.0.0.2:50080',
    );
  });
});

describe("failover", () => {
  test("a refused address is skipped for every message, and the client stays on the one that answered", async () => {
    const client = new ColoniesClient({
      host: "127.0.0.1",
      port: refusedPort,
      servers: [{ host: "127.0.0.1", port: refusedPort }, live()],
    });
    const before = await waitingCount();
    // Not resendable after an ambiguous loss, but a refused connection delivered nothing.
    const process = await client.submitFunctionSpec(spec(), key());
    expect(client.url).toBe(`http://127.0.0.1:${stack.coloniesPort}/api`);
    expect((await client.getProcess(process.processid, key())).state).toBe(ProcessState.Waiting);
    expect(await waitingCount()).toBe(before + 1);
    await stack.colonies.removeProcess(process.processid, key());
  });

  test("after a request that may have arrived, reads go to the next server", async () => {
    const client = new ColoniesClient({
      host: "127.0.0.1",
      port: dropper.port,
      servers: [{ host: "127.0.0.1", port: dropper.port }, live()],
    });
    const seen = dropper.requests;
    expect((await client.getColony(stack.colonyname, key())).name).toBe(stack.colonyname);
    expect(dropper.requests).toBe(seen + 1);
  });

  test("after a request that may have arrived, a submit is not repeated elsewhere", async () => {
    const client = new ColoniesClient({
      host: "127.0.0.1",
      port: dropper.port,
      servers: [{ host: "127.0.0.1", port: dropper.port }, live()],
    });
    const before = await waitingCount();
    const attempt = client.submitFunctionSpec(spec(), key());
    await expect(attempt).rejects.toBeInstanceOf(ColoniesConnectionError);
    await expect(attempt).rejects.toThrow(
      "submitfuncspecmsg was not sent to the other servers: it may have been applied",
    );
    expect(await waitingCount()).toBe(before);
  });

  test("every address down: one error naming each", async () => {
    const client = new ColoniesClient({
      host: "127.0.0.1",
      port: refusedPort,
      servers: [
        { host: "127.0.0.1", port: refusedPort },
        { host: "127.0.0.1", port: dropper.port },
      ],
    });
    const attempt = client.getColony(stack.colonyname, key());
    await expect(attempt).rejects.toThrow(`127.0.0.1:${refusedPort}`);
    await expect(attempt).rejects.toThrow(`127.0.0.1:${dropper.port}`);
  });

  test("an executor given a dead address first registers, works and closes through the live one", async () => {
    const env = {
      ...stack.env,
      COLONIES_SERVERS: `127.0.0.1:${refusedPort},127.0.0.1:${stack.coloniesPort}`,
      COLONIES_SERVER_HOST: "127.0.0.1",
      COLONIES_SERVER_PORT: String(refusedPort),
      COLONIES_SERVER_HTTP_PORT: String(refusedPort),
    };
    const { executor } = await startExecutor(env);
    try {
      const process = await stack.colonies.submitFunctionSpec(spec(), key());
      const closed = await waitUntil("the process closed", async () => {
        const p = await stack.colonies.getProcess(process.processid, key());
        return p.state === ProcessState.Failed || p.state === ProcessState.Successful ? p : undefined;
      });
      // Series "x" is not in the store: the executor reached the server, ran the job and closed it failed.
      expect(closed.state).toBe(ProcessState.Failed);
      expect(closed.errors?.[0]).toContain("x");
    } finally {
      expect(await executor.stop()).toBe(0);
    }
  });
});
