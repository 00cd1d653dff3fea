/** The recordings table (the store's `/recordings/`): one row per recording, opening its report. */
import type { RecordingSummary } from "../../lib/timeseries/recordings.ts";
import { api } from "./api.ts";
import { byId, el, shortId } from "./dom.ts";

const LIMIT = 100;

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "growing";
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 120) return `${(seconds / 60).toFixed(1)} min`;
  return `${Number(seconds.toFixed(3))} s`;
}

function eventsCell(r: RecordingSummary): string {
  if (r.event_count !== null) return String(r.event_count);
  return `${r.segments_done}/${r.segment_count ?? "?"} segments`;
}

export class RecordingsTable {
  private selected: string | null = null;
  private readonly body = byId<HTMLTableSectionElement>("recordings-rows");
  private readonly status = byId("recordings-status");

  constructor(private readonly open: (id: string) => void) {
    byId("recordings-refresh").addEventListener("click", () => void this.load());
  }

  select(id: string | null): void {
    this.selected = id;
    for (const row of this.body.querySelectorAll<HTMLTableRowElement>("tr[data-id]"))
      row.classList.toggle("selected", row.dataset.id === id);
  }

  async load(): Promise<void> {
    try {
      const page = await api.recordings(LIMIT);
      this.render(page.items);
      this.status.textContent = page.next_cursor ? `the first ${LIMIT} recordings` : "";
    } catch (error) {
      this.status.textContent = `Could not load recordings: ${(error as Error).message}`;
    }
  }

  private render(items: RecordingSummary[]): void {
    const rows = items.map((r) => {
      const row = el(
        "tr",
        { "data-id": r.id, tabindex: "0", title: `${r.source} (${r.id})` },
        el("td", {}, shortId(r.source, 22)),
        el("td", { class: "hide-narrow mono" }, r.start_time ?? "—"),
        el(
          "td",
          { class: "num" },
          formatDuration(r.total_samples === null ? null : r.total_samples / r.sampling_rate),
        ),
        el("td", { class: "hide-narrow" }, r.channels.map((c) => c.name).join(",")),
        el("td", { class: "num" }, eventsCell(r)),
      );
      if (r.id === this.selected) row.classList.add("selected");
      row.addEventListener("click", () => this.open(r.id));
      row.addEventListener("keydown", (event) => {
        if (event.key === "Enter") this.open(r.id);
      });
      return row;
    });
    if (rows.length === 0)
      rows.push(
        el(
          "tr",
          {},
          el("td", { colspan: "5", class: "empty" }, "No recordings yet (bun scripts/ingest.ts FILE)."),
        ),
      );
    this.body.replaceChildren(...rows);
  }
}
