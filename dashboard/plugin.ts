/**
 * The live dashboard as an Elysia plugin for the store app: the page at `/`, its assets, JSON endpoints
 * under `/dashboard/api/`, and server-sent events at `/dashboard/api/events`. The browser code in
 * dashboard/client/ is TypeScript bundled by Bun on first request (no build step to run by hand).
 * Colonies is read through the SDK with a key held here; the browser never sees a key.
 */
import { join } from "node:path";
import { Elysia, t } from "elysia";
import type { SeriesStorage } from "../db/storage.ts";
import { type ColonyApi, ColonyReader, emptySnapshot } from "./colony-reader.ts";
import { eventShades } from "./event-shades.ts";
import { LabelReader } from "./labels.ts";
import { LiveEvents } from "./live-events.ts";
import { detectedRanges, klOnly, ModelSource } from "./model-source.ts";
import { SeriesIndex, toRow } from "./series-index.ts";
import { type DashboardInfo, SERIES_FILTERS, type SeriesDetail } from "./wire.ts";

export interface DashboardColonyOptions {
  client: ColonyApi;
  colonyName: string;
  /** Signing key of a colony member (COLONIES_PRVKEY); used only on the server. */
  prvkey: string;
}

export interface DashboardOptions {
  store: SeriesStorage;
  /** Omit to show the dashboard without the colony view. */
  colonies?: DashboardColonyOptions | null;
  /** model.json for the threshold and detection windows (default: env MODEL_PATH, else model.json). */
  modelPath?: string;
  /** Label file of injected drops (written by the demo); optional. */
  labelsPath?: string;
  /** How often the colony is read while a browser is connected (default 1000 ms). */
  colonyPollMs?: number;
}

const PUBLIC_DIR = join(import.meta.dir, "public");
const CLIENT_ENTRY = join(import.meta.dir, "client", "main.ts");
const MAX_PAGE = 200;

let bundle: Promise<string> | null = null;

/** Bundles the browser code with uPlot once per process. */
function clientBundle(): Promise<string> {
  bundle ??= Bun.build({ entrypoints: [CLIENT_ENTRY], target: "browser", minify: true }).then(
    async (result) => {
      if (!result.success || !result.outputs[0]) {
        bundle = null;
        throw new Error(`dashboard client failed to build: ${result.logs.map(String).join("; ")}`);
      }
      return result.outputs[0].text();
    },
  );
  return bundle;
}

function fileResponse(path: string, type: string): Response {
  return new Response(Bun.file(path), { headers: { "content-type": type, "cache-control": "no-cache" } });
}

function detail(status: number, message: string): Response {
  return Response.json({ detail: message }, { status });
}

function parseTime(text: string, index: number): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : index;
}

export function dashboardPlugin(options: DashboardOptions) {
  const { store } = options;
  const index = new SeriesIndex(store);
  const model = new ModelSource(options.modelPath);
  const labels = new LabelReader(options.labelsPath);
  const colony = options.colonies
    ? new ColonyReader({
        api: options.colonies.client,
        colonyName: options.colonies.colonyName,
        prvkey: options.colonies.prvkey,
      })
    : null;

  const info = async (): Promise<DashboardInfo> => {
    const loaded = await model.current();
    return {
      threshold: klOnly(loaded, (m) => m.threshold),
      modelSource: model.describe(loaded),
      colony: { enabled: colony !== null, colonyName: colony?.colonyName ?? null },
    };
  };
  const events = new LiveEvents({ store, colony, info, colonyPollMs: options.colonyPollMs });
  const uplotCss = Bun.resolveSync("uplot/dist/uPlot.min.css", import.meta.dir);

  return new Elysia({ name: "dashboard" })
    .onStop(() => {
      events.close();
      index.close();
    })
    .get("/", () => fileResponse(join(PUBLIC_DIR, "index.html"), "text/html; charset=utf-8"), {
      detail: { hide: true },
    })
    .get("/dashboard", () => fileResponse(join(PUBLIC_DIR, "index.html"), "text/html; charset=utf-8"), {
      detail: { hide: true },
    })
    .get(
      "/dashboard/assets/app.js",
      async () => {
        try {
          return new Response(await clientBundle(), {
            headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" },
          });
        } catch (error) {
          return detail(500, (error as Error).message);
        }
      },
      { detail: { hide: true } },
    )
    .get("/dashboard/assets/style.css", () => fileResponse(join(PUBLIC_DIR, "style.css"), "text/css"), {
      detail: { hide: true },
    })
    .get("/dashboard/assets/uPlot.min.css", () => fileResponse(uplotCss, "text/css"), {
      detail: { hide: true },
    })
    .get("/dashboard/api/info", info, { detail: { hide: true } })
    .get(
      "/dashboard/api/series",
      ({ query }) => index.page(query.filter ?? "all", query.offset ?? 0, query.limit ?? 20),
      {
        query: t.Object({
          filter: t.Optional(t.Union(SERIES_FILTERS.map((filter) => t.Literal(filter)))),
          offset: t.Optional(t.Integer({ minimum: 0 })),
          limit: t.Optional(t.Integer({ minimum: 1, maximum: MAX_PAGE })),
        }),
        detail: { hide: true },
      },
    )
    .get(
      "/dashboard/api/series/:ts_id",
      async ({ params }): Promise<SeriesDetail | Response> => {
        const series = await store.get(params.ts_id);
        if (!series) return detail(404, `Time series with ID '${params.ts_id}' not found`);
        const loaded = await model.current();
        const time = series.times.map(parseTime);
        // A verdict with events is shown event by event; otherwise the model's windows over the threshold.
        const events = series.events && series.events.length > 0 ? eventShades(series.events, time) : null;
        return {
          row: toRow(series),
          time,
          values: Array.from(series.values),
          threshold: klOnly(loaded, (m) => m.threshold),
          detected: events
            ? events.map((shade) => shade.range)
            : loaded
              ? detectedRanges(loaded, series.values)
              : [],
          labelled: await labels.rangesFor(params.ts_id),
          window: events ? null : klOnly(loaded, (m) => m.window),
          events,
        };
      },
      { detail: { hide: true } },
    )
    .get(
      "/dashboard/api/colony",
      async () => (colony ? colony.snapshot() : emptySnapshot("", "Colonies is not configured")),
      {
        detail: { hide: true },
      },
    )
    .get(
      "/dashboard/api/processes/:process_id",
      async ({ params }) => {
        if (!colony)
          return detail(404, "Colonies is not configured for this server (set COLONIES_* in .env)");
        try {
          return await colony.process(params.process_id);
        } catch (error) {
          return detail(502, `Could not read process ${params.process_id}: ${(error as Error).message}`);
        }
      },
      { detail: { hide: true } },
    )
    .get(
      "/dashboard/api/logs/search",
      async ({ query }) => {
        if (!colony)
          return detail(404, "Colonies is not configured for this server (set COLONIES_* in .env)");
        try {
          return { logs: await colony.searchLogs(query.text, query.days ?? 1, query.count ?? 20) };
        } catch (error) {
          return detail(502, `Log search failed: ${(error as Error).message}`);
        }
      },
      {
        query: t.Object({
          text: t.String({ minLength: 1, maxLength: 200 }),
          days: t.Optional(t.Integer({ minimum: 1, maximum: 365 })),
          count: t.Optional(t.Integer({ minimum: 1, maximum: 200 })),
        }),
        detail: { hide: true },
      },
    )
    .get("/dashboard/api/events", ({ request }) => events.connect(request), { detail: { hide: true } });
}
