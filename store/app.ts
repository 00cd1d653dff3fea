/**
 * The time-series store as an Elysia app: the tutorial's FastAPI endpoints over a storage backend (db/storage.ts:
 * SQLite or PostgreSQL). Routes are thin: validation comes from the shared schemas in lib/timeseries/types.ts,
 * SQL from the backend; writes may need a token (store/auth.ts).
 *
 * A dashboard (or any plugin) can be mounted with `.use()`: handlers get the store as `seriesStore` in their
 * context, and `seriesStore.onChange(listener)` reports every committed create/update/delete.
 */
import { openapi } from "@elysiajs/openapi";
import { Elysia, t } from "elysia";
import type { Storage } from "../db/storage.ts";
import { parseBooleanText, pythonBool } from "../lib/timeseries/boolean-text.ts";
import { DEFAULT_LIST_LIMIT, MAX_BODY_BYTES, MAX_LIST_LIMIT } from "../lib/timeseries/limits.ts";
import {
  AnomalyQuerySchema,
  AnomalyUpdateSchema,
  ErrorSchema,
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
import { notFound, StoreHttpError, unprocessable, validationDetail } from "./errors.ts";
import { acceptEvents, parseEventKind, parseEventsQuery } from "./events-input.ts";
import { readJsonBody } from "./json-body.ts";
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

const errors = { 404: ErrorSchema, 413: ErrorSchema, 422: ErrorSchema };
const writeErrors = { ...errors, 401: ErrorSchema };
const tsIdParams = t.Object({ ts_id: TsIdSchema });

function jsonResponse(text: string): Response {
  return new Response(text, { headers: { "content-type": "application/json" } });
}

function queryBoolean(name: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const value = parseBooleanText(text);
  if (value === undefined) {
    throw unprocessable(
      `Invalid query: ${name}: Expected a boolean (true or false), got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function parseLimit(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  const value = Number(limit);
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIST_LIMIT) {
    throw unprocessable(
      `Invalid query: limit: Expected an integer from 1 to ${MAX_LIST_LIMIT}, got ${JSON.stringify(limit)}`,
    );
  }
  return value;
}

function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === "") return 0;
  if (!/^\d{1,15}$/.test(cursor)) {
    throw unprocessable(
      `Invalid query: cursor: Expected the next_cursor of a previous page, got ${JSON.stringify(cursor)}`,
    );
  }
  return Number(cursor);
}

export function createStoreApp(options: StoreAppOptions) {
  const { store } = options;
  const checkToken = writeTokenCheck(options.tokens ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  // The "json" entry never runs (readJsonBody always returns); it tells the OpenAPI generator the body type.
  const parse = [({ request }: { request: Request }) => readJsonBody(request, maxBodyBytes), "json" as const];

  return (
    new Elysia({ name: "timeseries-store" })
      .decorate("seriesStore", store)
      // Before routing and body parsing: an unauthenticated write is refused without reading its body.
      .onRequest(({ request }) => checkToken(request) ?? undefined)
      .use(
        openapi({
          path: "/docs",
          provider: "swagger-ui",
          swagger: swaggerFromPackage,
          documentation: {
            info: {
              title: "Time-series store",
              version: "1.0.0",
              description:
                "Durable store of the anomaly-detection tutorial, wire-compatible with its FastAPI backend. " +
                'Errors are {"detail": "..."}: 401 missing or wrong write token (when the store has STORE_TOKEN), ' +
                "404 unknown id, 413 body too large, 422 invalid input.",
            },
            components: { securitySchemes: { writeToken: { type: "http", scheme: "bearer" } } },
          },
        }),
      )
      .use(docsAssets())
      .onError({ as: "global" }, ({ code, error, set }) => {
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
          response: { 200: MessageSchema, ...writeErrors },
          detail: {
            security: [{ writeToken: [] }],
            summary: "Create or replace a series (its KL divergence and events are reset)",
          },
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
          response: { 200: TimeSeriesSchema, ...errors },
          detail: { summary: "A series with its points, exactly as stored" },
        },
      )
      .get(
        "/timeseries/",
        async ({ query, seriesStore }) => {
          const anomalies = queryBoolean("anomalies", query.anomalies);
          const anomaliesOnly = queryBoolean("anomalies_only", query.anomalies_only);
          const page = await seriesStore.list({
            anomaly: anomalies ?? (anomaliesOnly ? true : undefined),
            eventKind: parseEventKind(query.event_kind),
            limit: parseLimit(query.limit),
            after: parseCursor(query.cursor),
          });
          const reply = {
            timeseries: page.items.map(toSummary),
            next_cursor: page.next === null ? null : String(page.next),
          };
          return jsonResponse(JSON.stringify(reply));
        },
        {
          query: ListQuerySchema,
          response: { 200: TimeSeriesPageSchema, ...errors },
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
          const anomaly = body.anomaly ?? queryBoolean("anomaly", query.anomaly);
          if (anomaly === undefined) {
            throw unprocessable(
              'anomaly is required: pass ?anomaly=true|false or a JSON body {"anomaly": true, "process_id": "..."}',
            );
          }
          let klDivergence = body.kl_divergence;
          if (klDivergence === undefined && query.kl_divergence !== undefined) {
            klDivergence = Number(query.kl_divergence);
            if (query.kl_divergence.trim() === "" || !Number.isFinite(klDivergence)) {
              throw unprocessable(
                `Invalid query: kl_divergence: Expected a finite number, got ${JSON.stringify(query.kl_divergence)}`,
              );
            }
          }
          const events =
            body.events !== undefined
              ? acceptEvents(body.events, "body.events")
              : query.events === undefined
                ? undefined
                : acceptEvents(parseEventsQuery(query.events), "query.events");
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
          parse,
          params: tsIdParams,
          query: AnomalyQuerySchema,
          body: t.Partial(AnomalyUpdateSchema),
          response: { 200: MessageSchema, ...writeErrors },
          detail: {
            security: [{ writeToken: [] }],
            summary:
              "Set the anomaly flag, process id and (optionally) the verdict's KL divergence or events",
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
          response: { 200: MessageSchema, ...writeErrors },
          detail: { security: [{ writeToken: [] }], summary: "Delete a series" },
        },
      )
      .use(recordingRoutes({ recordings: store.recordings, maxBodyBytes }))
  );
}

export type StoreApp = ReturnType<typeof createStoreApp>;
