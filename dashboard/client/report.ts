/**
 * A recording's report (lib/report, built here from the store's `/recordings/` replies): the summary, the
 * U_rms(1/2) envelope of each phase with the events shaded, the event table, the EN 50160 tables, and the
 * waveform of an event when its row is clicked.
 */
import {
  buildReport,
  eventLabel,
  eventStart,
  type RecordingReport,
  type ReportEvent,
  waveformWindow,
} from "../../lib/report/index.ts";
import type { EventTable } from "../../lib/signal/en50160.ts";
import type { MergedEnvelope } from "../../lib/timeseries/recordings.ts";
import type { IndexRange } from "../wire.ts";
import { api } from "./api.ts";
import { byId, el } from "./dom.ts";
import { EnvelopeChart, EVENT_FILL, PHASE_COLORS, WaveformChart } from "./recording-charts.ts";
import { formatDuration } from "./recordings.ts";

export class RecordingReportView {
  private current: string | null = null;
  private report: RecordingReport | null = null;
  private readonly panel = byId("report");
  private readonly envelope = new EnvelopeChart(byId("report-envelope"));
  private readonly wave = new WaveformChart(byId("report-wave"));

  constructor(private readonly close: () => void) {
    byId("report-close").addEventListener("click", () => this.close());
  }

  hide(): void {
    this.current = null;
    this.report = null;
    this.panel.hidden = true;
    this.envelope.clear();
    this.wave.clear();
  }

  async show(id: string): Promise<void> {
    this.current = id;
    this.panel.hidden = false;
    byId("report-title").textContent = id;
    byId("report-summary").replaceChildren(el("p", { class: "muted" }, "Loading…"));
    byId("report-events-box").replaceChildren();
    byId("report-tables").replaceChildren();
    this.wave.clear();
    byId("report-wave-note").textContent = "Click an event to see its waveform.";
    try {
      // One column per pixel of the chart's width.
      const columns = Math.min(10_000, Math.max(100, Math.round(byId("report-envelope").clientWidth)));
      const [recording, envelope] = await Promise.all([api.recording(id), api.envelope(id, columns)]);
      if (this.current !== id) return;
      const report = buildReport(recording, recording.events ?? [], envelope);
      this.report = report;
      this.render(report, envelope);
    } catch (error) {
      byId("report-summary").replaceChildren(
        el("p", { class: "error" }, `Could not load recording: ${(error as Error).message}`),
      );
    }
  }

  private render(report: RecordingReport, envelope: MergedEnvelope): void {
    const r = report.recording;
    byId("report-title").textContent = r.source;
    const fact = (term: string, value: string) => [el("dt", {}, term), el("dd", {}, value)];
    byId("report-summary").replaceChildren(
      el(
        "dl",
        { class: "facts" },
        ...fact("id", r.id),
        ...fact("channels", r.channels.map((c) => (c.phase ? `${c.name} (${c.phase})` : c.name)).join(", ")),
        ...fact("rate", `${r.sampling_rate} Hz, line ${r.frequency} Hz, nominal ${r.nominal_voltage} V`),
        ...fact("start", r.start_time ?? "not given (times from the first sample)"),
        ...fact("duration", formatDuration(r.duration_s)),
        ...fact(
          "segments",
          `${r.segments.done} of ${r.segments.count ?? "?"} detected${r.complete ? "" : " (growing)"}`,
        ),
        ...r.warnings.flatMap((w) => fact("warning", w)),
      ),
    );
    const columnSeconds = envelope.samples_per_column / r.sampling_rate;
    const time = Array.from({ length: envelope.columns }, (_, i) => i * columnSeconds);
    const labels = roomyLabels(
      report.events,
      envelope.columns * columnSeconds,
      byId("report-envelope").clientWidth,
    );
    this.envelope.show(
      { time, channels: envelope.channels, min: envelope.min, max: envelope.max },
      report.events.map((e, i) => ({
        range: [
          Math.floor(e.start_s / columnSeconds),
          Math.max(Math.floor(e.start_s / columnSeconds) + 1, Math.ceil(e.end_s / columnSeconds)),
        ] as IndexRange,
        label: labels[i]!,
      })),
    );
    byId("report-legend").replaceChildren(
      ...envelope.channels.flatMap((name, c) => [
        el("span", { class: "swatch", style: `background:${PHASE_COLORS[c % PHASE_COLORS.length]}` }),
        ` ${name} `,
      ]),
      el("span", { class: "swatch", style: `background:${EVENT_FILL}` }),
      " events",
    );
    byId("report-events-box").replaceChildren(this.eventTable(report));
    byId("report-tables").replaceChildren(en50160(report.tables.dips), en50160(report.tables.swells));
  }

  private eventTable(report: RecordingReport): Node {
    if (!report.recording.events_stitched)
      return el(
        "p",
        { class: "muted" },
        "Events not stitched yet: the recording's workflow is still running.",
      );
    if (report.events.length === 0) return el("p", { class: "muted" }, "No events.");
    const rows = report.events.map((e, i) => {
      const row = el(
        "tr",
        { "data-event": String(i), tabindex: "0" },
        el("td", { class: "num" }, String(i + 1)),
        el("td", {}, el("span", { class: `kind ${e.kind}` }, e.kind)),
        el("td", {}, e.phases.join(",")),
        el("td", { class: "mono" }, eventStart(e)),
        el("td", { class: "num" }, `${(e.duration_s * 1000).toFixed(1)} ms`),
        el("td", { class: "num hide-narrow" }, `${e.residual_v.toFixed(1)} V`),
        el("td", { class: "num" }, `${e.residual_pct.toFixed(1)} %`),
      );
      const open = () => void this.showEvent(i);
      row.addEventListener("click", open);
      row.addEventListener("keydown", (event) => {
        if (event.key === "Enter") open();
      });
      return row;
    });
    return el(
      "table",
      { id: "report-events", class: "series-table" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...["#", "kind", "phases", "start", "duration"].map((h) => el("th", {}, h)),
          el("th", { class: "num hide-narrow" }, "residual"),
          el("th", { class: "num" }, "% of nominal"),
        ),
      ),
      el("tbody", {}, ...rows),
    );
  }

  private async showEvent(index: number): Promise<void> {
    const report = this.report;
    const id = this.current;
    const event = report?.events[index];
    if (!report || !id || !event) return;
    for (const row of document.querySelectorAll<HTMLElement>("#report-events tr[data-event]"))
      row.classList.toggle("selected", row.dataset.event === String(index));
    const rate = report.recording.sampling_rate;
    const window = waveformWindow(event, rate, report.recording.total_samples);
    const note = byId("report-wave-note");
    note.textContent = `Event ${index + 1}: samples ${window.start}–${window.start + window.count - 1}…`;
    try {
      const samples = await api.samples(id, window.start, window.count);
      if (this.current !== id) return;
      const time = Array.from({ length: window.count }, (_, k) => (window.start + k) / rate);
      this.wave.show(time, samples.channels, samples.values, {
        range: eventRange(event, window.start, rate, window.count),
        label: eventLabel(event, index),
      });
      note.textContent = `Event ${index + 1}: ${event.kind} on ${event.phases.join(",")} from ${eventStart(event)}, samples ${window.start}–${window.start + window.count - 1}`;
    } catch (error) {
      this.wave.clear();
      note.textContent = `Could not load the waveform: ${(error as Error).message}`;
    }
  }
}

/**
 * Each event's label, or "" where it would overlap the previous label drawn (events in time order, 7 pixels a
 * character of the 11 px chart font): a day of events stays readable; the event table lists them all.
 */
function roomyLabels(events: readonly ReportEvent[], seconds: number, width: number): string[] {
  let free = Number.NEGATIVE_INFINITY;
  return events.map((e, i) => {
    const label = eventLabel(e, i);
    const x = seconds > 0 ? (e.start_s / seconds) * width : 0;
    if (x < free) return "";
    free = x + label.length * 7;
    return label;
  });
}

/** The event's samples as an index range into a window of `count` samples from `start`. */
function eventRange(event: ReportEvent, start: number, rate: number, count: number): IndexRange {
  const first = Math.min(count - 1, Math.max(0, Math.round(event.start_s * rate) - start));
  return [first, Math.max(first + 1, Math.min(count, Math.round(event.end_s * rate) - start))];
}

function en50160(table: EventTable): Node {
  return el(
    "table",
    { class: "en50160" },
    el("caption", {}, table.title),
    el(
      "thead",
      {},
      el("tr", {}, el("th", {}, "u \\ t"), ...table.columns.map((c) => el("th", { class: "num" }, c))),
    ),
    el(
      "tbody",
      {},
      ...table.rows.map((row, r) =>
        el(
          "tr",
          {},
          el("th", {}, row),
          ...table.counts[r]!.map((n) => el("td", { class: n > 0 ? "num hit" : "num" }, String(n))),
        ),
      ),
    ),
    table.outside > 0
      ? el(
          "tfoot",
          {},
          el(
            "tr",
            {},
            el(
              "td",
              { colspan: String(table.columns.length + 1) },
              `${table.outside} outside the table (under 10 ms or over 60 s)`,
            ),
          ),
        )
      : null,
  );
}
