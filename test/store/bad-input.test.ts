import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  MAX_BODY_BYTES,
  MAX_POINTS,
  MAX_PROCESS_ID_LENGTH,
  MAX_TIME_LENGTH,
} from "../../lib/timeseries/limits.ts";
import { sineBody, startTestStore, type TestStore } from "../support/store.ts";

interface BadRequest {
  name: string;
  method: "PUT" | "GET" | "PATCH" | "DELETE";
  path: string;
  body?: string | (() => ReadableStream<Uint8Array>);
  status: number;
  /** A phrase the detail must contain (it says what is wrong). */
  detail?: string;
}

const id = "victim";
const url = `/timeseries/${id}`;
const point = '{"time":"0.0","value":1.5}';
const put = (fields: string) => `{"ts_id":"${id}","process_id":"p",${fields}}`;
const withData = (points: string) => put(`"data":[${points}]`);
const many = (count: number) => Array.from({ length: count }, () => point).join(",");

function chunkedStream(bytes: number): () => ReadableStream<Uint8Array> {
  return () =>
    new ReadableStream({
      start(controller) {
        const chunk = new Uint8Array(1024 * 1024).fill(0x20);
        for (let sent = 0; sent < bytes; sent += chunk.length) controller.enqueue(chunk);
        controller.close();
      },
    });
}

const cases: BadRequest[] = [
  {
    name: "malformed JSON",
    method: "PUT",
    path: url,
    body: '{"ts_id": "victim", ',
    status: 422,
    detail: "Malformed JSON",
  },
  {
    name: "bare NaN token",
    method: "PUT",
    path: url,
    body: withData('{"time":"0","value":NaN}'),
    status: 422,
    detail: "NaN",
  },
  {
    name: "bare Infinity token",
    method: "PUT",
    path: url,
    body: withData('{"time":"0","value":Infinity}'),
    status: 422,
    detail: "finite",
  },
  {
    name: "bare -Infinity token",
    method: "PUT",
    path: url,
    body: withData('{"time":"0","value":-Infinity}'),
    status: 422,
    detail: "finite",
  },
  {
    name: "number overflowing to Infinity",
    method: "PUT",
    path: url,
    body: withData('{"time":"0","value":1e999}'),
    status: 422,
    detail: "data[0].value: Expected a finite number",
  },
  {
    name: "value as a numeric string",
    method: "PUT",
    path: url,
    body: withData('{"time":"0","value":"1.5"}'),
    status: 422,
    detail: "data[0].value",
  },
  {
    name: "value as the string NaN",
    method: "PUT",
    path: url,
    body: withData(`${point},{"time":"0","value":"NaN"}`),
    status: 422,
    detail: "data[1].value",
  },
  {
    name: "value null",
    method: "PUT",
    path: url,
    body: withData('{"time":"0","value":null}'),
    status: 422,
    detail: "data[0].value",
  },
  {
    name: "value boolean",
    method: "PUT",
    path: url,
    body: withData('{"time":"0","value":true}'),
    status: 422,
    detail: "data[0].value",
  },
  {
    name: "point without value",
    method: "PUT",
    path: url,
    body: withData('{"time":"0"}'),
    status: 422,
    detail: "data[0].value",
  },
  {
    name: "time as a number",
    method: "PUT",
    path: url,
    body: withData('{"time":0.5,"value":1}'),
    status: 422,
    detail: "data[0].time",
  },
  {
    name: "time too long",
    method: "PUT",
    path: url,
    body: withData(`{"time":"${"9".repeat(MAX_TIME_LENGTH + 1)}","value":1}`),
    status: 422,
    detail: "data[0].time",
  },
  {
    name: "missing data",
    method: "PUT",
    path: url,
    body: put('"anomaly":false'),
    status: 422,
    detail: "body.data",
  },
  {
    name: "data is an object",
    method: "PUT",
    path: url,
    body: put(`"data":${point}`),
    status: 422,
    detail: "body.data",
  },
  { name: "body is an array", method: "PUT", path: url, body: `[${point}]`, status: 422, detail: "body" },
  { name: "body is a string", method: "PUT", path: url, body: '"hello"', status: 422, detail: "body" },
  { name: "empty body", method: "PUT", path: url, body: "", status: 422, detail: "body." },
  {
    name: "missing ts_id",
    method: "PUT",
    path: url,
    body: `{"process_id":"p","data":[${point}]}`,
    status: 422,
    detail: "body.ts_id",
  },
  {
    name: "missing process_id",
    method: "PUT",
    path: url,
    body: `{"ts_id":"${id}","data":[${point}]}`,
    status: 422,
    detail: "body.process_id",
  },
  {
    name: "process_id a number",
    method: "PUT",
    path: url,
    body: `{"ts_id":"${id}","process_id":5678,"data":[]}`,
    status: 422,
    detail: "body.process_id",
  },
  {
    name: "process_id too long",
    method: "PUT",
    path: url,
    body: `{"ts_id":"${id}","process_id":"${"a".repeat(MAX_PROCESS_ID_LENGTH + 1)}","data":[]}`,
    status: 422,
    detail: "body.process_id",
  },
  {
    name: "anomaly as a string",
    method: "PUT",
    path: url,
    body: put(`"data":[${point}],"anomaly":"true"`),
    status: 422,
    detail: "body.anomaly",
  },
  {
    name: "ts_id differs from the path",
    method: "PUT",
    path: url,
    body: `{"ts_id":"other","process_id":"p","data":[]}`,
    status: 422,
    detail: "differs from the id in the path",
  },
  {
    name: "id over 128 characters",
    method: "PUT",
    path: `/timeseries/${"a".repeat(129)}`,
    body: `{"ts_id":"${"a".repeat(129)}","process_id":"","data":[]}`,
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "id with a space",
    method: "PUT",
    path: "/timeseries/a%20b",
    body: `{"ts_id":"a b","process_id":"","data":[]}`,
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "id with a slash",
    method: "PUT",
    path: "/timeseries/a%2Fb",
    body: `{"ts_id":"a/b","process_id":"","data":[]}`,
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "id with non-ASCII letters",
    method: "PUT",
    path: "/timeseries/%C3%A5%C3%A4",
    body: `{"ts_id":"åä","process_id":"","data":[]}`,
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "id starting with a dot",
    method: "PUT",
    path: "/timeseries/.hidden",
    body: `{"ts_id":".hidden","process_id":"","data":[]}`,
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "id .. percent-encoded (URL parsers resolve it to /: no route)",
    method: "PUT",
    path: "/timeseries/%2E%2E",
    body: `{"ts_id":"..","process_id":"","data":[]}`,
    status: 404,
    detail: "Not Found",
  },
  {
    name: "id with a quote",
    method: "PUT",
    path: "/timeseries/a'b",
    body: `{"ts_id":"a'b","process_id":"","data":[]}`,
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "empty id (the list's path, which has no PUT)",
    method: "PUT",
    path: "/timeseries/",
    body: `{"ts_id":"","process_id":"","data":[]}`,
    status: 405,
    detail: "Method PUT is not allowed here",
  },
  {
    name: `more than ${MAX_POINTS} points`,
    method: "PUT",
    path: url,
    body: withData(many(MAX_POINTS + 1)),
    status: 422,
    detail: `${MAX_POINTS}`,
  },
  {
    name: "body over the size limit (content-length)",
    method: "PUT",
    path: url,
    body: withData(point) + " ".repeat(MAX_BODY_BYTES),
    status: 413,
    detail: `limit is ${MAX_BODY_BYTES} bytes`,
  },
  {
    name: "body over the size limit (chunked)",
    method: "PUT",
    path: url,
    body: chunkedStream(MAX_BODY_BYTES + 1),
    status: 413,
  },
  {
    name: "GET with an unsafe id",
    method: "GET",
    path: "/timeseries/a%20b",
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "DELETE with an unsafe id",
    method: "DELETE",
    path: "/timeseries/a%2Fb",
    status: 422,
    detail: "path.ts_id",
  },
  {
    name: "PATCH anomaly not a boolean (query)",
    method: "PATCH",
    path: `${url}/anomaly?anomaly=maybe`,
    status: 422,
    detail: "anomaly: Expected a boolean",
  },
  {
    name: "PATCH anomaly empty (query)",
    method: "PATCH",
    path: `${url}/anomaly?anomaly=`,
    status: 422,
    detail: "anomaly",
  },
  {
    name: "PATCH anomaly a string (body)",
    method: "PATCH",
    path: `${url}/anomaly`,
    body: '{"anomaly":"yes"}',
    status: 422,
    detail: "body.anomaly",
  },
  {
    name: "PATCH anomaly a number (body)",
    method: "PATCH",
    path: `${url}/anomaly`,
    body: '{"anomaly":1}',
    status: 422,
    detail: "body.anomaly",
  },
  {
    name: "PATCH anomaly null (body)",
    method: "PATCH",
    path: `${url}/anomaly`,
    body: '{"anomaly":null}',
    status: 422,
    detail: "body.anomaly",
  },
  {
    name: "PATCH without anomaly",
    method: "PATCH",
    path: `${url}/anomaly?process_id=5678`,
    status: 422,
    detail: "anomaly is required",
  },
  {
    name: "PATCH kl_divergence not a number (query)",
    method: "PATCH",
    path: `${url}/anomaly?anomaly=true&kl_divergence=abc`,
    status: 422,
    detail: "kl_divergence",
  },
  {
    name: "PATCH kl_divergence Infinity (body)",
    method: "PATCH",
    path: `${url}/anomaly`,
    body: '{"anomaly":true,"kl_divergence":1e999}',
    status: 422,
    detail: "body.kl_divergence",
  },
  {
    name: "PATCH malformed JSON",
    method: "PATCH",
    path: `${url}/anomaly`,
    body: '{"anomaly":tru',
    status: 422,
    detail: "Malformed JSON",
  },
  {
    name: "list with anomalies not a boolean",
    method: "GET",
    path: "/timeseries/?anomalies=maybe",
    status: 422,
    detail: "anomalies",
  },
  { name: "list with limit 0", method: "GET", path: "/timeseries/?limit=0", status: 422, detail: "limit" },
  {
    name: "list with limit over the maximum",
    method: "GET",
    path: "/timeseries/?limit=10001",
    status: 422,
    detail: "limit",
  },
  {
    name: "list with a foreign cursor",
    method: "GET",
    path: "/timeseries/?cursor=abc",
    status: 422,
    detail: "cursor",
  },
];

let store: TestStore;
let before: { series: string; list: string; health: string };

async function snapshot() {
  return {
    series: await (await fetch(`${store.url}${url}`)).text(),
    list: await (await fetch(`${store.url}/timeseries/`)).text(),
    health: await (await fetch(`${store.url}/health`)).text(),
  };
}

beforeAll(async () => {
  store = await startTestStore();
  await store.client.put(sineBody(id, 100, "p0"));
  await store.client.setAnomaly(id, { anomaly: true, kl_divergence: 0.25 });
  before = await snapshot();
});
afterAll(() => store.close());

test(`the table has at least 30 bad requests (${cases.length})`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
});

test.each(cases.map((c) => [c.name, c] as const))("%s: 4xx with a message", async (_name, bad) => {
  const body = typeof bad.body === "function" ? bad.body() : bad.body;
  const response = await fetch(store.url + bad.path, {
    method: bad.method,
    body,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
  });
  expect(response.status).toBe(bad.status);
  const text = await response.text();
  if (bad.detail !== undefined) {
    const reply = JSON.parse(text) as { detail: string };
    expect(typeof reply.detail).toBe("string");
    expect(reply.detail).toContain(bad.detail);
  }
});

test("a body beyond the transport's hard cap is refused by the server itself", async () => {
  const response = await fetch(`${store.url}${url}`, {
    method: "PUT",
    body: " ".repeat(MAX_BODY_BYTES * 2 + 1),
    headers: { "content-type": "application/json" },
  }).catch((error: Error) => error);
  // Bun answers 413 before reading the body (or resets the connection mid-upload).
  if (response instanceof Response) expect(response.status).toBe(413);
  else expect(response.message).toMatch(/reset|closed|socket|connection/i);
});

test("after all the bad requests the store is unchanged", async () => {
  expect(await snapshot()).toEqual(before);
  expect(before.health).toBe('{"status":"ok","series":1}');
});
