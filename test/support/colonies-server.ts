/** Shared setup for the embedded Colonies server tests: a server on 127.0.0.1:0 with a temp SQLite file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ColoniesServerOptions,
  type RunningColoniesServer,
  startColoniesServer,
} from "../../embedded-colonies/server.ts";
import { ColoniesClient } from "../../lib/colonies-sdk/client.ts";
import { generatePrivateKey, idFromPrivateKey } from "../../lib/colonies-sdk/crypto.ts";
import {
  type ColoniesMessage,
  decodeBase64,
  encodeRequest,
  parseJson,
} from "../../lib/colonies-sdk/envelope.ts";
import type { Executor } from "../../lib/colonies-sdk/types.ts";

export interface Identity {
  prvkey: string;
  id: string;
}

export function identity(): Identity {
  const prvkey = generatePrivateKey();
  return { prvkey, id: idFromPrivateKey(prvkey) };
}

export interface Fixture {
  server: RunningColoniesServer;
  client: ColoniesClient;
  dir: string;
  databasePath: string;
  colonyname: string;
  serverKey: Identity;
  colony: Identity;
  user: Identity;
  options: ColoniesServerOptions;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startFixture(overrides: Partial<ColoniesServerOptions> = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), "colonies-server-"));
  const databasePath = join(dir, "colonies.db");
  const serverKey = identity();
  const colony = identity();
  const user = identity();
  const options: ColoniesServerOptions = {
    hostname: "127.0.0.1",
    port: 0,
    databasePath,
    serverId: serverKey.id,
    ...overrides,
  };
  const server = await startColoniesServer(options);
  const client = new ColoniesClient({ host: "127.0.0.1", port: server.port, tls: false });
  await client.addColony({ colonyid: colony.id, name: "dev" }, serverKey.prvkey);
  await client.addUser(
    { colonyname: "dev", userid: user.id, name: "myuser", email: "", phone: "" },
    colony.prvkey,
  );
  const fixture: Fixture = {
    server,
    client,
    dir,
    databasePath,
    colonyname: "dev",
    serverKey,
    colony,
    user,
    options,
    async restart() {
      await fixture.server.stop();
      fixture.server = await startColoniesServer({ ...options, port: fixture.server.port });
    },
    async close() {
      await fixture.server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Adds and approves an executor of `executortype`; returns its key and record. */
export async function approvedExecutor(
  f: Fixture,
  executortype = "test-executor",
  name = `exec-${crypto.randomUUID().slice(0, 8)}`,
): Promise<Identity & { name: string; executor: Executor }> {
  const key = identity();
  const executor = await f.client.addExecutor(
    { executorname: name, executorid: key.id, colonyname: f.colonyname, executortype },
    f.colony.prvkey,
  );
  await f.client.approveExecutor(f.colonyname, name, f.colony.prvkey);
  return { ...key, name, executor };
}

export interface RawReply {
  status: number;
  contentType: string | null;
  envelope: { payloadtype: string; payload: string; error: boolean };
  /** Decoded payload JSON (int64 fields as bigint). */
  payload: unknown;
}

/** POSTs a raw body to /api and decodes the reply envelope, whatever the status. */
export async function postRaw(url: string, body: string): Promise<RawReply> {
  const response = await fetch(`${url}/api`, { method: "POST", body });
  const text = await response.text();
  const envelope = JSON.parse(text);
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    envelope,
    payload: parseJson(decodeBase64(envelope.payload)),
  };
}

/** Signs `message` with `prvkey` and POSTs it; returns the decoded reply whatever the status. */
export function send(url: string, message: ColoniesMessage, prvkey: string): Promise<RawReply> {
  return postRaw(url, JSON.stringify(encodeRequest(message, prvkey)));
}

export function errorOf(reply: RawReply): { status: number; message: string } {
  return reply.payload as { status: number; message: string };
}
