/**
 * The time-series store as an Elysia app: the tutorial's FastAPI endpoints over a storage backend (db/storage.ts:
 * SQLite or PostgreSQL). Routes are thin: validation comes from the shared schemas in lib/timeseries/types.ts,
 * SQL from the backend; writes may need a token (store/auth.ts).
 *
 * A dashboard (or any plugin) can be mounted with `.use()`: handlers get the store as `seriesStore` in their
 * context, and `seriesStore.onChange(listener)` reports every committed create/update/delete.
 */
import { openapi, toOpenAPISchema } from "@elysiajs/openapi";
import { Elysia, t } from "elysia";
import { TypeCompiler } from "elysia/type-system";
import type { Storage } from "../db/storage.ts";
import { parseBooleanText, pythonBool } from "../lib/timeseries/boolean-text.ts";
import { DEFAULT_LIST_LIMIT, MAX_BODY_BYTES } from "../lib/timeseries/limits.ts";
import {
  AnomalyDetailOnlySchema,
  AnomalyPatchBodySchema,
  AnomalyQuerySchema,
  AnomalyUpdateSchema,
  ErrorSchema,
  EventListSchema,
  HealthSchema,
  ListQuerySchema,
  MessageSchema,
  TimeSeriesBodySchema,
  TimeSeriesPageSchema,
  TimeSeriesSchema,
  TsIdSchema,
} from "../lib/timeseries/types.ts";
import { writeTokenCheck } from "./auth.ts";
import { docsAssets, swaggerFromPackage } from "./docs-assets.ts";
import { issuesDetail, notFound, StoreHttpError, unprocessable, validationDetail } from "./errors.ts";
import { acceptEvents, parseEventKind, parseEventsQuery } from "./events-input.ts";
import { readJsonBody } from "./json-body.ts";
import {
  allowedMethods,
  type ContractInput,
  contractDocument,
  methodNotAllowed,
} from "./openapi-contract.ts";
import { recordingRoutes } from "./recordings.ts";
import { seriesJson, toSummary } from "./wire.ts";

export interface StoreAppOptions {
  /** The opened storage (db/open-storage.ts), shared with plugins such as the dashboard. */
  store: Storage;
  /** Write tokens (STORE_TOKEN); empty or absent: writes are open. */
  tokens?: readonly string[];
  /** Documented request-body limit, answered with a 413 message. */
  maxBodyBytes?: number;
}

/** Error replies per route: every status it can answer (401 is added to writes when tokens are on). */
const readOne = { 404: ErrorSchema, 422: ErrorSchema };
const tsIdParams = t.Object({ ts_id: TsIdSchema });

function jsonResponse(text: string): Response {
  return new Response(text, { headers: { "content-type": "application/json" } });
}

/** A query boolean the route's pattern has checked; "" counts as not given. */
function optionalBoolean(text: string | undefined): boolean | undefined {
  return text === undefined || text === "" ? undefined : parseBooleanText(text);
}

/** The PATCH body checked against the alternative it chose (by carrying anomaly or not), naming its fields. */
function anomalyPatchBody(maxBodyBytes: number) {
  const withFlag = TypeCompiler.Compile(AnomalyUpdateSchema);
  const detailOnly = TypeCompiler.Compile(AnomalyDetailOnlySchema);
  return async ({ request }: { request: Request }) => {
    const body = await readJsonBody(request, maxBodyBytes);
    const check = typeof body === "object" && body !== null && "anomaly" in body ? withFlag : detailOnly;
    if (!check.Check(body)) {
      throw unprocessable(
        issuesDetail("body", check.Errors(body)) ?? "Invalid request: body is not an object",
      );
    }
    return body;
  };
}

export function createStoreApp(options: StoreAppOptions) {
  const { store } = options;
  const tokensOn = (options.tokens ?? []).length > 0;
  const checkToken = writeTokenCheck(options.tokens ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  // The "json" entry never runs (readJsonBody always returns); it tells the OpenAPI generator the body type.
  const parse = [({ request }: { request: Request }) => readJsonBody(request, maxBodyBytes), "json" as const];

  const info = {
    title: "Time-series store",
    version: "1.0.0",
    description:
      "Durable store of the anomaly-detection tutorial, wire-compatible with its FastAPI backend. " +
      'Errors are {"detail": "..."}; each operation lists the statuses it answers. ' +
      (tokensOn
        ? "Writes (PUT, PATCH, DELETE) need the store's write token as a Bearer token (401 without). "
        : "This store has no STORE_TOKEN: writes are open. ") +
      "A method a path does not list answers 405 with an Allow header (components.responses." +
      "MethodNotAllowed); an unknown path answers 404.",
  };
  // The document and the 405 answers read the finished app's routes (plugins mount after this returns).
  let cached: { routes: number; document: ContractInput } | undefined;
  const contract = (): ContractInput => {
    if (cached?.routes !== app.routes.length) {
      const { paths, components } = toOpenAPISchema(app);
      const generated = { openapi: "3.1.2", info, paths, components } as unknown as ContractInput;
      const document = contractDocument(generated, { tokensOn, jsonQuery: { events: EventListSchema } });
      cached = { routes: app.routes.length, document };
    }
    return cached.document;
  };
  const app = new Elysia({ name: "timeseries-store" })
    .decorate("seriesStore", store)
    // Before routing and body parsing: an unauthenticated write is refused without reading its body. A
    // method the path lacks goes on to its 405 (and an unknown path to its 404): no token can change those.
    .onRequest(({ request }) => {
      const { pathname } = new URL(request.url);
      if (request.method === "GET" && pathname === "/docs/json") return Response.json(contract());
      if (!tokensOn || !allowedMethods(app.routes, pathname).includes(request.method)) return;
      return checkToken(request) ?? undefined;
    })
    .use(
      openapi({
        path: "/docs",
        provider: "swagger-ui",
        swagger: swaggerFromPackage,
        documentation: { info },
      }),
    )
    .use(docsAssets())
    .onError({ as: "global" }, ({ code, error, set, request }) => {
      if (error instanceof StoreHttpError) {
        set.status = error.status;
        return { detail: error.detail };
      }
      if (code === "PARSE" && error.cause instanceof StoreHttpError) {
        set.status = error.cause.status;
        return { detail: error.cause.detail };
      }
      if (code === "VALIDATION") {
        set.status = 422;
        return { detail: validationDetail(error) };
      }
      if (code === "PARSE") {
        set.status = 422;
        return { detail: `Unreadable request body: ${error.message}` };
      }
      if (code === "NOT_FOUND") {
        const allowed = allowedMethods(app.routes, new URL(request.url).pathname);
        if (allowed.length > 0) return methodNotAllowed(request.method, allowed);
        set.status = 404;
        return { detail: "Not Found" };
      }
      console.error(`store: unexpected error: ${(error as Error).stack ?? error}`);
      set.status = 500;
      return { detail: `Internal server error: ${(error as Error).message}` };
    })
    .get(
      "/health",
      async ({ seriesStore }) => ({ status: "ok" as const, series: await seriesStore.count() }),
      {
        response: { 200: HealthSchema },
        detail: { summary: "Liveness and number of stored series" },
      },
    )
    .put(
      "/timeseries/:ts_id",
      async ({ params, body, seriesStore }) => {
        if (body.ts_id !== params.ts_id) {
          throw unprocessable(
            `ts_id in the body ('${body.ts_id}') differs from the id in the path ('${params.ts_id}'); send the same id in both.`,
          );
        }
        const count = body.data.length;
        const times = new Array<string>(count);
        const values = new Float64Array(count);
        for (let i = 0; i < count; i++) {
          const point = body.data[i]!;
          times[i] = point.time;
          values[i] = point.value;
        }
        await seriesStore.put({
          tsId: params.ts_id,
          processId: body.process_id,
          anomaly: body.anomaly ?? false,
          times,
          values,
        });
        return {
          message: `Time series data for time series ID '${params.ts_id}' stored or updated successfully.`,
        };
      },
      {
        parse,
        params: tsIdParams,
        body: TimeSeriesBodySchema,
        response: { 200: MessageSchema, 413: ErrorSchema, 422: ErrorSchema },
        detail: { summary: "Create or replace a series (its KL divergence and events are reset)" },
      },
    )
    .get(
      "/timeseries/:ts_id",
      async ({ params, seriesStore }) => {
        const stored = await seriesStore.get(params.ts_id);
        if (!stored) throw notFound(params.ts_id);
        return jsonResponse(seriesJson(stored));
      },
      {
        params: tsIdParams,
        response: { 200: TimeSeriesSchema, ...readOne },
        detail: { summary: "A series with its points, exactly as stored" },
      },
    )
    .get(
      "/timeseries/",
      async ({ query, seriesStore }) => {
        const anomalies = optionalBoolean(query.anomalies);
        const anomaliesOnly = optionalBoolean(query.anomalies_only);
        const page = await seriesStore.list({
          anomaly: anomalies ?? (anomaliesOnly ? true : undefined),
          eventKind: parseEventKind(query.event_kind),
          limit: query.limit === undefined ? DEFAULT_LIST_LIMIT : Number(query.limit),
          after: query.cursor ? Number(query.cursor) : 0,
        });
        const reply = {
          timeseries: page.items.map(toSummary),
          next_cursor: page.next === null ? null : String(page.next),
        };
        return jsonResponse(JSON.stringify(reply));
      },
      {
        query: ListQuerySchema,
        response: { 200: TimeSeriesPageSchema, 422: ErrorSchema },
        detail: {
          summary: "List series in insertion order, a page at a time",
          description:
            "anomalies=true: only anomalous; anomalies=false: only normal (as the tutorial); anomalies_only=true: " +
            "only anomalous; neither: all. event_kind=dip|swell|interruption|anomaly: only series whose events " +
            "include one of that kind (combines with the anomaly filters). Follow next_cursor until it is null.",
        },
      },
    )
    .patch(
      "/timeseries/:ts_id/anomaly",
      async ({ params, query, body, seriesStore }) => {
        const anomaly = body.anomaly ?? optionalBoolean(query.anomaly);
        if (anomaly === undefined) {
          throw unprocessable(
            'anomaly is required: pass ?anomaly=true|false or a JSON body {"anomaly": true, "process_id": "..."}',
          );
        }
        const klDivergence =
          body.kl_divergence ?? (query.kl_divergence === undefined ? undefined : Number(query.kl_divergence));
        // The query's events are checked even when the body's win: a request the document refuses is refused.
        const queryEvents =
          query.events === undefined
            ? undefined
            : acceptEvents(parseEventsQuery(query.events), "query.events");
        const events = body.events !== undefined ? acceptEvents(body.events, "body.events") : queryEvents;
        const updated = await seriesStore.setAnomaly(params.ts_id, {
          anomaly,
          processId: body.process_id ?? query.process_id,
          klDivergence,
          events,
        });
        if (!updated) throw notFound(params.ts_id);
        return {
          message: `Anomaly status for time series ID '${params.ts_id}' updated to ${pythonBool(anomaly)} and process_id set to ${updated.processId}.`,
        };
      },
      {
        parse: [anomalyPatchBody(maxBodyBytes), "json" as const],
        params: tsIdParams,
        query: AnomalyQuerySchema,
        body: AnomalyPatchBodySchema,
        response: { 200: MessageSchema, 413: ErrorSchema, ...readOne },
        detail: {
          summary: "Set the anomaly flag, process id and (optionally) the verdict's KL divergence or events",
          description:
            "Fields come from the query string (as the tutorial) or a JSON body; the body wins. kl_divergence " +
            "and events are the verdict's detail: sending either replaces both (the other becomes null).",
        },
      },
    )
    .delete(
      "/timeseries/:ts_id",
      async ({ params, seriesStore }) => {
        if (!(await seriesStore.remove(params.ts_id))) throw notFound(params.ts_id);
        return { message: `Time series data for time series ID '${params.ts_id}' deleted successfully.` };
      },
      {
        params: tsIdParams,
        response: { 200: MessageSchema, ...readOne },
        detail: { summary: "Delete a series" },
      },
    )
    .use(recordingRoutes({ recordings: store.recordings, maxBodyBytes }));
  // The generated document, made the contract: security and 401 as the tokens are, JSON query values.
  return app;
}

export type StoreApp = ReturnType<typeof createStoreApp>;
