/**
 * The dashboard's view of the store: every series' record (no points) kept in memory, newest first, so the
 * table can filter three ways and page by offset with exact totals. Loaded once from `SeriesStorage.list` and
 * kept current by `SeriesStorage.onChange` (which, on PostgreSQL, includes writes made through other store
 * instances); points are read from the store only for the detail view.
 */
import type { SeriesRecord, SeriesStorage } from "../db/storage.ts";
import type { SeriesFilter, SeriesPage, SeriesRow } from "./wire.ts";

const LOAD_PAGE = 5_000;

export function toRow(record: SeriesRecord): SeriesRow {
  // A PATCH always moves updatedAt; the tutorial's own executor PATCHes without a KL divergence.
  const checked =
    record.klDivergence !== null ||
    record.eventKinds !== null ||
    record.anomaly ||
    record.updatedAt !== record.createdAt;
  return {
    ts_id: record.tsId,
    created_at: new Date(record.createdAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
    anomaly: checked ? record.anomaly : null,
    kl_divergence: record.klDivergence,
    process_id: record.processId === "" ? null : record.processId,
    event_kinds: record.eventKinds,
  };
}

function matches(record: SeriesRecord, filter: SeriesFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "anomalous":
      return record.anomaly;
    case "normal":
      return !record.anomaly;
    default:
      return record.eventKinds?.includes(filter) ?? false;
  }
}

export class SeriesIndex {
  /** Insertion order is the store's order of creation (a re-PUT keeps its place, as in the store). */
  private readonly records = new Map<string, SeriesRecord>();
  private readonly unsubscribe: () => void;
  /** Settles when the first load is done; page() waits for it. */
  private readonly loaded: Promise<void>;

  constructor(store: SeriesStorage) {
    // Subscribe first so nothing committed while loading is missed; the load never overwrites newer news.
    const seenDuringLoad = new Set<string>();
    let loading = true;
    this.unsubscribe = store.onChange((change) => {
      const tsId = change.type === "deleted" ? change.tsId : change.series.tsId;
      if (loading) seenDuringLoad.add(tsId);
      if (change.type === "deleted") this.records.delete(tsId);
      else this.records.set(tsId, change.series);
    });
    this.loaded = (async () => {
      for (let after: number | null = 0; after !== null; ) {
        const page = await store.list({ limit: LOAD_PAGE, after });
        for (const record of page.items) {
          if (!seenDuringLoad.has(record.tsId)) this.records.set(record.tsId, record);
        }
        after = page.next;
      }
      loading = false;
    })();
    // A failed load is reported by every page() call; this only keeps it from being an unhandled rejection.
    this.loaded.catch(() => {});
  }

  async page(filter: SeriesFilter, offset: number, limit: number): Promise<SeriesPage> {
    await this.loaded;
    const all = [...this.records.values()];
    const items: SeriesRow[] = [];
    let total = 0;
    for (let i = all.length - 1; i >= 0; i--) {
      const record = all[i]!;
      if (!matches(record, filter)) continue;
      if (total >= offset && items.length < limit) items.push(toRow(record));
      total++;
    }
    return { items, total, offset, limit, filter };
  }

  close(): void {
    this.unsubscribe();
  }
}
