/** The series detail: chart with shaded regions, KL against the threshold, the checking process and its logs. */
import type { EventShade, ProcessDetail, SeriesDetail } from "../wire.ts";
import { api } from "./api.ts";
import { WaveChart } from "./chart.ts";
import { byId, el, flagBadge, formatDateTime, formatKl } from "./dom.ts";

const DETECTED_FILL = "rgba(255, 92, 92, 0.13)";
const LABELLED_FILL = "rgba(255, 190, 60, 0.32)";

export class SeriesDetailView {
  private current: string | null = null;
  private readonly panel = byId("detail");
  private readonly chart = new WaveChart(byId("detail-chart"));

  constructor(private readonly close: () => void) {
    byId("detail-close").addEventListener("click", () => this.close());
  }

  get openId(): string | null {
    return this.current;
  }

  hide(): void {
    this.current = null;
    this.panel.classList.remove("open");
    byId("detail-empty").hidden = false;
    byId("detail-body").hidden = true;
    this.chart.clear();
  }

  /** `reveal`: scroll the panel into view where it sits below the table (narrow screens). */
  async show(tsId: string, { reveal = false } = {}): Promise<void> {
    this.current = tsId;
    this.panel.classList.add("open");
    if (reveal && window.matchMedia("(max-width: 900px)").matches) {
      this.panel.scrollIntoView({ behavior: "smooth", block: "start" });
    }
    byId("detail-empty").hidden = true;
    byId("detail-body").hidden = false;
    byId("detail-title").textContent = tsId;
    try {
      const detail = await api.seriesDetail(tsId);
      if (this.current !== tsId) return;
      this.render(detail);
      const processId = detail.row.process_id;
      const processBox = byId("detail-process");
      if (processId) {
        const process = await api.process(processId).catch((error: Error) => error);
        if (this.current !== tsId) return;
        processBox.replaceChildren(...renderProcess(process));
      } else {
        processBox.replaceChildren(el("p", { class: "muted" }, "Not checked by an executor yet."));
      }
    } catch (error) {
      byId("detail-summary").replaceChildren(
        el("p", { class: "error" }, `Could not load series: ${(error as Error).message}`),
      );
    }
  }

  private render(detail: SeriesDetail): void {
    const { row } = detail;
    byId("detail-summary").replaceChildren(
      flagBadge(row.anomaly),
      el(
        "span",
        { class: "muted" },
        ` ${detail.values.length} points · created ${formatDateTime(row.created_at)}`,
      ),
    );
    this.chart.show(detail.time, detail.values, [
      {
        ranges: detail.detected,
        fill: DETECTED_FILL,
        labels: detail.events?.map((shade) => shade.label),
      },
      { ranges: detail.labelled ?? [], fill: LABELLED_FILL },
    ]);
    const legend: (Node | string)[] = [
      el("span", { class: "swatch", style: `background:${DETECTED_FILL}` }),
      detail.events
        ? " detected events (depth in % of the reference voltage)"
        : detail.window
          ? ` detected (windows of ${detail.window} points over the threshold)`
          : " detected",
    ];
    if (detail.labelled) {
      legend.push(
        el("span", { class: "swatch", style: `background:${LABELLED_FILL}` }),
        " injected drops (labels)",
      );
    }
    byId("detail-legend").replaceChildren(...legend);
    byId("detail-kl").replaceChildren(
      ...(detail.events ? renderEvents(detail.events) : renderKl(row.kl_divergence, detail.threshold)),
    );
  }
}

function seconds(value: number): string {
  return `${value.toFixed(3)} s`;
}

function renderEvents(events: EventShade[]): Node[] {
  return [
    el("p", {}, `${events.length} ${events.length === 1 ? "event" : "events"} found by the RMS detector:`),
    el(
      "ol",
      { id: "detail-events", class: "events" },
      ...events.map(({ event, label }) =>
        el(
          "li",
          { class: `event ${event.kind}` },
          el("strong", {}, label),
          ` ${seconds(event.start_s)}–${seconds(event.end_s)} (${seconds(event.duration_s)}), ${event.residual_v.toFixed(1)} V`,
          event.cut ? el("span", { class: "muted" }, " · runs past the data") : "",
        ),
      ),
    ),
  ];
}

function renderKl(kl: number | null, threshold: number | null): Node[] {
  if (kl === null) return [el("p", { class: "muted" }, "KL divergence: not computed yet.")];
  const text = el(
    "p",
    {},
    "KL divergence ",
    el("strong", {}, formatKl(kl)),
    threshold === null ? "" : ` vs threshold ${formatKl(threshold)}`,
  );
  if (threshold === null || threshold <= 0) return [text];
  const ratio = kl / threshold;
  text.append(
    el("span", { class: "muted" }, ` (${ratio < 0.01 ? "<0.01" : ratio.toPrecision(2)}× the threshold)`),
  );
  // Log scale over four decades centred on the threshold: 0.01× at the left end, 100× at the right.
  const fill = ratio <= 0 ? 0 : Math.min(1, Math.max(0, (Math.log10(ratio) + 2) / 4)) * 100;
  const bar = el(
    "div",
    { class: "kl-bar", role: "img", "aria-label": `KL ${formatKl(kl)}, threshold ${formatKl(threshold)}` },
    el("div", { class: `kl-fill ${kl > threshold ? "bad" : "ok"}`, style: `width:${fill}%` }),
    el("div", { class: "kl-mark", style: "left:50%" }),
  );
  const scale = el(
    "div",
    { class: "kl-scale small muted" },
    el("span", {}, "0.01×"),
    el("span", {}, "threshold"),
    el("span", {}, "100×"),
  );
  return [text, bar, scale];
}

function renderProcess(result: ProcessDetail | Error): Node[] {
  if (result instanceof Error) return [el("p", { class: "error" }, `Process unavailable: ${result.message}`)];
  const { process, logs } = result;
  const facts = el(
    "dl",
    { class: "facts" },
    el("dt", {}, "process"),
    el("dd", { class: "mono" }, process.id),
    el("dt", {}, "state"),
    el("dd", {}, el("span", { class: `state ${process.state}` }, process.state)),
    el("dt", {}, "executor"),
    el("dd", {}, process.executorName ?? "—"),
    el("dt", {}, "submitted"),
    el("dd", {}, formatDateTime(process.submitted)),
    el("dt", {}, "ended"),
    el("dd", {}, formatDateTime(process.ended)),
  );
  const nodes: Node[] = [facts];
  if (process.errors.length > 0) nodes.push(el("pre", { class: "error" }, process.errors.join("\n")));
  nodes.push(
    logs.length === 0
      ? el("p", { class: "muted" }, "No logs.")
      : el("ol", { class: "logs" }, ...logs.map((log) => el("li", {}, log.message))),
  );
  return nodes;
}
