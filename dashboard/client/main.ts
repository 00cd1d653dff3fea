/** Dashboard entry: wires the views together, follows the URL hash, and listens to live server events. */
import type { DashboardEvents } from "../wire.ts";
import { api } from "./api.ts";
import { ColonyView } from "./colony.ts";
import { SeriesDetailView } from "./detail.ts";
import { byId, formatKl } from "./dom.ts";
import { RecordingsTable } from "./recordings.ts";
import { RecordingReportView } from "./report.ts";
import { SeriesTable } from "./table.ts";

const openSeries = (tsId: string) => {
  location.hash = `#/series/${encodeURIComponent(tsId)}`;
};
const table = new SeriesTable(openSeries);
const detail = new SeriesDetailView(() => {
  location.hash = "";
});
const colony = new ColonyView();
const recordings = new RecordingsTable((id) => {
  location.hash = `#/recordings/${encodeURIComponent(id)}`;
});
const report = new RecordingReportView(() => {
  location.hash = "";
});

function route(): void {
  const match = /^#\/series\/(.+)$/.exec(location.hash);
  const tsId = match ? decodeURIComponent(match[1]!) : null;
  const recording = /^#\/recordings\/(.+)$/.exec(location.hash);
  const recordingId = recording ? decodeURIComponent(recording[1]!) : null;
  table.select(tsId);
  recordings.select(recordingId);
  // The report takes the detail panel's place while it is open.
  byId("detail").hidden = recordingId !== null;
  if (recordingId) void report.show(recordingId);
  else report.hide();
  if (tsId) void detail.show(tsId, { reveal: true });
  else detail.hide();
}

function listen(): void {
  const live = byId("live");
  const source = new EventSource("/dashboard/api/events");
  const on = <K extends keyof DashboardEvents>(name: K, handle: (data: DashboardEvents[K]) => void) =>
    source.addEventListener(name, (event) => handle(JSON.parse((event as MessageEvent<string>).data)));

  source.addEventListener("open", () => {
    live.textContent = "live";
    live.className = "live on";
  });
  source.addEventListener("error", () => {
    // EventSource reconnects by itself; say so until it does.
    live.textContent = "reconnecting…";
    live.className = "live off";
  });
  on("hello", (info) => {
    byId("threshold").textContent = info.threshold === null ? "" : `threshold ${formatKl(info.threshold)}`;
    if (!info.colony.enabled) colony.disabled();
    table.refreshSoon();
  });
  on("series", ({ changed, removed }) => {
    table.refreshSoon();
    const open = detail.openId;
    if (open && (changed.includes(open) || removed.includes(open))) void detail.show(open);
  });
  on("colony", (snapshot) => colony.update(snapshot));
}

window.addEventListener("hashchange", route);
void table.load();
void recordings.load();
// Recordings come from ingest, which the live events do not cover: the list is re-read while the page is seen.
setInterval(() => {
  if (!document.hidden) void recordings.load();
}, 5000);
void api.colony().then(
  (snapshot) => colony.update(snapshot),
  () => undefined,
);
route();
listen();
