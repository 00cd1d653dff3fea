/** The colony view: process counts by state, executors, recent processes, and the log search box. */
import type { ColonySnapshot, LogView, ProcessCounts, ProcessView } from "../wire.ts";
import { api } from "./api.ts";
import { byId, el, formatTime, shortId } from "./dom.ts";

const STATES: (keyof ProcessCounts)[] = ["waiting", "running", "successful", "failed"];

export class ColonyView {
  private snapshot: ColonySnapshot | null = null;
  private shownState: keyof ProcessCounts = "running";

  constructor() {
    for (const state of STATES) {
      byId(`count-${state}`).addEventListener("click", () => {
        this.shownState = state;
        this.renderRecent();
      });
    }
    byId<HTMLFormElement>("log-search").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.search();
    });
  }

  disabled(): void {
    byId("colony").classList.add("disabled");
    byId("colony-error").textContent =
      "Colonies is not configured for this server (set the COLONIES_* variables, see .env).";
  }

  update(snapshot: ColonySnapshot): void {
    this.snapshot = snapshot;
    byId("colony-name").textContent = snapshot.colonyName;
    byId("colony-error").textContent = snapshot.error ?? "";
    for (const state of STATES) {
      byId(`count-${state}`).querySelector(".n")!.textContent = String(snapshot.counts[state]);
    }
    const executors = snapshot.executors.map((executor) =>
      el(
        "li",
        {},
        el("span", { class: `dot ${executor.state === "approved" ? "on" : "off"}` }),
        el("span", { class: "mono" }, executor.name),
        el("span", { class: "muted" }, ` ${executor.type} · ${executor.state}`),
      ),
    );
    byId("executors").replaceChildren(
      ...(executors.length > 0 ? executors : [el("li", { class: "muted" }, "No executors registered.")]),
    );
    this.renderRecent();
  }

  private renderRecent(): void {
    for (const state of STATES) {
      byId(`count-${state}`).setAttribute("aria-pressed", String(state === this.shownState));
    }
    const list = this.snapshot?.recent[this.shownState] ?? [];
    byId("recent-title").textContent = `Recent ${this.shownState} processes`;
    byId("recent").replaceChildren(
      ...(list.length > 0
        ? list.map((process) => this.processItem(process))
        : [el("li", { class: "muted" }, "None.")]),
    );
  }

  private processItem(process: ProcessView): HTMLLIElement {
    const tsId = process.args[0];
    return el(
      "li",
      {},
      el("span", { class: "mono", title: process.id }, shortId(process.id, 8)),
      ` ${process.funcname}(`,
      tsId ? el("a", { href: `#/series/${encodeURIComponent(tsId)}`, title: tsId }, shortId(tsId, 8)) : "",
      process.args.length > 1 ? ` +${process.args.length - 1}` : "",
      ") ",
      el("span", { class: "muted" }, process.executorName ?? formatTime(process.submitted)),
    );
  }

  private async search(): Promise<void> {
    const text = byId<HTMLInputElement>("log-text").value.trim();
    const results = byId("log-results");
    if (!text) {
      results.replaceChildren();
      return;
    }
    results.replaceChildren(el("li", { class: "muted" }, "Searching…"));
    try {
      const { logs } = await api.searchLogs(text, 1, 30);
      results.replaceChildren(
        ...(logs.length > 0
          ? logs.map(logItem)
          : [el("li", { class: "muted" }, `No logs contain “${text}”.`)]),
      );
    } catch (error) {
      results.replaceChildren(el("li", { class: "error" }, (error as Error).message));
    }
  }
}

function logItem(log: LogView): HTMLLIElement {
  return el(
    "li",
    {},
    el("div", {}, log.message),
    el(
      "div",
      { class: "muted small" },
      `${formatTime(log.timestamp)} · ${log.executorName} · process `,
      el("span", { class: "mono", title: log.processId }, shortId(log.processId, 8)),
    ),
  );
}
