/**
 * The OpenAPI document is the contract (issue 16): a `bun server.ts` store, with write tokens and without,
 * is driven with requests generated from its own /docs/json. Valid requests come from the parameter and body
 * schemas (fast-check, seeded), invalid ones by mutating a valid one; the document itself (ajv) says which a
 * mutant is. The run fails on a valid request refused, an invalid one accepted, any 5xx, a status the
 * operation does not declare, or an answer whose body does not match its declared schema. Rules JSON Schema
 * cannot state come from the document too (each operation's `x-rules`): request rules are kept by the
 * generator (test/support/contract-rules.ts) and a mutant breaking one must be refused; a 422 on a valid
 * request must name (`rule`) a stored-state rule the operation declares.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { request as httpRequest } from "node:http";
import Ajv, { type ValidateFunction } from "ajv";
import fc from "fast-check";
import {
  type ContractRequest,
  type DeclaredRule,
  REQUEST_RULE_ORACLES,
  requestRules,
} from "../support/contract-rules.ts";
import { type JsonSchema, schemaArbitrary, strangers } from "../support/schema-arbitrary.ts";
import { spawnServer, tempDir } from "../support/store.ts";
import { testDatabase } from "../support/store-backend.ts";

interface Parameter {
  name: string;
  in: "path" | "query";
  required?: boolean;
  schema?: JsonSchema;
  content?: { "application/json": { schema: JsonSchema } };
}
interface MediaType {
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<
    string,
    { description?: string; content?: Record<string, MediaType>; headers?: Record<string, unknown> }
  >;
  security?: unknown[];
  "x-rules"?: DeclaredRule[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes?: Record<string, unknown>; responses?: Record<string, unknown> };
}

const TOKEN = "contract-token";
const RUNS = 200;
const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE"];

const ajv = new Ajv({ strict: false });
ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
ajv.addFormat("binary", () => true);
const compiled = new Map<object, ValidateFunction>();
function valid(schema: JsonSchema, value: unknown): boolean {
  const check = compiled.get(schema) ?? ajv.compile(schema);
  compiled.set(schema, check);
  return check(value) as boolean;
}

/** One generated request: the cross-field view plus how it goes on the wire. */
interface WireRequest extends ContractRequest {
  method: string;
  template: string;
  /** Raw body bytes with their type (segments), or JSON text that may be malformed (mutants). */
  raw?: { type: string; bytes: Uint8Array | string };
  token: "right" | "none" | "wrong";
}

interface Draw {
  pathValues: Record<string, { value: string; pool: number | undefined }>;
  query: Record<string, string | undefined>;
  body: unknown;
  mutation: Mutation | null;
}

interface Mutation {
  kind: "path" | "query" | "drop-query" | "body" | "drop-property" | "extra-property" | "malformed" | "token";
  pick: number;
  stranger: unknown;
  text: string;
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(
    "path",
    "query",
    "drop-query",
    "body",
    "drop-property",
    "extra-property",
    "malformed",
    "token",
  ),
  pick: fc.nat(),
  stranger: fc.constantFrom(...strangers),
  text: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom("", " ", "-1", "0", "1.5", "1e3", "00", "TRUE "),
  ),
});

function parameterSchema(parameter: Parameter): JsonSchema {
  return parameter.content?.["application/json"].schema ?? parameter.schema!;
}

function drawArbitrary(operation: Operation): fc.Arbitrary<Draw> {
  const parameters = operation.parameters ?? [];
  const pathValues: Record<string, fc.Arbitrary<{ value: string; pool: number | undefined }>> = {};
  const query: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const parameter of parameters) {
    const value = schemaArbitrary(parameterSchema(parameter)).map((v) =>
      parameter.content ? JSON.stringify(v) : String(v),
    );
    if (parameter.in === "path") {
      pathValues[parameter.name] = fc.record({ value, pool: fc.option(fc.nat(), { nil: undefined }) });
    } else {
      query[parameter.name] = parameter.required ? value : fc.option(value, { nil: undefined });
    }
  }
  const media = operation.requestBody?.content ?? {};
  const body: fc.Arbitrary<unknown> = media["application/json"]?.schema
    ? schemaArbitrary(media["application/json"].schema)
    : media["application/octet-stream"]
      ? fc.uint8Array({ maxLength: 48 })
      : fc.constant(undefined);
  return fc.record({
    pathValues: fc.record(pathValues),
    query: fc.record(query),
    body: operation.requestBody?.required === false ? fc.option(body, { nil: undefined }) : body,
    mutation: fc.oneof(fc.constant(null), mutationArbitrary),
  });
}

/** Values the run has stored (ids of PUTs answered 2xx), so later requests reach stored series. */
const pools = new Map<string, string[]>();

function buildRequest(key: string, operation: Operation, draw: Draw): WireRequest {
  const [method, template] = key.split(" ") as [string, string];
  const pathValues: Record<string, string> = {};
  for (const [name, { value, pool }] of Object.entries(draw.pathValues)) {
    const known = pools.get(name) ?? [];
    pathValues[name] = pool !== undefined && known.length > 0 ? known[pool % known.length]! : value;
  }
  const query = Object.fromEntries(
    Object.entries(draw.query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const request: WireRequest = {
    operation: key,
    method,
    template,
    pathValues,
    query,
    token: operation.security ? "right" : "none",
  };
  if (draw.body instanceof Uint8Array) request.raw = { type: "application/octet-stream", bytes: draw.body };
  else if (draw.body !== undefined) request.json = structuredClone(draw.body);
  for (const rule of requestRules(operation["x-rules"])) rule.repair(request);
  if (draw.mutation) mutate(request, operation, draw.mutation);
  return request;
}

/** The objects inside a JSON value, each with its place, for a mutation to pick from. */
function objectsIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objectsIn(item, out);
  else if (typeof value === "object" && value !== null) {
    out.push(value as Record<string, unknown>);
    for (const inner of Object.values(value)) objectsIn(inner, out);
  }
  return out;
}

function mutate(request: WireRequest, operation: Operation, mutation: Mutation): void {
  const parameters = operation.parameters ?? [];
  const inPath = parameters.filter((p) => p.in === "path");
  const inQuery = parameters.filter((p) => p.in === "query");
  const { pick, stranger, text } = mutation;
  switch (mutation.kind) {
    case "path": {
      // "", "." and ".." would change the route itself (URL parsers resolve dot segments).
      const parameter = inPath[pick % Math.max(1, inPath.length)];
      if (parameter && !["", ".", ".."].includes(text)) request.pathValues[parameter.name] = text;
      return;
    }
    case "query": {
      const parameter = inQuery[pick % Math.max(1, inQuery.length)];
      if (parameter) request.query[parameter.name] = text;
      return;
    }
    case "drop-query": {
      const parameter = inQuery[pick % Math.max(1, inQuery.length)];
      if (parameter) delete request.query[parameter.name];
      return;
    }
    case "token":
      if (request.token === "right") request.token = pick % 2 === 0 ? "none" : "wrong";
      return;
    case "malformed":
      if (request.json !== undefined)
        request.raw = { type: "application/json", bytes: `${JSON.stringify(request.json)}}` };
      return;
  }
  if (request.json === undefined) return;
  const objects = objectsIn(request.json);
  if (mutation.kind === "body") {
    const target = objects[pick % Math.max(1, objects.length)];
    const keys = target ? Object.keys(target) : [];
    if (target && keys.length > 0) target[keys[pick % keys.length]!] = structuredClone(stranger);
    else request.json = structuredClone(stranger);
  } else if (mutation.kind === "drop-property") {
    const target = objects[pick % Math.max(1, objects.length)];
    const keys = target ? Object.keys(target) : [];
    if (target && keys.length > 0) delete target[keys[pick % keys.length]!];
  } else {
    const target = objects[pick % Math.max(1, objects.length)];
    if (target) target[`unknown_${text.replace(/\W/g, "")}`] = 1;
  }
}

/** What the document (its schemas and request rules) says of a request; null when valid, else why not. */
function invalidBecause(request: WireRequest, operation: Operation, tokensOn: boolean): string | null {
  if (tokensOn && operation.security && request.token !== "right") return "token";
  for (const parameter of operation.parameters ?? []) {
    const value =
      parameter.in === "path" ? request.pathValues[parameter.name] : request.query[parameter.name];
    if (value === undefined) {
      if (parameter.required) return `missing ${parameter.in} ${parameter.name}`;
      continue;
    }
    let parsed: unknown = value;
    if (parameter.content) {
      try {
        parsed = JSON.parse(value);
      } catch {
        return `${parameter.name} is not JSON`;
      }
    }
    if (!valid(parameterSchema(parameter), parsed)) return `${parameter.in} ${parameter.name}`;
  }
  const content = operation.requestBody?.content;
  if (content) {
    if (request.raw) {
      if (!content[request.raw.type]) return `content type ${request.raw.type}`;
      if (typeof request.raw.bytes === "string") return "malformed JSON";
    } else if (request.json === undefined) {
      if (operation.requestBody?.required !== false) return "missing body";
    } else if (!valid(content["application/json"]!.schema!, request.json)) return "body";
  }
  return requestRules(operation["x-rules"]).every((rule) => rule.holds(request)) ? null : "request rule";
}

async function send(base: string, request: WireRequest) {
  let path = request.template;
  for (const [name, value] of Object.entries(request.pathValues)) {
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  const query = Object.entries(request.query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  const headers: Record<string, string> = {};
  if (request.token === "right") headers.authorization = `Bearer ${TOKEN}`;
  if (request.token === "wrong") headers.authorization = `Bearer not-${TOKEN}`;
  let body: BodyInit | undefined;
  if (request.raw) {
    headers["content-type"] = request.raw.type;
    body = request.raw.bytes as BodyInit;
  } else if (request.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(request.json);
  }
  const response = await fetch(`${base}${path}${query ? `?${query}` : ""}`, {
    method: request.method,
    headers,
    body,
  });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function describeRequest(request: WireRequest): string {
  const { method, template, pathValues, query, json, raw, token } = request;
  const shown = JSON.stringify({ pathValues, query, json, raw: raw && { type: raw.type }, token });
  return `${method} ${template} ${shown.length > 600 ? `${shown.slice(0, 600)}...` : shown}`;
}

/** Checks one answer against the operation's declared responses; throws naming what is wrong. */
function checkAnswer(
  request: WireRequest,
  operation: Operation,
  why: string | null,
  status: number,
  type: string,
  bytes: Uint8Array,
): void {
  const fail = (problem: string) => {
    throw new Error(
      `${problem}\n  request: ${describeRequest(request)}\n  answer ${status}: ${new TextDecoder().decode(bytes).slice(0, 300)}`,
    );
  };
  if (status >= 500) fail("5xx");
  const declared = operation.responses[String(status)];
  if (!declared) fail(`status ${status} is not declared for ${request.operation}`);
  const mediaType = type.split(";")[0]!.trim();
  const media = declared!.content?.[mediaType];
  if (declared!.content && !media) fail(`content type ${type} is not declared for ${status}`);
  let reply: unknown;
  if (mediaType === "application/json") {
    reply = JSON.parse(new TextDecoder().decode(bytes));
    if (media?.schema && !valid(media.schema, reply)) {
      fail(
        `the ${status} body does not match its schema: ${ajv.errorsText(compiled.get(media.schema)!.errors)}`,
      );
    }
  }
  const rule = (reply as { rule?: string } | undefined)?.rule;
  if (why === null) {
    if (status === 401 || status === 413 || status === 415) fail(`a valid request was refused (${status})`);
    const stored = operation["x-rules"]?.some(
      (declared) => declared.id === rule && declared.kind === "stored",
    );
    if (status === 422 && !stored)
      fail("a valid request was refused (422) by no stored-state rule it declares");
  } else {
    if (status < 400) fail(`an invalid request (${why}) was accepted`);
    if (why === "token" && status !== 401) fail(`a write without the right token got ${status}, not 401`);
  }
}

async function startContractServer(tokensOn: boolean) {
  const dir = tempDir("store-contract-");
  const database = await testDatabase(dir.path, tokensOn ? "contract-tokens" : "contract-open");
  const server = await spawnServer({ ...database.env, ...(tokensOn ? { STORE_TOKEN: TOKEN } : {}) });
  const document = (await (await fetch(`${server.url}/docs/json`)).json()) as OpenApiDocument;
  return {
    url: server.url,
    document,
    async stop() {
      server.process.kill();
      await server.process.exited;
      dir.remove();
    },
  };
}

/** TRACE through node:http: fetch drops the body of a TRACE answer. */
function rawRequest(url: string, method: string): Promise<{ status: number; allow: string; body: string }> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(url, { method }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode!, allow: String(response.headers.allow ?? ""), body }),
      );
    });
    call.on("error", reject);
    call.end();
  });
}

for (const tokensOn of [false, true]) {
  describe(`the OpenAPI document is the contract (tokens ${tokensOn ? "on" : "off"})`, () => {
    let store: Awaited<ReturnType<typeof startContractServer>>;
    beforeAll(async () => {
      store = await startContractServer(tokensOn);
      pools.clear();
    });
    afterAll(() => store.stop());

    test("bearer security and 401 are declared on exactly the writes when tokens are on, nowhere when off", () => {
      const { paths, components } = store.document;
      expect(components.securitySchemes !== undefined).toBe(tokensOn);
      for (const [path, item] of Object.entries(paths)) {
        for (const [method, operation] of Object.entries(item)) {
          const write = ["put", "patch", "delete", "post"].includes(method);
          expect({ at: `${method} ${path}`, security: operation.security !== undefined }).toEqual({
            at: `${method} ${path}`,
            security: tokensOn && write,
          });
          expect("401" in operation.responses).toBe(tokensOn && write);
        }
      }
    });

    test("the rules beyond the schemas are declared in the document, each with a 422 naming it", () => {
      const declared = Object.values(store.document.paths).flatMap((item) =>
        Object.values(item).flatMap((operation) => {
          const rules = operation["x-rules"] ?? [];
          if (rules.length > 0) expect(operation.responses["422"]?.description).toContain(rules[0]!.id);
          return rules;
        }),
      );
      // Every oracle keeps a rule the document declares (requestRules fails on a declared one it lacks).
      const requestIds = new Set(declared.filter((rule) => rule.kind === "request").map((rule) => rule.id));
      expect([...requestIds].sort()).toEqual(Object.keys(REQUEST_RULE_ORACLES).sort());
      expect(declared.some((rule) => rule.kind === "stored")).toBe(true);
    });

    test("a series' GET documents both answers: JSON and the values as float64 bytes", () => {
      const get = store.document.paths["/timeseries/{ts_id}"]!.get!;
      const content = (get.responses["200"] as unknown as { content: Record<string, unknown> }).content;
      expect(Object.keys(content).sort()).toEqual(["application/json", "application/octet-stream"]);
      expect(JSON.stringify(get)).not.toContain("x-alternative-200-content");
    });

    test(`every operation, driven with ${RUNS} generated requests, answers as the document says`, async () => {
      const operations = Object.entries(store.document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          operation,
        })),
      );
      const byKey = new Map(operations.map(({ key, operation }) => [key, operation]));
      // Counterexamples name the operation by its key (the operation object itself is long).
      const arbitrary = fc.oneof(
        ...operations.map(({ key, operation }) => drawArbitrary(operation).map((draw) => ({ key, draw }))),
      );
      const seen = new Map<string, Set<number>>();
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ key, draw }) => {
          const operation = byKey.get(key)!;
          const request = buildRequest(key, operation, draw);
          const why = invalidBecause(request, operation, tokensOn);
          const { response, bytes } = await send(store.url, request);
          checkAnswer(
            request,
            operation,
            why,
            response.status,
            response.headers.get("content-type") ?? "",
            bytes,
          );
          if (request.method === "PUT" && response.status < 300) {
            for (const [name, value] of Object.entries(request.pathValues)) {
              const pool = pools.get(name) ?? [];
              if (!pool.includes(value)) pools.set(name, [...pool, value]);
            }
          }
          seen.set(key, (seen.get(key) ?? new Set()).add(response.status));
        }),
        { seed: tokensOn ? 1603 : 16, numRuns: RUNS, endOnFailure: true },
      );
      // Every operation was driven, and the run reached stored data (2xx beyond the writes themselves).
      expect([...seen.keys()].sort()).toEqual(operations.map((o) => o.key).sort());
      expect(seen.get("GET /timeseries/{ts_id}")?.has(200)).toBe(true);
    }, 120_000);

    // Once is enough: with tokens on, the same requests would only add a token.
    if (!tokensOn)
      test("the issue's examples: each answer agrees with the document", async () => {
        const answer = async (method: string, path: string, body?: unknown) => {
          const response = await fetch(`${store.url}${path}`, {
            method,
            headers: body === undefined ? {} : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return { status: response.status, text: await response.text() };
        };
        const query = store.document.paths["/timeseries/"]!.get!.parameters!;
        const anomalies = query.find((p) => p.name === "anomalies")!.schema!;
        expect(valid(anomalies, "")).toBe(true);
        expect((await answer("GET", "/timeseries/?anomalies=&anomalies_only=")).status).toBe(200);

        await answer("PUT", "/timeseries/issue-16", { ts_id: "issue-16", process_id: "", data: [] });
        const patch = store.document.paths["/timeseries/{ts_id}/anomaly"]!.patch!;
        const alternatives = patch.requestBody!.content["application/json"]!.schema!.oneOf as JsonSchema[];
        expect(alternatives.map((schema) => valid(schema, { process_id: "p" }))).toEqual([false, true]);
        expect(alternatives.map((schema) => valid(schema, { anomaly: true }))).toEqual([true, false]);
        const detailOnly = await answer("PATCH", "/timeseries/issue-16/anomaly", { process_id: "p" });
        expect(detailOnly.status).toBe(422);
        expect(detailOnly.text).toContain("anomaly is required");
        expect(
          (await answer("PATCH", "/timeseries/issue-16/anomaly?anomaly=true", { process_id: "p" })).status,
        ).toBe(200);

        const patchRecording = store.document.paths["/recordings/{id}"]!.patch!;
        const closed = patchRecording.requestBody!.content["application/json"]!.schema!;
        expect(closed.additionalProperties).toBe(false);
        expect((await answer("PATCH", "/recordings/nothing", { complete: false, extra: 1 })).status).toBe(
          422,
        );
        // Elysia's t.Integer would take integer text; the document says integer, and so does the server.
        expect(valid(closed, { total_samples: "5" })).toBe(false);
        expect((await answer("PATCH", "/recordings/nothing", { total_samples: "5" })).status).toBe(422);
      });

    test("a method a documented path lacks answers 405 with Allow listing the document's methods", async () => {
      for (const [path, item] of Object.entries(store.document.paths)) {
        const documented = Object.keys(item).map((m) => m.toUpperCase());
        const allow = [...documented, ...(documented.includes("GET") ? ["HEAD"] : [])].sort().join(", ");
        const concrete = path.replace(/\{[^}]+\}/g, "x1");
        for (const method of HTTP_METHODS.filter((m) => !documented.includes(m))) {
          const answer = await rawRequest(`${store.url}${concrete}`, method);
          expect({ method, path, status: answer.status, allow: answer.allow }).toEqual({
            method,
            path,
            status: 405,
            allow,
          });
          expect(JSON.parse(answer.body).detail).toContain(`Method ${method} is not allowed`);
        }
      }
      expect(store.document.components.responses).toHaveProperty("MethodNotAllowed");
      const unknown = await fetch(`${store.url}/no/such/path`, { method: "DELETE" });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ detail: "Not Found" });
    });
  });
}
