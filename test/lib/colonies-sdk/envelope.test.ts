import { describe, expect, test } from "bun:test";
import {
  ColoniesConfigError,
  ColoniesError,
  decodeBase64,
  decodePayload,
  decodeReply,
  encodeErrorReply,
  encodeReply,
  encodeRequest,
  funcSpec,
  loadColoniesConfig,
  messages,
  parseJson,
  recoverId,
  recoverSignerId,
  requireKeys,
  sign,
  stringifyJson,
} from "../../../lib/colonies-sdk/index.ts";
import vectors from "../../fixtures/colonies-vectors.json";

/** Every field some vector's payload has, so a builder reading a field no vector holds does not compile. */
type PayloadKey = (typeof vectors.messages)[number]["payload"] extends infer P
  ? P extends unknown
    ? keyof P
    : never
  : never;
type Payload = Record<PayloadKey, never>;
const roleKeys: Record<string, string | null> = {
  server: vectors.roles.server.prvkey,
  colony: vectors.roles.colony.prvkey,
  user: vectors.roles.user.prvkey,
  executor: vectors.roles.executor.prvkey,
};

/** The SDK's builder call that should produce each vector message. */
const builders: Record<string, (p: Payload) => unknown> = {
  addcolonymsg: (p) => messages.addColony(p.colony),
  addusermsg: (p) => messages.addUser(p.user),
  addexecutormsg: (p) => messages.addExecutor(p.executor),
  approveexecutormsg: (p) => messages.approveExecutor(p.colonyname, p.executorname),
  removeexecutormsg: (p) => messages.removeExecutor(p.colonyname, p.executorname),
  addfunctionmsg: (p) => messages.addFunction(p.fun),
  getfunctionsmsg: (p) => messages.getFunctions(p.colonyname, p.executorname),
  getexecutorsmsg: (p) => messages.getExecutors(p.colonyname),
  getexecutormsg: (p) => messages.getExecutor(p.colonyname, p.executorname),
  getexecutorbyidmsg: (p) => messages.getExecutorById(p.colonyname, p.executorid),
  getcolonymsg: (p) => messages.getColony(p.colonyname),
  submitfuncspecmsg: (p) => messages.submitFunctionSpec(p.spec),
  assignprocessmsg: (p) => messages.assign(p.colonyname, p.timeout),
  getprocessmsg: (p) => messages.getProcess(p.processid),
  getprocessesmsg: (p) => messages.getProcesses({ colonyname: p.colonyname, count: p.count, state: p.state }),
  removeprocessmsg: (p) => messages.removeProcess(p.processid),
  addlogmsg: (p) => messages.addLog(p.processid, p.message),
  setoutputmsg: (p) => messages.setOutput(p.processid, p.out),
  closesuccessfulmsg: (p) => messages.closeSuccessful(p.processid, p.out),
  closefailedmsg: (p) => messages.closeFailed(p.processid, p.errors),
  getlogsmsg: (p) =>
    messages.getLogs({ colonyname: p.colonyname, processid: p.processid, count: p.count, latest: p.latest }),
  searchlogsmsg: (p) =>
    messages.searchLogs({ colonyname: p.colonyname, text: p.text, days: p.days, count: p.count }),
  submitworkflowspecmsg: (p) => messages.submitWorkflowSpec(p.spec),
  addgeneratormsg: (p) => messages.addGenerator(p.generator),
  packgeneratormsg: (p) => messages.packGenerator(p.generatorid, p.arg),
  getgeneratorsmsg: (p) => messages.getGenerators(p.colonyname, p.count),
  getgeneratormsg: (p) => messages.getGenerator(p.generatorid),
  removegeneratormsg: (p) => messages.removeGenerator(p.generatorid),
  getcolonystatsmsg: (p) => messages.getColonyStatistics(p.colonyname),
  getstatisticsmsg: () => messages.getStatistics(),
  versionmsg: () => messages.version(),
  getserverinfomsg: () => messages.serverInfo(),
};

describe("request envelopes match vectors.json messages", () => {
  for (const vector of vectors.messages) {
    const prvkey = roleKeys[vector.signer] ?? null;

    test(`${vector.msgtype} encodes to the exact payload and signature`, () => {
      const envelope = encodeRequest(vector.payload as { msgtype: string }, prvkey);
      expect(envelope).toEqual(vector.envelope);
    });

    test(`${vector.msgtype} is built by the SDK byte for byte`, () => {
      const build = builders[vector.msgtype];
      expect(build).toBeDefined();
      const message = build!(vector.payload as unknown as Payload) as { msgtype: string };
      expect(stringifyJson(message)).toBe(vector.json);
      expect(encodeRequest(message, prvkey)).toEqual(vector.envelope);
    });
  }

  test("every vector message type has a builder", () => {
    expect(Object.keys(builders).sort()).toEqual(vectors.messages.map((m) => m.msgtype).sort());
  });

  test("unsigned messages carry an empty signature", () => {
    expect(encodeRequest(messages.version(), null).signature).toBe("");
  });

  test("a repeated payload signs to the same bytes as a fresh signature", () => {
    const message = messages.assign("dev", 10);
    const first = encodeRequest(message, vectors.roles.executor.prvkey);
    const again = encodeRequest(message, vectors.roles.executor.prvkey);
    expect(again).toEqual(first);
    expect(again.signature).toBe(sign(first.payload, vectors.roles.executor.prvkey));
    const byOther = encodeRequest(message, vectors.roles.user.prvkey);
    expect(byOther.signature).toBe(sign(first.payload, vectors.roles.user.prvkey));
    expect(byOther.signature).not.toBe(first.signature);
  });
});

describe("memoised signer recovery", () => {
  test("recovers every vector envelope's signer, also when repeated", () => {
    for (const vector of vectors.messages.filter((m) => m.envelope.signature !== "")) {
      for (let i = 0; i < 2; i++) {
        expect(recoverSignerId(vector.envelope.payload, vector.envelope.signature)).toBe(vector.signerid);
      }
    }
  });

  test("a rejected signature throws every time with the server's text", () => {
    const highS = vectors.rejected[0]!;
    for (let i = 0; i < 2; i++) {
      expect(() => recoverSignerId(highS.message, highS.signature)).toThrow(
        "Signature s value is over half the order",
      );
    }
  });

  test("a different payload with the same signature is recovered afresh", () => {
    const [first] = vectors.messages;
    const other = `${first!.envelope.payload}x`;
    expect(recoverSignerId(other, first!.envelope.signature)).toBe(
      recoverId(other, first!.envelope.signature),
    );
    expect(recoverSignerId(other, first!.envelope.signature)).not.toBe(first!.signerid);
  });
});

describe("reply decoding", () => {
  for (const reply of vectors.replies) {
    test(reply.note, () => {
      const text = JSON.stringify(reply.body);
      const expected = JSON.parse(reply.decodedPayload) as { status?: number; message?: string } | null;
      if (reply.body.error) {
        let caught: unknown;
        try {
          decodeReply(text, reply.http, "assignprocessmsg");
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ColoniesError);
        expect((caught as ColoniesError).status).toBe(expected!.status!);
        expect((caught as ColoniesError).message).toBe(expected!.message!);
        expect((caught as ColoniesError).msgtype).toBe("assignprocessmsg");
      } else {
        expect(decodeReply(text, reply.http)).toEqual(expected);
      }
    });
  }

  test("error envelopes are errors whatever the HTTP status (old servers send status as a string)", () => {
    const body = JSON.stringify({
      payloadtype: "error",
      payload: Buffer.from('{"status":"403","message":"Access denied, not colony owner"}').toString("base64"),
      error: true,
    });
    expect(() => decodeReply(body, 200)).toThrow("Access denied, not colony owner");
    try {
      decodeReply(body, 200);
    } catch (error) {
      expect((error as ColoniesError).status).toBe(403);
    }
  });

  test("the SDK's own error reply round-trips", () => {
    const text = encodeErrorReply(400, "Invalid timeout value, timeout cannot be zero");
    expect(JSON.parse(text)).toEqual({
      payloadtype: "error",
      payload: Buffer.from(
        '{"status":400,"message":"Invalid timeout value, timeout cannot be zero"}',
      ).toString("base64"),
      error: true,
    });
    expect(() => decodeReply(text, 400)).toThrow(
      new ColoniesError(400, "Invalid timeout value, timeout cannot be zero"),
    );
  });

  test("success replies with {} and null decode as such", () => {
    expect(JSON.parse(encodeReply("approveexecutormsg", {})).payload).toBe("e30=");
    expect(JSON.parse(encodeReply("getprocessesmsg", null)).payload).toBe("bnVsbA==");
    expect(decodeReply(encodeReply("getlogsmsg", null), 200)).toBeNull();
  });

  test("a body that is not an envelope names the HTTP status", () => {
    expect(() => decodeReply("<html>Bad gateway</html>", 502)).toThrow(
      "Not a Colonies reply envelope (HTTP 502)",
    );
    expect(() => decodeReply('{"hello":1}', 200)).toThrow("Not a Colonies reply envelope");
  });

  test("an empty body (the real server's getcolonystats quirk) is an error, not a crash", () => {
    expect(() => decodeReply("", 200)).toThrow(ColoniesError);
  });
});

describe("int64 nanosecond fields keep every digit", () => {
  for (const v of vectors.prioritytime) {
    test(`prioritytime ${v.prioritytime} (priority ${v.priority})`, () => {
      const text = `{"processid":"p","prioritytime":${v.prioritytime},"state":0}`;
      const process = parseJson(text) as { prioritytime: bigint; state: number };
      expect(process.prioritytime).toBe(BigInt(v.prioritytime));
      expect(process.state).toBe(0);
      expect(stringifyJson(process)).toBe(text);
      // through a full reply envelope, as a client sees it
      const decoded = decodeReply(encodeReply("getprocessmsg", process), 200) as { prioritytime: bigint };
      expect(decoded.prioritytime.toString()).toBe(v.prioritytime);
    });
  }

  test("log timestamps and lists of logs", () => {
    const logs = decodeReply(
      encodeReply("getlogsmsg", [
        {
          processid: "p",
          colonyname: "dev",
          executorname: "e",
          message: "m",
          timestamp: 1726223099123456789n,
        },
      ]),
      200,
    ) as Array<{ timestamp: bigint }>;
    expect(logs[0]!.timestamp).toBe(1726223099123456789n);
  });

  test("getlogsmsg since is written as a bare integer and read back exactly by a server", () => {
    const message = messages.getLogs({
      colonyname: "dev",
      processid: "p",
      count: 10,
      since: 1726223099123456789n,
    });
    const envelope = encodeRequest(message, vectors.roles.user.prvkey);
    expect(decodeBase64(envelope.payload)).toContain('"since":1726223099123456789,');
    expect((decodePayload(envelope.payload) as { since: bigint }).since).toBe(1726223099123456789n);
  });

  test("user data named like an int64 field stays a plain number", () => {
    const text = '{"processid":"p","prioritytime":5,"spec":{"kwargs":{"timestamp":7,"since":8}}}';
    const value = parseJson(text) as {
      prioritytime: bigint;
      spec: { kwargs: { timestamp: number; since: number } };
    };
    expect(value.prioritytime).toBe(5n);
    expect(value.spec.kwargs.timestamp).toBe(7);
    expect(value.spec.kwargs.since).toBe(8);
  });
});

describe("configuration from the environment", () => {
  const key = vectors.roles.user.prvkey;

  test("defaults for the embedded server", () => {
    expect(loadColoniesConfig({})).toEqual({ host: "localhost", port: 50080, tls: false, colonyName: "dev" });
  });

  test("every variable is read", () => {
    const config = loadColoniesConfig({
      COLONIES_SERVER_HOST: "colonies.example",
      COLONIES_SERVER_PORT: "8080",
      COLONIES_TLS: "true",
      COLONIES_COLONY_NAME: "prod",
      COLONIES_COLONY_PRVKEY: vectors.roles.colony.prvkey,
      COLONIES_PRVKEY: key,
      COLONIES_SERVER_PRVKEY: vectors.roles.server.prvkey,
      COLONIES_EXECUTOR_NAME: "exec-1",
      COLONIES_EXECUTOR_TYPE: "anomaly-executor",
    });
    expect(config).toEqual({
      host: "colonies.example",
      port: 8080,
      tls: true,
      colonyName: "prod",
      colonyPrvkey: vectors.roles.colony.prvkey,
      prvkey: key,
      serverPrvkey: vectors.roles.server.prvkey,
      executorName: "exec-1",
      executorType: "anomaly-executor",
    });
  });

  test("COLONIES_SERVER_HTTP_PORT wins over COLONIES_SERVER_PORT", () => {
    expect(loadColoniesConfig({ COLONIES_SERVER_HTTP_PORT: "1234", COLONIES_SERVER_PORT: "5678" }).port).toBe(
      1234,
    );
  });

  test("pycolonies' COLONIES_SERVER_TLS is honoured", () => {
    expect(loadColoniesConfig({ COLONIES_SERVER_TLS: "true" }).tls).toBe(true);
    expect(loadColoniesConfig({ COLONIES_SERVER_TLS: "false", COLONIES_TLS: "false" }).tls).toBe(false);
  });

  const badValues: Array<[string, Record<string, string>]> = [
    ["COLONIES_SERVER_PORT", { COLONIES_SERVER_PORT: "eighty" }],
    ["COLONIES_SERVER_HTTP_PORT", { COLONIES_SERVER_HTTP_PORT: "70000" }],
    ["COLONIES_TLS", { COLONIES_TLS: "yes" }],
    ["COLONIES_SERVER_TLS", { COLONIES_SERVER_TLS: "1" }],
    ["COLONIES_TLS", { COLONIES_TLS: "true", COLONIES_SERVER_TLS: "false" }],
    ["COLONIES_PRVKEY", { COLONIES_PRVKEY: "not-a-key" }],
    ["COLONIES_COLONY_PRVKEY", { COLONIES_COLONY_PRVKEY: "ab" }],
    ["COLONIES_SERVER_PRVKEY", { COLONIES_SERVER_PRVKEY: "0".repeat(64) }],
  ];
  test.each(badValues)("a malformed value names %s (%j)", (variable, env) => {
    let caught: unknown;
    try {
      loadColoniesConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ColoniesConfigError);
    expect((caught as ColoniesConfigError).variable).toBe(variable);
    expect((caught as Error).message).toContain(variable);
  });

  const missing: Array<
    [string, "prvkey" | "colonyPrvkey" | "serverPrvkey" | "executorName" | "executorType"]
  > = [
    ["COLONIES_PRVKEY", "prvkey"],
    ["COLONIES_COLONY_PRVKEY", "colonyPrvkey"],
    ["COLONIES_SERVER_PRVKEY", "serverPrvkey"],
    ["COLONIES_EXECUTOR_NAME", "executorName"],
    ["COLONIES_EXECUTOR_TYPE", "executorType"],
  ];
  test.each(missing)("requireKeys names the missing %s", (variable, setting) => {
    expect(() => requireKeys(loadColoniesConfig({}), setting)).toThrow(`${variable} is not set`);
  });

  test("requireKeys passes present settings through", () => {
    const config = requireKeys(loadColoniesConfig({ COLONIES_PRVKEY: key }), "prvkey");
    expect(config.prvkey).toBe(key);
  });
});

describe("funcSpec", () => {
  test("pycolonies func_spec defaults", () => {
    const spec = funcSpec({
      funcname: "anomaly",
      args: ["ts-1", "ts-1"],
      kwargs: { db: "http://127.0.0.1:8000" },
      colonyname: "dev",
      executortype: "anomaly-executor",
    });
    expect(spec).toEqual({
      nodename: "anomaly",
      funcname: "anomaly",
      args: ["ts-1", "ts-1"],
      kwargs: { db: "http://127.0.0.1:8000" },
      priority: 1,
      maxwaittime: -1,
      maxexectime: -1,
      maxretries: -1,
      conditions: {
        colonyname: "dev",
        executornames: null,
        executortype: "anomaly-executor",
        dependencies: [],
        nodes: 0,
        cpu: "",
        processes: 0,
        processespernode: 0,
        mem: "",
        storage: "",
        gpu: { name: "", mem: "", count: 0, nodecount: 0 },
        walltime: 0,
      },
      label: "",
      fs: { mount: "", snapshots: null, dirs: null },
      env: {},
      channels: [],
    });
  });

  test("overrides", () => {
    const spec = funcSpec({
      funcname: "f",
      colonyname: "dev",
      executortype: "t",
      priority: -5,
      maxexectime: 30,
      maxretries: 3,
      maxwaittime: 60,
      label: "batch",
      executornames: ["e1"],
    });
    expect([spec.priority, spec.maxexectime, spec.maxretries, spec.maxwaittime, spec.label]).toEqual([
      -5,
      30,
      3,
      60,
      "batch",
    ]);
    expect(spec.conditions.executornames).toEqual(["e1"]);
    expect(spec.args).toEqual([]);
    expect(spec.kwargs).toEqual({});
  });

  test("values the server would refuse or misread are rejected early", () => {
    const base = { funcname: "f", colonyname: "dev", executortype: "t" };
    expect(() => funcSpec({ ...base, priority: 50_001 })).toThrow(
      "priority must be an integer in [-50000, 50000]",
    );
    expect(() => funcSpec({ ...base, priority: 1.5 })).toThrow(RangeError);
    expect(() => funcSpec({ ...base, maxexectime: 0 })).toThrow("use -1 for no limit");
    expect(() => funcSpec({ ...base, maxretries: -2 })).toThrow("maxretries must be an integer ≥ -1");
    expect(() => funcSpec({ ...base, maxwaittime: 2.5 })).toThrow("maxwaittime");
  });
});
