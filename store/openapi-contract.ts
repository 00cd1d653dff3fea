/**
 * The OpenAPI document as the contract (issue 16): @elysiajs/openapi generates it from the routes' TypeBox
 * models; this pass states what the generator cannot know. Writes carry bearer security and a 401 only when
 * the store has tokens; JSON carried in a query value is declared as `content`; exclusive body alternatives
 * are `oneOf`; keys only our validation reads (`expected`) are dropped; the rules JSON Schema cannot state are
 * listed as `x-rules` (lib/timeseries/rules.ts) and named by the 422 that enforces them. And the 405 answer for
 * a known path with a method it lacks.
 */
import type { TSchema } from "elysia";
import { operationRules } from "../lib/timeseries/rules.ts";
import { ErrorSchema } from "../lib/timeseries/types.ts";
import { WRITE_METHODS } from "./auth.ts";

type Json = Record<string, unknown>;
export type ContractInput = { paths: Record<string, Record<string, Json>>; components?: Json } & Json;

const STATUS_TEXT: Record<string, string> = {
  "200": "OK",
  "201": "Created",
  "401": "Missing or wrong write token (Authorization: Bearer <token>)",
  "404": "Not stored (the detail names what)",
  "405": "The path does not have this method; Allow lists the ones it has",
  "413": "Request body over the size limit",
  "415": "Wrong Content-Type for the body",
  "422": "Invalid input (the detail names the field, what was expected and what came)",
};

const errorContent = { "application/json": { schema: ErrorSchema } };

/** Every schema below `value` without `expected` and OpenAPI 3.0's `nullable` (3.1 says it with type). */
function cleanSchemas(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanSchemas);
  if (typeof value !== "object" || value === null) return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "expected" || key === "nullable") continue;
    out[key] = cleanSchemas(inner);
  }
  return out;
}

function acceptsEmptyObject(schema: Json): boolean {
  const options = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (options) return options.some(acceptsEmptyObject);
  return schema.type === "object" && !(Array.isArray(schema.required) && schema.required.length > 0);
}

export interface ContractOptions {
  /** STORE_TOKEN is set: writes need a bearer token. */
  tokensOn: boolean;
  /** Query parameters whose text is JSON, with the schema of the JSON value. */
  jsonQuery: Record<string, TSchema>;
}

/** The operation's rules beyond its schemas: listed, and described on its 422. */
function declareRules(key: string, operation: Json, responses: Record<string, Json>): void {
  const rules = operationRules(key);
  if (rules.length === 0) return;
  operation["x-rules"] = rules;
  const listed = rules.map((rule) => `${rule.id} (${rule.kind}): ${rule.text}`).join(" ");
  responses["422"] = {
    ...responses["422"],
    description: `${STATUS_TEXT["422"]}. Beyond the schemas, the answer's rule names which of these failed: ${listed}`,
  };
}

/**
 * A route's `detail` key for media types its 200 answers besides the JSON its `response` schema generates
 * (the generator writes application/json only); this pass merges them into the 200's content.
 */
export const ALTERNATIVE_200 = "x-alternative-200-content";

function mergeAlternative200(operation: Json, responses: Record<string, Json>): void {
  const alternative = operation[ALTERNATIVE_200] as Json | undefined;
  delete operation[ALTERNATIVE_200];
  const ok = responses["200"];
  if (alternative === undefined || ok === undefined) return;
  ok.content = { ...(ok.content as Json | undefined), ...alternative };
}

function contractOperation(key: string, operation: Json, options: ContractOptions): void {
  const method = key.slice(0, key.indexOf(" "));
  const responses = (operation.responses ?? {}) as Record<string, Json>;
  mergeAlternative200(operation, responses);
  declareRules(key, operation, responses);
  delete operation.security;
  if (options.tokensOn && WRITE_METHODS.has(method)) {
    operation.security = [{ writeToken: [] }];
    responses["401"] = { content: errorContent };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (!response.description || String(response.description).startsWith("Response for status")) {
      response.description = STATUS_TEXT[status] ?? `Status ${status}`;
    }
  }
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  for (const parameter of (operation.parameters ?? []) as Json[]) {
    const json = options.jsonQuery[String(parameter.name)];
    if (parameter.in !== "query" || json === undefined) continue;
    const { description } = parameter.schema as Json;
    delete parameter.schema;
    parameter.description = description;
    parameter.content = { "application/json": { schema: cleanSchemas(JSON.parse(JSON.stringify(json))) } };
  }
  const requestBody = operation.requestBody as
    | { required?: boolean; content?: Record<string, { schema?: Json }> }
    | undefined;
  const jsonBody = requestBody?.content?.["application/json"]?.schema;
  // An empty body reads as {} (store/json-body.ts): where {} is valid, the body is optional.
  if (requestBody && jsonBody && acceptsEmptyObject(jsonBody)) requestBody.required = false;
  for (const media of Object.values(requestBody?.content ?? {})) {
    if (Array.isArray(media.schema?.anyOf)) {
      media.schema.oneOf = media.schema.anyOf;
      delete media.schema.anyOf;
    }
  }
}

export function contractDocument(generated: ContractInput, options: ContractOptions): ContractInput {
  const document = cleanSchemas(JSON.parse(JSON.stringify(generated))) as ContractInput;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      contractOperation(`${method.toUpperCase()} ${path}`, operation, options);
    }
  }
  const components = (document.components ?? {}) as Json;
  document.components = {
    ...components,
    ...(options.tokensOn ? { securitySchemes: { writeToken: { type: "http", scheme: "bearer" } } } : {}),
    responses: {
      MethodNotAllowed: {
        description: STATUS_TEXT["405"],
        headers: {
          Allow: { schema: { type: "string" }, description: "The path's methods, comma-separated" },
        },
        content: errorContent,
      },
    },
  };
  if (!options.tokensOn) delete (document.components as Json).securitySchemes;
  return document;
}

const patterns = new Map<string, RegExp>();

function pathPattern(route: string): RegExp {
  const cached = patterns.get(route);
  if (cached) return cached;
  const parts = route
    .replace(/\/$/, "")
    .split("/")
    .map((part) =>
      part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    );
  const pattern = new RegExp(`^${parts.join("/")}/?$`);
  patterns.set(route, pattern);
  return pattern;
}

/** The methods routes answer on `pathname` (HEAD with GET, as the server answers it); [] for an unknown path. */
export function allowedMethods(
  routes: readonly { method: string; path: string }[],
  pathname: string,
): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || !pathPattern(route.path).test(pathname)) continue;
    methods.add(route.method);
    if (route.method === "GET") methods.add("HEAD");
  }
  return [...methods].sort();
}

export function methodNotAllowed(method: string, allowed: readonly string[]): Response {
  return Response.json(
    { detail: `Method ${method} is not allowed here; this path answers ${allowed.join(", ")}.` },
    { status: 405, headers: { allow: allowed.join(", ") } },
  );
}
