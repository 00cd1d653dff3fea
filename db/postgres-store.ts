/**
 * The PostgreSQL backend of the storage interface. Every write is one transaction that also NOTIFYs the
 * `series_changes` channel; each instance LISTENs there, so dashboards on every instance hear about writes
 * made through any of them. Instances keep no state of their own beyond the listeners.
 */
import { randomUUID } from "node:crypto";
import { and, arrayContains, asc, count, eq, gt, type SQL, sql } from "drizzle-orm";
import type { StoredEventKind, VoltageEventWire } from "../lib/timeseries/types.ts";
import { decodeTimes, decodeValues, encodeTimes, encodeValues } from "./point-codec.ts";
import { openPostgresStoreDatabase, type PostgresStoreDatabase, redactedUrl } from "./postgres/open.ts";
import { series, seriesPoints } from "./postgres/schema.ts";
import type {
  AnomalyChange,
  ListSeriesOptions,
  PutSeriesInput,
  SeriesChange,
  SeriesChangeListener,
  SeriesListPage,
  SeriesRecord,
  SeriesStorage,
  SeriesWithPoints,
} from "./store.ts";
import { SeriesStoreError } from "./store.ts";

const CHANNEL = "series_changes";

/** What goes over NOTIFY: small and fixed-size, the listener reads the record itself. */
interface ChangeNotice {
  instance: string;
  type: SeriesChange["type"];
  tsId: string;
}

const recordColumns = {
  seq: series.seq,
  tsId: series.tsId,
  processId: series.processId,
  anomaly: series.anomaly,
  klDivergence: series.klDivergence,
  eventKinds: series.eventKinds,
  pointCount: series.pointCount,
  createdAt: series.createdAt,
  updatedAt: series.updatedAt,
};

type RecordRow = Omit<SeriesRecord, "eventKinds"> & { seq: number; eventKinds: string[] | null };

function toRecord(row: RecordRow): SeriesRecord {
  return {
    tsId: row.tsId,
    processId: row.processId,
    anomaly: row.anomaly,
    klDivergence: row.klDivergence,
    eventKinds: row.eventKinds as StoredEventKind[] | null,
    pointCount: row.pointCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A list row as Bun returns it with `.values()`: int8 columns as strings, text[] as an array. */
type ListRow = [
  string,
  string,
  string,
  boolean,
  number | null,
  StoredEventKind[] | null,
  number,
  string,
  string,
];

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connection pool size per instance (default 10). */
  maxConnections?: number;
}

export class PostgresSeriesStorage implements SeriesStorage {
  readonly backend = "postgres" as const;
  readonly location: string;
  readonly #db: PostgresStoreDatabase;
  readonly #instance = randomUUID();
  readonly #listeners = new Set<SeriesChangeListener>();
  #unlisten: (() => Promise<void>) | undefined;
  /** Changes announced by other instances, read and reported one at a time in order. */
  readonly #pending = new Map<string, SeriesChange["type"]>();
  #draining = false;

  private constructor(db: PostgresStoreDatabase, location: string) {
    this.#db = db;
    this.location = location;
  }

  static async open({ url, maxConnections }: PostgresStorageOptions): Promise<PostgresSeriesStorage> {
    const db = await openPostgresStoreDatabase(url, maxConnections);
    const storage = new PostgresSeriesStorage(db, redactedUrl(url));
    const subscription = await db.$client.listen(CHANNEL, (payload) => storage.#heard(payload));
    storage.#unlisten = () => subscription.unlisten();
    return storage;
  }

  async put(input: PutSeriesInput): Promise<{ created: boolean; series: SeriesRecord }> {
    if (input.times.length !== input.values.length) {
      throw new SeriesStoreError(
        `Series ${input.tsId}: ${input.times.length} times but ${input.values.length} values`,
      );
    }
    const now = Date.now();
    const times = encodeTimes(input.times);
    const values = encodeValues(input.values);
    const pointCount = input.values.length;
    const slot = await this.#db.transaction(async (tx) => {
      const [row] = await tx
        .insert(series)
        .values({
          tsId: input.tsId,
          processId: input.processId,
          anomaly: input.anomaly,
          klDivergence: null,
          events: null,
          eventKinds: null,
          pointCount,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: series.tsId,
          set: {
            processId: sql`excluded.process_id`,
            anomaly: sql`excluded.anomaly`,
            klDivergence: null,
            events: null,
            eventKinds: null,
            pointCount: sql`excluded.point_count`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
        // xmax is 0 on a freshly inserted row version and set when the conflict branch updated it.
        .returning({ seq: series.seq, createdAt: series.createdAt, inserted: sql<boolean>`(xmax = 0)` });
      const { seq } = row!;
      await tx
        .insert(seriesPoints)
        .values({ seq, times, values })
        .onConflictDoUpdate({
          target: seriesPoints.seq,
          set: { times: sql`excluded.times`, values: sql`excluded."values"` },
        });
      const type = row!.inserted ? "created" : "updated";
      await this.#notify(tx, type, input.tsId);
      return { created: row!.inserted, createdAt: row!.createdAt };
    });
    const record: SeriesRecord = {
      tsId: input.tsId,
      processId: input.processId,
      anomaly: input.anomaly,
      klDivergence: null,
      eventKinds: null,
      pointCount,
      createdAt: slot.createdAt,
      updatedAt: now,
    };
    this.#emit({ type: slot.created ? "created" : "updated", series: record });
    return { created: slot.created, series: record };
  }

  async get(tsId: string): Promise<SeriesWithPoints | null> {
    const [row] = await this.#db
      .select({
        ...recordColumns,
        events: series.events,
        times: seriesPoints.times,
        values: seriesPoints.values,
      })
      .from(series)
      .innerJoin(seriesPoints, eq(seriesPoints.seq, series.seq))
      .where(eq(series.tsId, tsId));
    if (!row) return null;
    return {
      ...toRecord(row),
      events: row.events === null ? null : (JSON.parse(row.events) as VoltageEventWire[]),
      times: decodeTimes(row.times),
      values: decodeValues(row.values),
    };
  }

  async getRecord(tsId: string): Promise<SeriesRecord | null> {
    const [row] = await this.#db.select(recordColumns).from(series).where(eq(series.tsId, tsId));
    return row ? toRecord(row) : null;
  }

  async list({ anomaly, eventKind, limit, after = 0 }: ListSeriesOptions): Promise<SeriesListPage> {
    const conditions: SQL[] = [gt(series.seq, after)];
    if (anomaly !== undefined) conditions.push(eq(series.anomaly, anomaly));
    if (eventKind !== undefined) conditions.push(arrayContains(series.eventKinds, [eventKind]));
    const { sql: text, params } = this.#db
      .select(recordColumns)
      .from(series)
      .where(and(...conditions))
      .orderBy(asc(series.seq))
      .limit(limit + 1)
      .toSQL();
    // Plain value rows, skipping Drizzle's per-row mapping: this is the 10,000-row page.
    const rows = (await this.#db.$client.unsafe(text, params).values()) as ListRow[];
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const items = page.map(
      (row): SeriesRecord => ({
        tsId: row[1],
        processId: row[2],
        anomaly: row[3],
        klDivergence: row[4],
        eventKinds: row[5],
        pointCount: row[6],
        createdAt: Number(row[7]),
        updatedAt: Number(row[8]),
      }),
    );
    return { items, next: more ? Number(page[page.length - 1]![0]) : null };
  }

  /** The verdict's detail (KL divergence, events) is replaced as a whole when either is given; see AnomalyChange. */
  async setAnomaly(tsId: string, change: AnomalyChange): Promise<SeriesRecord | null> {
    const now = Date.now();
    const replacesDetail = change.klDivergence !== undefined || change.events !== undefined;
    const events = change.events ?? null;
    const detail = replacesDetail
      ? {
          klDivergence: change.klDivergence ?? null,
          events: events === null ? null : JSON.stringify(events),
          eventKinds: events === null ? null : events.map((event) => event.kind),
        }
      : {};
    const record = await this.#db.transaction(async (tx) => {
      const [row] = await tx
        .update(series)
        .set({
          anomaly: change.anomaly,
          processId: change.processId ?? sql`${series.processId}`,
          ...detail,
          updatedAt: now,
        })
        .where(eq(series.tsId, tsId))
        .returning(recordColumns);
      if (!row) return null;
      await this.#notify(tx, "updated", tsId);
      return toRecord(row);
    });
    if (record) this.#emit({ type: "updated", series: record });
    return record;
  }

  async remove(tsId: string): Promise<boolean> {
    const deleted = await this.#db.transaction(async (tx) => {
      const rows = await tx.delete(series).where(eq(series.tsId, tsId)).returning({ seq: series.seq });
      if (rows.length === 0) return false;
      await this.#notify(tx, "deleted", tsId);
      return true;
    });
    if (deleted) this.#emit({ type: "deleted", tsId });
    return deleted;
  }

  async count(): Promise<number> {
    const [row] = await this.#db.select({ n: count() }).from(series);
    return row?.n ?? 0;
  }

  onChange(listener: SeriesChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#unlisten?.();
    await this.#db.$client.close();
  }

  /** Queued in the write's transaction: PostgreSQL delivers it on commit, never on rollback. */
  async #notify(tx: { execute: PostgresStoreDatabase["execute"] }, type: SeriesChange["type"], tsId: string) {
    const notice: ChangeNotice = { instance: this.#instance, type, tsId };
    await tx.execute(sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`);
  }

  #heard(payload: string): void {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload) as ChangeNotice;
    } catch {
      console.error(`store: ignoring a malformed ${CHANNEL} notification: ${payload.slice(0, 80)}`);
      return;
    }
    // Our own writes were reported when they committed; listeners without a subscriber need no reads.
    if (notice.instance === this.#instance || this.#listeners.size === 0) return;
    this.#pending.delete(notice.tsId);
    this.#pending.set(notice.tsId, notice.type);
    if (!this.#draining) void this.#drain();
  }

  /** Reports other instances' changes with the record as it is now (a later change is never overtaken). */
  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#pending.size > 0) {
        const [tsId, type] = this.#pending.entries().next().value as [string, SeriesChange["type"]];
        this.#pending.delete(tsId);
        const record = type === "deleted" ? null : await this.getRecord(tsId);
        if (record) this.#emit({ type: type === "created" ? "created" : "updated", series: record });
        else this.#emit({ type: "deleted", tsId });
      }
    } catch (error) {
      console.error(`store: could not read a change made by another instance: ${(error as Error).message}`);
      this.#pending.clear();
    } finally {
      this.#draining = false;
    }
  }

  #emit(change: SeriesChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error(`store change listener failed: ${(error as Error).message}`);
      }
    }
  }
}
