/**
 * The dashboard in a real browser: headless Chromium (support/chromium.ts) driven by playwright-core, on a
 * real stack: the embedded Colonies server and the store with the dashboard on free loopback ports, one
 * executor process, and a few submitted samples. Saves artifacts/dashboard.png.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { dashboardPlugin } from "../../dashboard/plugin.ts";
import { labelFile, makeWorkload } from "../../demo/workload.ts";
import { type DevEnv, ensureDevEnv, registerColony } from "../../embedded-colonies/bootstrap.ts";
import { type RunningColoniesServer, startColoniesServer } from "../../embedded-colonies/server.ts";
import { anomalyFuncSpec } from "../../lib/anomaly/spec.ts";
import { ColoniesClient } from "../../lib/colonies-sdk/index.ts";
import { saveModel } from "../../lib/model-file.ts";
import { seriesDetectorFromModel, tutorialDefaultModel } from "../../lib/signal/index.ts";
import { ChildProcesses } from "../../lib/stack/children.ts";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { RecordingsClient } from "../../lib/timeseries/recordings-client.ts";
import { sampleToPoints } from "../../lib/timeseries/samples.ts";
import { type RunningStore, startStore } from "../../store/start.ts";
import { launchChromium } from "../support/chromium.ts";
import { storeReportRecording } from "../support/report.ts";
import { mainsWithEvent, rmsTestModel } from "../support/rms.ts";

const REPO = join(import.meta.dir, "../..");

let dir: string;
let keys: DevEnv;
let colonies: RunningColoniesServer;
let coloniesClient: ColoniesClient;
let store: RunningStore;
let storeClient: TimeSeriesClient;
let browser: Browser;
const children = new ChildProcesses();

async function submit(count: number, seed: number): Promise<string[]> {
  const batch = makeWorkload({ count, seed, anomalyProbability: 0.002, runId: `browser-${seed}` });
  const labelsPath = join(dir, "labels.json");
  const previous = (await Bun.file(labelsPath).exists()) ? await Bun.file(labelsPath).json() : {};
  await Bun.write(labelsPath, JSON.stringify({ ...previous, ...labelFile(batch) }));
  for (const item of batch) {
    await storeClient.put({ ts_id: item.tsId, process_id: "", data: sampleToPoints(item.sample) });
    await coloniesClient.submitFunctionSpec(
      anomalyFuncSpec({ colonyname: keys.COLONIES_COLONY_NAME, tsIds: [item.tsId], db: store.url }),
      keys.COLONIES_PRVKEY,
    );
  }
  return batch.map((item) => item.tsId);
}

async function waitForSuccessful(count: number): Promise<void> {
  for (;;) {
    const stats = await coloniesClient.getColonyStatistics(keys.COLONIES_COLONY_NAME, keys.COLONIES_PRVKEY);
    if (stats.failedprocesses > 0) throw new Error(`${stats.failedprocesses} processes failed`);
    if (stats.successfulprocesses >= count) return;
    await Bun.sleep(100);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dashboard-browser-"));
  keys = ensureDevEnv(join(dir, ".env")).values;
  colonies = await startColoniesServer({
    hostname: "127.0.0.1",
    port: 0,
    databasePath: join(dir, "colonies.db"),
    serverId: keys.COLONIES_SERVER_ID,
  });
  coloniesClient = new ColoniesClient({ host: "127.0.0.1", port: colonies.port, tls: false });
  await registerColony(coloniesClient, keys);
  const modelPath = join(dir, "model.json");
  await saveModel(modelPath, tutorialDefaultModel());
  store = await startStore({
    databasePath: join(dir, "store.db"),
    plugins: [
      (s) =>
        dashboardPlugin({
          store: s,
          colonies: {
            client: coloniesClient,
            colonyName: keys.COLONIES_COLONY_NAME,
            prvkey: keys.COLONIES_PRVKEY,
          },
          modelPath,
          labelsPath: join(dir, "labels.json"),
          colonyPollMs: 250,
        }),
    ],
  });
  storeClient = new TimeSeriesClient(store.url);

  const executor = children.spawn({
    name: "executor",
    cmd: [process.execPath, join(REPO, "executor", "executor.ts")],
    env: {
      // Only this stack's Colonies settings: none from the developer's .env.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("COLONIES_"))),
      ...keys,
      COLONIES_SERVER_HOST: "127.0.0.1",
      COLONIES_SERVER_PORT: String(colonies.port),
      COLONIES_TLS: "false",
      MODEL_PATH: modelPath,
    },
    logPath: join(dir, "executor.log"),
  });
  await children.waitForLog(executor, "registered");
  await submit(8, 11);
  await waitForSuccessful(8);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await children.stopAll();
  await store?.stop();
  await colonies?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openDashboard(width: number, height: number): Promise<{ page: Page; bodies: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const bodies: string[] = [];
  page.on("response", async (response) => {
    if (!response.url().includes("/dashboard/api/") || response.url().endsWith("/events")) return;
    bodies.push(await response.text().catch(() => ""));
  });
  page.on("pageerror", (error) => bodies.push(`PAGE ERROR ${error.message}`));
  await page.goto(`${store.url}/`);
  return { page, bodies };
}

test("the table fills, updates live, and a series opens with its chart, KL and process logs", async () => {
  const { page, bodies } = await openDashboard(1280, 900);
  await page.waitForSelector("#live.on");
  await page.waitForFunction(() => document.querySelectorAll("#series-rows tr[data-id]").length >= 8);
  expect(await page.locator("#series-rows tr[data-id]").count()).toBe(8);

  // New work shows up without a reload: rows through the series events, counts through colony events.
  const [newest] = await submit(1, 99);
  await page.waitForSelector(`#series-rows tr[data-id="${newest}"]`);
  await waitForSuccessful(9);
  await page.waitForFunction(() => document.querySelector("#count-successful .n")?.textContent === "9");
  await page.waitForFunction(() => document.querySelectorAll("#executors li .dot.on").length === 1);

  // Open an anomalous series (the filter shows only flagged ones).
  await page.click('[data-filter="anomalous"]');
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#series-rows tr[data-id] .badge")].every(
      (b) => b.textContent === "anomaly",
    ),
  );
  const anomalous = await page.locator("#series-rows tr[data-id]").count();
  expect(anomalous).toBeGreaterThan(0);
  await page.locator("#series-rows tr[data-id]").first().click();
  await page.waitForSelector("#detail-chart canvas");
  await page.waitForSelector("#detail-process .logs li");
  expect(await page.locator("#detail-kl").textContent()).toContain("vs threshold");
  expect(await page.locator("#detail-summary .badge").textContent()).toBe("anomaly");
  const logs = await page.locator("#detail-process .logs").textContent();
  expect(logs).toContain("Checking anomalies");
  expect(await page.locator("#detail-process .state").textContent()).toBe("successful");

  // Log search goes through the server's SDK client.
  await page.fill("#log-text", "Anom");
  await page.click("#log-search button");
  await page.waitForSelector("#log-results li .mono");

  mkdirSync(join(REPO, "artifacts"), { recursive: true });
  await page.screenshot({ path: join(REPO, "artifacts", "dashboard.png"), fullPage: true });

  // No key ever reaches the browser.
  const html = await page.content();
  for (const key of [keys.COLONIES_PRVKEY, keys.COLONIES_COLONY_PRVKEY, keys.COLONIES_SERVER_PRVKEY]) {
    expect(html).not.toContain(key);
    for (const body of bodies) expect(body).not.toContain(key);
  }
  expect(bodies.filter((body) => body.startsWith("PAGE ERROR"))).toEqual([]);
  await page.close();
});

test("on a phone-width screen the page fits without sideways scrolling and the chart still shows", async () => {
  const { page } = await openDashboard(390, 844);
  await page.waitForFunction(() => document.querySelectorAll("#series-rows tr[data-id]").length > 0);
  await page.locator("#series-rows tr[data-id]").first().click();
  await page.waitForSelector("#detail-chart canvas");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const chartWidth = await page
    .locator("#detail-chart canvas")
    .evaluate((c) => c.getBoundingClientRect().width);
  expect(chartWidth).toBeGreaterThan(250);
  await page.close();
});

test("/docs renders the API reference from the store alone (every other host blocked) and lists the endpoints", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const outside: string[] = [];
  await page.route("**/*", (route) => {
    if (route.request().url().startsWith(store.url)) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  await page.goto(`${store.url}/docs`);
  await page.waitForSelector(".opblock-summary-path");
  const paths = await page.locator(".opblock-summary-path").allTextContents();
  const methods = await page.locator(".opblock-summary-method").allTextContents();
  const routes = paths.map((path, i) => `${methods[i]} ${path.replace(/\u200b/g, "")}`);
  for (const route of [
    "GET /health",
    "PUT /timeseries/{ts_id}",
    "GET /timeseries/{ts_id}",
    "GET /timeseries/",
    "PATCH /timeseries/{ts_id}/anomaly",
    "DELETE /timeseries/{ts_id}",
  ]) {
    expect(routes).toContain(route);
  }
  expect(outside).toEqual([]);
  await page.close();
});

test("an rms verdict: the Dips filter finds the series, its events are shaded and labelled with their depth", async () => {
  const body = mainsWithEvent("rms-dip", 0.21);
  await storeClient.put(body);
  const verdict = seriesDetectorFromModel(rmsTestModel).detect(body.data.map((point) => point.value));
  expect(verdict.events?.map((event) => event.kind)).toEqual(["dip"]);
  await storeClient.setAnomaly("rms-dip", {
    anomaly: verdict.anomaly,
    process_id: "",
    events: verdict.events!,
  });

  const { page, bodies } = await openDashboard(1280, 900);
  await page.waitForFunction(() => document.querySelectorAll("#series-rows tr[data-id]").length > 0);
  await page.click('[data-filter="dip"]');
  await page.waitForFunction(() => {
    const ids = [...document.querySelectorAll<HTMLElement>("#series-rows tr[data-id]")].map(
      (r) => r.dataset.id,
    );
    return ids.length === 1 && ids[0] === "rms-dip";
  });
  expect(await page.locator('#series-rows tr[data-id="rms-dip"] .events-cell').textContent()).toBe("1 dip");
  await page.locator('#series-rows tr[data-id="rms-dip"]').click();
  await page.waitForSelector("#detail-events li");
  const item = await page.locator("#detail-events li").textContent();
  expect(item).toMatch(/^dip to 2[0-2] % 0\.6\d\d s–1\.0\d\d s/);
  await page.waitForFunction(() => document.querySelector<HTMLElement>("#detail-chart")?.dataset.shaded);
  const shaded = JSON.parse((await page.locator("#detail-chart").getAttribute("data-shaded")) ?? "[]") as {
    x: number;
    width: number;
    label: string | null;
  }[];
  // One labelled stripe over 0.6-1.0 s of a 2 s chart: about a fifth of the plot's width.
  expect(shaded).toHaveLength(1);
  expect(shaded[0]!.label).toMatch(/^dip to 2[0-2] %$/);
  const plotWidth = await page
    .locator("#detail-chart canvas")
    .evaluate((c) => c.getBoundingClientRect().width);
  expect(shaded[0]!.width / plotWidth).toBeGreaterThan(0.15);
  expect(shaded[0]!.width / plotWidth).toBeLessThan(0.25);
  expect(await page.locator("#detail-legend").textContent()).toContain("detected events");
  await page.screenshot({ path: join(REPO, "artifacts", "dashboard-events.png"), fullPage: true });
  expect(bodies.filter((text) => text.startsWith("PAGE ERROR"))).toEqual([]);
  await page.close();
});

test("a recording's report: the list opens it, its events and EN 50160 cells show, an event's waveform opens on click", async () => {
  // support/report.ts: 2.5 s of three phases from 2026-01-05T10:00:00, a dip on L1 (0.3-0.45 s, 172.5 V = 75 %)
  // and a swell on L2, L3 (1.5-1.6 s, 287.5 V = 125 %).
  await storeReportRecording(new RecordingsClient(store.url, { token: "" }), "feeder-report");
  const { page, bodies } = await openDashboard(1280, 1000);
  await page.waitForSelector('#recordings-rows tr[data-id="feeder-report"]');
  expect(await page.locator('#recordings-rows tr[data-id="feeder-report"]').textContent()).toBe(
    "feeder.cfg2026-01-05T10:00:00.0000002.5 sL1,L2,L32",
  );
  await page.locator('#recordings-rows tr[data-id="feeder-report"]').click();
  await page.waitForSelector("#report-events tr[data-event]");
  expect(await page.locator("#detail").isHidden()).toBe(true);
  const rows = await page.locator("#report-events tr[data-event]").allTextContents();
  expect(rows).toEqual([
    "1dipL12026-01-05T10:00:00.300000150.0 ms172.5 V75.0 %",
    "2swellL2,L32026-01-05T10:00:01.500000100.0 ms287.5 V125.0 %",
  ]);
  // The EN 50160 cells: the dip in 80 > u >= 70 × 10-200 ms, the swell in u >= 120 × 10-500 ms; nothing else.
  const hits = await page.locator("#report-tables td.hit").evaluateAll((cells) =>
    cells.map((cell) => {
      const row = cell.parentElement!;
      const table = row.closest("table")!;
      const column = [...row.children].indexOf(cell);
      return `${row.firstElementChild!.textContent} × ${table.querySelectorAll("thead th")[column]!.textContent} = ${cell.textContent}`;
    }),
  );
  expect(hits).toEqual(["80 > u >= 70 × 10-200 ms = 1", "u >= 120 × 10-500 ms = 1"]);

  // The envelope chart: one column per pixel of its width, both events shaded and labelled in time order.
  await page.waitForFunction(() => document.querySelector<HTMLElement>("#report-envelope")?.dataset.shaded);
  const envelope = page.locator("#report-envelope");
  const width = await envelope.evaluate((host) => host.clientWidth);
  expect(Number(await envelope.getAttribute("data-points"))).toBe(width);
  const stripes = JSON.parse((await envelope.getAttribute("data-shaded")) ?? "[]") as {
    x: number;
    label: string;
  }[];
  expect(stripes.map((stripe) => stripe.label)).toEqual(["1 dip 75 %", "2 swell 125 %"]);
  expect(stripes[0]!.x).toBeLessThan(stripes[1]!.x);

  // Clicking the dip reads samples 200-549 (the dip with 0.1 s each side) and shades 0.3-0.45 s of 0.2-0.55 s.
  await page.locator('#report-events tr[data-event="0"]').click();
  await page.waitForFunction(() => document.querySelector<HTMLElement>("#report-wave")?.dataset.shaded);
  const wave = page.locator("#report-wave");
  expect(await wave.getAttribute("data-points")).toBe("350");
  expect(await page.locator("#report-wave-note").textContent()).toBe(
    "Event 1: dip on L1 from 2026-01-05T10:00:00.300000, samples 200–549",
  );
  const [dipStripe] = JSON.parse((await wave.getAttribute("data-shaded")) ?? "[]") as {
    width: number;
    label: string;
  }[];
  expect(dipStripe!.label).toBe("1 dip 75 %");
  const plotWidth = await wave.locator("canvas").evaluate((c) => c.getBoundingClientRect().width);
  // 149 sample steps of the window's 349: 0.43 of the plot area, which is a little narrower than the canvas.
  expect(dipStripe!.width / plotWidth).toBeGreaterThan(0.3);
  expect(dipStripe!.width / plotWidth).toBeLessThan(0.43);
  await page.screenshot({ path: join(REPO, "artifacts", "dashboard-report.png"), fullPage: true });
  expect(bodies.filter((text) => text.startsWith("PAGE ERROR"))).toEqual([]);
  await page.close();
});

test("on a phone-width screen a recording's report fits without sideways scrolling", async () => {
  await storeReportRecording(new RecordingsClient(store.url, { token: "" }), "feeder-phone");
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${store.url}/#/recordings/feeder-phone`);
  await page.waitForSelector("#report-events tr[data-event]");
  await page.locator('#report-events tr[data-event="1"]').click();
  await page.waitForFunction(() => document.querySelector<HTMLElement>("#report-wave")?.dataset.shaded);
  // The swell (1.5-1.6 s) with 0.1 s each side: samples 1400-1699.
  expect(await page.locator("#report-wave").getAttribute("data-points")).toBe("300");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.close();
});
