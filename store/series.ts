/**
 * The tutorial's series routes (its FastAPI endpoints): health, PUT / GET / DELETE a series, the list, and the
 * PATCH of a verdict. Thin: validation from the shared schemas in lib/timeseries/types.ts, SQL from the storage.
 */
import { Elysia, t } from "elysia";
import { TypeCompiler } from "elysia/type-system";
import type { SeriesStorage } from "../db/storage.ts";
import { parseBooleanText, pythonBool } from "../lib/timeseries/boolean-text.ts";
import { DEFAULT_LIST_LIMIT } from "../lib/timeseries/limits.ts";
import {
  AnomalyDetailOnlySchema,
  AnomalyPatchBodySchema,
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
import { prefersValueBytes } from "./accept.ts";
import { issuesDetail, notFound, unprocessable } from "./errors.ts";
import { acceptEvents, parseEventKind, parseEventsQuery } from "./events-input.ts";
import { readJsonBody } from "./json-body.ts";
import { ALTERNATIVE_200 } from "./openapi-contract.ts";
import { seriesJson, toSummary } from "./wire.ts";

/** Error replies per route: every status it can answer (401 is added to writes when tokens are on). */
const readOne = { 404: ErrorSchema, 422: ErrorSchema };
const tsIdParams = t.Object({ ts_id: TsIdSchema });

function jsonResponse(text: string): Response {
  return new Response(text, { headers: { "content-type": "application/json" } });
}

/** The values alone, little-endian float64 (what the detector reads: an eighth of the JSON, no parsing). */
function valuesResponse(bytes: Uint8Array): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { "content-type": "application/octet-stream", "x-points": String(bytes.length / 8) },
  });
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

export function seriesRoutes({ store, maxBodyBytes }: { store: SeriesStorage; maxBodyBytes: number }) {
  // The "json" entry never runs (readJsonBody always returns); it tells the OpenAPI generator the body type.
  const parse = [({ request }: { request: Request }) => readJsonBody(request, maxBodyBytes), "json" as const];
  return new Elysia({ name: "timeseries-series" })
    .decorate("seriesStore", store)
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
            "ts-id-matches-path",
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
      async ({ params, request, seriesStore }) => {
        if (prefersValueBytes(request.headers.get("accept"))) {
          const bytes = await seriesStore.getValueBytes(params.ts_id);
          if (!bytes) throw notFound(params.ts_id);
          return valuesResponse(bytes);
        }
        const stored = await seriesStore.get(params.ts_id);
        if (!stored) throw notFound(params.ts_id);
        return jsonResponse(seriesJson(stored));
      },
      {
        params: tsIdParams,
        response: { 200: TimeSeriesSchema, ...readOne },
        detail: {
          summary: "A series with its points, exactly as stored",
          description:
            "JSON by default. A client whose Accept header lists application/octet-stream first gets the values " +
            "alone as little-endian float64, in point order, and the count in X-Points (the times are left out).",
          [ALTERNATIVE_200]: {
            "application/octet-stream": {
              schema: {
                type: "string",
                format: "binary",
                description: "Little-endian float64, one per point",
              },
            },
          },
        },
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
            "anomaly-given",
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
    );
}
