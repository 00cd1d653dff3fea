/** The series table: filter tabs, paging, rows that open the detail view; re-reads its page on live events. */

import { countKinds } from "../../lib/anomaly/event-summary.ts";
import type { SeriesFilter, SeriesPage } from "../wire.ts";
import { api } from "./api.ts";
import { byId, debounce, el, flagBadge, formatKl, formatTime, shortId } from "./dom.ts";

const PAGE_SIZE = 15;

export class SeriesTable {
  private filter: SeriesFilter = "all";
  private offset = 0;
  private selected: string | null = null;
  private readonly body = byId<HTMLTableSectionElement>("series-rows");
  private readonly pager = byId("series-pager");
  private readonly status = byId("series-status");
  readonly refreshSoon = debounce(() => void this.load(), 400);

  constructor(private readonly open: (tsId: string) => void) {
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-filter]")) {
      button.addEventListener("click", () => {
        this.filter = button.dataset.filter as SeriesFilter;
        this.offset = 0;
        for (const other of document.querySelectorAll("[data-filter]")) {
          other.setAttribute("aria-pressed", String(other === button));
        }
        void this.load();
      });
    }
    byId("series-prev").addEventListener("click", () => this.page(-1));
    byId("series-next").addEventListener("click", () => this.page(1));
  }

  select(tsId: string | null): void {
    this.selected = tsId;
    for (const row of this.body.querySelectorAll<HTMLTableRowElement>("tr[data-id]")) {
      row.classList.toggle("selected", row.dataset.id === tsId);
    }
  }

  async load(): Promise<void> {
    try {
      const page = await api.series(this.filter, this.offset, PAGE_SIZE);
      if (page.items.length === 0 && page.total > 0 && this.offset > 0) {
        this.offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return this.load();
      }
      this.render(page);
    } catch (error) {
      this.status.textContent = `Could not load series: ${(error as Error).message}`;
    }
  }

  private page(direction: number): void {
    this.offset = Math.max(0, this.offset + direction * PAGE_SIZE);
    void this.load();
  }

  private render(page: SeriesPage): void {
    const rows = page.items.map((item) => {
      const row = el(
        "tr",
        { "data-id": item.ts_id, tabindex: "0", title: item.ts_id },
        el("td", { class: "mono" }, shortId(item.ts_id, 12)),
        el("td", { class: "hide-narrow" }, formatTime(item.created_at)),
        el("td", {}, flagBadge(item.anomaly)),
        el("td", { class: "num" }, formatKl(item.kl_divergence)),
        el(
          "td",
          { class: "events-cell hide-narrow" },
          item.event_kinds ? countKinds(item.event_kinds) || "none" : "—",
        ),
        el("td", { class: "mono hide-narrow", title: item.process_id ?? "" }, shortId(item.process_id, 8)),
      );
      if (item.ts_id === this.selected) row.classList.add("selected");
      row.addEventListener("click", () => this.open(item.ts_id));
      row.addEventListener("keydown", (event) => {
        if (event.key === "Enter") this.open(item.ts_id);
      });
      return row;
    });
    if (rows.length === 0) {
      rows.push(el("tr", {}, el("td", { colspan: "6", class: "empty" }, "No series yet.")));
    }
    this.body.replaceChildren(...rows);
    const first = page.total === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.items.length;
    this.status.textContent = `${first}–${last} of ${page.total}`;
    byId<HTMLButtonElement>("series-prev").disabled = page.offset === 0;
    byId<HTMLButtonElement>("series-next").disabled = last >= page.total;
    this.pager.hidden = page.total <= PAGE_SIZE;
  }
}
