/**
 * The embedded server's envelope handling over HTTP: the real vectors replay, malformed requests of every
 * kind get the real error replies (status + error envelope), and the server keeps serving afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningColoniesServer, startColoniesServer } from "../../embedded-colonies/server.ts";
import { sign } from "../../lib/colonies-sdk/crypto.ts";
import { encodeBase64 } from "../../lib/colonies-sdk/envelope.ts";
import vectors from "../fixtures/colonies-vectors.json";
import { errorOf, type Fixture, postRaw, send, startFixture } from "../support/colonies-server.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => f.close());

/** A correctly signed envelope around an arbitrary payload text. */
function signedRaw(payloadtype: string, payloadText: string, prvkey: string): string {
  const payload = encodeBase64(payloadText);
  return JSON.stringify({ payloadtype, payload, signature: sign(payload, prvkey) });
}

async function expectError(body: string, status: number, message: string | RegExp) {
  const reply = await postRaw(f.server.url, body);
  expect(reply.status).toBe(status);
  expect(reply.contentType).toBe("text/plain; charset=utf-8");
  expect(reply.envelope.error).toBe(true);
  expect(reply.envelope.payloadtype).toBe("error");
  expect(errorOf(reply).status).toBe(status);
  if (typeof message === "string") expect(errorOf(reply).message).toBe(message);
  else expect(errorOf(reply).message).toMatch(message);
}

describe("malformed requests", () => {
  test("a body that is not a JSON envelope: 400", async () => {
    await expectError("this is not json", 400, /JSON/);
    await expectError("[1,2,3]", 400, "json: cannot unmarshal array into Go value of type rpc.RPCMsg");
    await expectError("", 400, "unexpected end of JSON input");
    await expectError(
      '{"payloadtype": 5, "payload": "", "signature": ""}',
      400,
      "json: cannot unmarshal number into Go struct field RPCMsg.payloadtype of type string",
    );
  });

  test("signature problems: 403 with the crypto error text", async () => {
    const payload = encodeBase64(JSON.stringify({ msgtype: "getcolonymsg", colonyname: "dev" }));
    await expectError(
      JSON.stringify({ payloadtype: "getcolonymsg", payload }),
      403,
      "Invalid signature length",
    );
    await expectError(
      JSON.stringify({ payloadtype: "getcolonymsg", payload, signature: "zz".repeat(65) }),
      403,
      "encoding/hex: invalid byte: U+007A 'z'",
    );
    for (const { message, signature, reason } of vectors.rejected) {
      const expected = reason.includes("high-s")
        ? "Failed verify signature: Signature s value is over half the order"
        : reason.includes("64 bytes")
          ? "Invalid signature length"
          : /^Failed to recover public key/;
      await expectError(
        JSON.stringify({ payloadtype: "getcolonymsg", payload: message, signature }),
        403,
        expected,
      );
    }
  });

  test("unknown or empty payload type: 403", async () => {
    await expectError(
      signedRaw("nosuchmsg", '{"msgtype":"nosuchmsg"}', f.user.prvkey),
      403,
      "invalid rpcMsg.PayloadType: nosuchmsg",
    );
    await expectError(
      signedRaw("", "{}", f.user.prvkey),
      403,
      /^invalid rpcMsg\.PayloadType: empty .*COLONIES_PRVKEY/,
    );
  });

  test("bad base64, non-object JSON and wrong field types: 400 invalid JSON", async () => {
    const badBase64 = JSON.stringify({
      payloadtype: "getcolonymsg",
      payload: "%%%not base64%%%",
      signature: sign("%%%not base64%%%", f.user.prvkey),
    });
    await expectError(badBase64, 400, "Failed to get colony, invalid JSON");
    await expectError(
      signedRaw("getcolonymsg", "[1]", f.user.prvkey),
      400,
      "Failed to get colony, invalid JSON",
    );
    await expectError(
      signedRaw(
        "getprocessesmsg",
        '{"msgtype":"getprocessesmsg","colonyname":"dev","count":"5","state":0}',
        f.user.prvkey,
      ),
      400,
      "Failed to get processes, invalid JSON",
    );
    await expectError(
      signedRaw(
        "submitfuncspecmsg",
        '{"msgtype":"submitfuncspecmsg","spec":{"priority":1.5,"conditions":{"colonyname":"dev"}}}',
        f.user.prvkey,
      ),
      400,
      "Failed to submit process, invalid JSON",
    );
    await expectError(
      signedRaw("addlogmsg", '{"msgtype":"addlogmsg","processid":["x"],"message":"m"}', f.user.prvkey),
      400,
      "Failed to add log, invalid JSON",
    );
  });

  test("msgtype differing from payloadtype: 400", async () => {
    await expectError(
      signedRaw("getcolonymsg", '{"msgtype":"getcolonymsgx","colonyname":"dev"}', f.user.prvkey),
      400,
      "Failed to get colony, msg.MsgType does not match payloadType",
    );
    await expectError(
      signedRaw("getcolonymsg", "null", f.user.prvkey),
      400,
      "Failed to get colony, msg.MsgType does not match payloadType",
    );
    await expectError(
      JSON.stringify({
        payloadtype: "versionmsg",
        payload: encodeBase64('{"msgtype":"other"}'),
        signature: "",
      }),
      400,
      "Failed to get server version, msg.MsgType does not match payloadType",
    );
  });

  test("an oversized body gets a 413 error envelope", async () => {
    const big = signedRaw(
      "addlogmsg",
      JSON.stringify({ msgtype: "addlogmsg", processid: "x", message: "y".repeat(100_000) }),
      f.user.prvkey,
    );
    await expectError(big, 413, /Request body too large/);
  });

  test("the server still serves after all of the above", async () => {
    expect(await f.client.getColony("dev", f.user.prvkey)).toEqual({ colonyid: f.colony.id, name: "dev" });
    const health = await fetch(`${f.server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("");
  });

  test("pycolonies-style JSON (spaces, nulls) is accepted", async () => {
    const text = '{"msgtype": "getcolonymsg", "colonyname": "dev", "extra": null}';
    const reply = await postRaw(f.server.url, signedRaw("getcolonymsg", text, f.user.prvkey));
    expect(reply.status).toBe(200);
    expect(reply.envelope).toMatchObject({ payloadtype: "getcolonymsg", error: false });
  });
});

describe("vectors.json replay", () => {
  let server: RunningColoniesServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "colonies-vectors-"));
    server = await startColoniesServer({
      hostname: "127.0.0.1",
      port: 0,
      databasePath: join(dir, "colonies.db"),
      serverId: vectors.roles.server.id,
    });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the recorded envelopes of the tutorial's setup and submit are accepted byte for byte", async () => {
    const accepted = [
      "addcolonymsg",
      "addusermsg",
      "addexecutormsg",
      "approveexecutormsg",
      "addfunctionmsg",
      "getfunctionsmsg",
      "getexecutorsmsg",
      "getexecutormsg",
      "getexecutorbyidmsg",
      "getcolonymsg",
      "submitfuncspecmsg",
      "getprocessesmsg",
      "assignprocessmsg",
      "submitworkflowspecmsg",
      "searchlogsmsg",
      "getgeneratorsmsg",
      "getcolonystatsmsg",
      "getstatisticsmsg",
      "versionmsg",
      "getserverinfomsg",
    ];
    for (const msgtype of accepted) {
      const vector = vectors.messages.find((m) => m.msgtype === msgtype)!;
      const reply = await postRaw(server.url, JSON.stringify(vector.envelope));
      expect({ msgtype, status: reply.status, error: reply.envelope.error }).toEqual({
        msgtype,
        status: 200,
        error: false,
      });
    }
    const assigned = vectors.messages.find((m) => m.msgtype === "assignprocessmsg")!;
    const reply = await postRaw(server.url, JSON.stringify(assigned.envelope));
    // The submitted workflow's process is the next one for the vector executor.
    expect((reply.payload as { spec: { nodename: string } }).spec.nodename).toBe("detect");
  });

  test("the empty-list reply is null, like the real server", async () => {
    const user = vectors.roles.user;
    const reply = await send(
      server.url,
      { msgtype: "getprocessesmsg", colonyname: "dev", count: 20, state: 3 },
      user.prvkey,
    );
    expect(reply.envelope).toEqual(vectors.replies[2]!.body);
  });
});

describe("signer recovery in a worker pool (COLONIES_VERIFY_WORKERS)", () => {
  test("signed requests are served and bad signatures get the same 403 texts", async () => {
    const g = await startFixture({ verifyWorkers: 2 });
    try {
      expect(await g.client.getColony("dev", g.user.prvkey)).toEqual({ colonyid: g.colony.id, name: "dev" });
      const high = vectors.rejected.find((r) => r.reason.includes("high-s"))!;
      const reply = await postRaw(
        g.server.url,
        JSON.stringify({ payloadtype: "getcolonymsg", payload: high.message, signature: high.signature }),
      );
      expect(reply.status).toBe(403);
      expect(errorOf(reply).message).toBe(
        "Failed verify signature: Signature s value is over half the order",
      );
      const wrongSigner = await send(g.server.url, { msgtype: "getstatisticsmsg" }, g.user.prvkey);
      expect(errorOf(wrongSigner)).toEqual({ status: 403, message: "Access denied, not server owner" });
    } finally {
      await g.close();
    }
  });
});
