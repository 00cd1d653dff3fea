/**
 * The PostgreSQL driver of the series storage. Every write is one statement (so one implicit transaction
 * and one round trip) that also NOTIFYs the `series_changes` channel; each instance LISTENs there, so
 * dashboards on every instance hear about writes made through any of them. Instances keep no state of their
 * own beyond the listeners.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, gt, type SQL, sql } from "drizzle-orm";
import type { StoredEventKind, VoltageEventWire } from "../../lib/timeseries/types.ts";
import { ChangeListeners } from "../change-listeners.ts";
import { decodeTimes, decodeValues, encodeTimes, encodeValues } from "../point-codec.ts";
import { recordColumns } from "../record-columns.ts";
import type { RecordingStorage } from "../recording-storage.ts";
import {
  type AnomalyChange,
  checkPointCounts,
  type ListSeriesOptions,
  type PutSeriesInput,
  type SeriesChange,
  type SeriesChangeListener,
  type SeriesListPage,
  type SeriesRecord,
  type SeriesWithPoints,
  type Storage,
} from "../storage.ts";
import { openPostgresStorageDatabase, type PostgresStorageDatabase, redactedUrl } from "./open.ts";
import { postgresRecordingStorage } from "./recording-storage.ts";
import { series, seriesPoints } from "./schema.ts";
import { compile, numbered } from "./statements.ts";

const CHANNEL = "series_changes";

/** What goes over NOTIFY (built in SQL, see `notice`): small and fixed-size, listeners read the record. */
interface ChangeNotice {
  instance: string;
  type: SeriesChange["type"];
  tsId: string;
}

/** The NOTIFY of a write, as a select-list expression over the written row (`type` and `ts_id` are SQL). */
const notice = (type: string, tsId: string) =>
  `pg_notify('${CHANNEL}', json_build_object('instance', $instance::text, 'type', ${type}, 'tsId', ${tsId})::text)`;

const RECORD =
  "seq, ts_id, process_id, anomaly, kl_divergence, event_kinds, point_count, created_at, updated_at";

/**
 * Create or replace: the series row (keeping seq and created_at on a conflict), its points and the notice in
 * one statement. xmax is 0 on a freshly inserted row version and set when the conflict branch updated it.
 * The row is made only after a transaction-scoped advisory lock is held (released at commit), so writers take
 * their seq in commit order: a reader paging by seq never finds a smaller seq committed behind its cursor.
 */
const PUT = `
WITH l AS (SELECT pg_advisory_xact_lock(hashtext('series.seq')::bigint)), s AS (
  INSERT INTO series (ts_id, process_id, anomaly, kl_divergence, events, event_kinds, point_count, created_at, updated_at)
  SELECT $tsId, $processId, $anomaly, NULL, NULL, NULL, $pointCount, $now, $now FROM l
  ON CONFLICT (ts_id) DO UPDATE SET process_id = excluded.process_id, anomaly = excluded.anomaly,
    kl_divergence = NULL, events = NULL, event_kinds = NULL, point_count = excluded.point_count,
    updated_at = excluded.updated_at
  RETURNING seq, ts_id, created_at, (xmax = 0) AS inserted
), p AS (
  INSERT INTO series_points (seq, times, "values") SELECT seq, $times, $values FROM s
  ON CONFLICT (seq) DO UPDATE SET times = excluded.times, "values" = excluded."values"
)
SELECT s.created_at, s.inserted, ${notice("CASE WHEN s.inserted THEN 'created' ELSE 'updated' END", "s.ts_id")} FROM s`;

/** The verdict's detail (KL divergence, events, their kinds) is replaced as a whole when $replace is true. */
const SET_ANOMALY = `
WITH u AS (
  UPDATE series SET anomaly = $anomaly, process_id = COALESCE($processId::text, process_id),
    kl_divergence = CASE WHEN $replace::boolean THEN $klDivergence::float8 ELSE kl_divergence END,
    events = CASE WHEN $replace::boolean THEN $events::text ELSE events END,
    event_kinds = CASE
      WHEN NOT $replace::boolean THEN event_kinds
      WHEN $events::text IS NULL THEN NULL
      ELSE ARRAY(SELECT e ->> 'kind' FROM json_array_elements($events::text::json) WITH ORDINALITY AS t(e, i) ORDER BY i)
    END,
    updated_at = $now
  WHERE ts_id = $tsId
  RETURNING ${RECORD}
)
SELECT ${RECORD}, ${notice("'updated'", "u.ts_id")} FROM u`;

const REMOVE = `
WITH d AS (DELETE FROM series WHERE ts_id = $tsId RETURNING ts_id)
SELECT ${notice("'deleted'", "d.ts_id")} FROM d`;

const p = sql.placeholder;

const columns = recordColumns(series);

/** A record row as Bun returns it with `.values()`: int8 columns as strings, text[] as an array. */
type RecordRow = [
  seq: string,
  tsId: string,
  processId: string,
  anomaly: boolean,
  klDivergence: number | null,
  eventKinds: StoredEventKind[] | null,
  pointCount: number,
  createdAt: string,
  updatedAt: string,
];

function fromRow(row: RecordRow): SeriesRecord {
  return {
    tsId: row[1],
    processId: row[2],
    anomaly: row[3],
    klDivergence: row[4],
    eventKinds: row[5],
    pointCount: row[6],
    createdAt: Number(row[7]),
    updatedAt: Number(row[8]),
  };
}

function prepareStatements(db: PostgresStorageDatabase) {
  const client = db.$client;
  // The flag is written into the SQL, not bound: with `anomaly = $n` the cached generic plan would walk the
  // whole table in seq order looking for the few anomalous rows instead of using series_anomaly_seq. For the
  // same reason a filtered list is ordered by (anomaly, seq), the same order for one flag value: only that
  // index gives it, so statistics that are stale after a bulk load cannot pick the seq-order walk.
  const list = (flag: boolean | undefined, byKind: boolean) => {
    const conditions: SQL[] = [gt(series.seq, p("after"))];
    if (flag !== undefined) conditions.push(flag ? sql`${series.anomaly}` : sql`NOT ${series.anomaly}`);
    if (byKind) conditions.push(sql`${p("eventKind")} = ANY(${series.eventKinds})`);
    const order = flag === undefined ? [asc(series.seq)] : [asc(series.anomaly), asc(series.seq)];
    return compile<RecordRow>(
      client,
      db
        .select(columns)
        .from(series)
        .where(and(...conditions))
        .orderBy(...order)
        .limit(p("limit")),
    );
  };
  return {
    findRecord: compile<RecordRow>(
      client,
      db
        .select(columns)
        .from(series)
        .where(eq(series.tsId, p("tsId"))),
    ),
    findValues: compile<[Uint8Array]>(
      client,
      db
        .select({ values: seriesPoints.values })
        .from(series)
        .innerJoin(seriesPoints, eq(seriesPoints.seq, series.seq))
        .where(eq(series.tsId, p("tsId"))),
    ),
    findWithPoints: compile<[...RecordRow, string | null, string, Uint8Array]>(
      client,
      db
        .select({
          ...columns,
          events: series.events,
          times: seriesPoints.times,
          values: seriesPoints.values,
        })
        .from(series)
        .innerJoin(seriesPoints, eq(seriesPoints.seq, series.seq))
        .where(eq(series.tsId, p("tsId"))),
    ),
    countAll: compile<[string]>(client, db.select({ n: count() }).from(series)),
    /** By [anomaly filter: all, true, false][event kind filter: no, yes]. */
    list: [undefined, true, false].map((flag) => [list(flag, false), list(flag, true)]),
    put: compile<[createdAt: string, inserted: boolean]>(client, numbered(PUT)),
    setAnomaly: compile<RecordRow>(client, numbered(SET_ANOMALY)),
    remove: compile<[unknown]>(client, numbered(REMOVE)),
  };
}

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connection pool size per instance (default 10). */
  maxConnections?: number;
}

/** The series storage on PostgreSQL, with the recordings on the same database. */
export class PostgresSeriesStorage implements Storage {
  readonly backend = "postgres" as const;
  readonly location: string;
  readonly recordings: RecordingStorage;
  readonly #db: PostgresStorageDatabase;
  readonly #statements: ReturnType<typeof prepareStatements>;
  readonly #instance = randomUUID();
  readonly #listeners = new ChangeListeners();
  #unlisten: (() => Promise<void>) | undefined;
  /** Changes announced by other instances, read and reported one at a time in order. */
  readonly #pending = new Map<string, SeriesChange["type"]>();
  #draining = false;

  private constructor(db: PostgresStorageDatabase, location: string) {
    this.#db = db;
    this.#statements = prepareStatements(db);
    this.location = location;
    this.recordings = postgresRecordingStorage(db.$client);
  }

  static async open({ url, maxConnections }: PostgresStorageOptions): Promise<PostgresSeriesStorage> {
    const db = await openPostgresStorageDatabase(url, maxConnections);
    const storage = new PostgresSeriesStorage(db, redactedUrl(url));
    try {
      const subscription = await db.$client.listen(CHANNEL, (payload) => storage.#heard(payload));
      storage.#unlisten = () => subscription.unlisten();
    } catch (error) {
      await db.$client.close();
      throw error;
    }
    return storage;
  }

  async put(input: PutSeriesInput): Promise<{ created: boolean; series: SeriesRecord }> {
    checkPointCounts(input);
    const now = Date.now();
    const pointCount = input.values.length;
    const [row] = await this.#statements.put({
      tsId: input.tsId,
      processId: input.processId,
      anomaly: input.anomaly,
      pointCount,
      now,
      times: encodeTimes(input.times),
      values: encodeValues(input.values),
      instance: this.#instance,
    });
    const created = row![1];
    const record: SeriesRecord = {
      tsId: input.tsId,
      processId: input.processId,
      anomaly: input.anomaly,
      klDivergence: null,
      eventKinds: null,
      pointCount,
      createdAt: Number(row![0]),
      updatedAt: now,
    };
    this.#listeners.emit({ type: created ? "created" : "updated", series: record });
    return { created, series: record };
  }

  async get(tsId: string): Promise<SeriesWithPoints | null> {
    const [row] = await this.#statements.findWithPoints({ tsId });
    if (!row) return null;
    const [events, times, values] = [row[9], row[10], row[11]];
    return {
      ...fromRow(row.slice(0, 9) as RecordRow),
      events: events === null ? null : (JSON.parse(events) as VoltageEventWire[]),
      times: decodeTimes(times),
      values: decodeValues(values),
    };
  }

  async getValueBytes(tsId: string): Promise<Uint8Array | null> {
    const [row] = await this.#statements.findValues({ tsId });
    return row ? row[0] : null;
  }

  async getRecord(tsId: string): Promise<SeriesRecord | null> {
    const [row] = await this.#statements.findRecord({ tsId });
    return row ? fromRow(row) : null;
  }

  async list({ anomaly, eventKind, limit, after = 0 }: ListSeriesOptions): Promise<SeriesListPage> {
    const byFlag = this.#statements.list[anomaly === undefined ? 0 : anomaly ? 1 : 2]!;
    const rows = await byFlag[eventKind === undefined ? 0 : 1]!({ after, limit: limit + 1, eventKind });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return { items: page.map(fromRow), next: more ? Number(page[page.length - 1]![0]) : null };
  }

  /** The verdict's detail (KL divergence, events) is replaced as a whole when either is given; see AnomalyChange. */
  async setAnomaly(tsId: string, change: AnomalyChange): Promise<SeriesRecord | null> {
    const replace = change.klDivergence !== undefined || change.events !== undefined;
    const events = change.events ?? null;
    const [row] = await this.#statements.setAnomaly({
      tsId,
      anomaly: change.anomaly,
      processId: change.processId,
      replace,
      klDivergence: change.klDivergence,
      events: events === null ? null : JSON.stringify(events),
      now: Date.now(),
      instance: this.#instance,
    });
    if (!row) return null;
    const record = fromRow(row);
    this.#listeners.emit({ type: "updated", series: record });
    return record;
  }

  async remove(tsId: string): Promise<boolean> {
    const deleted = (await this.#statements.remove({ tsId, instance: this.#instance })).length > 0;
    if (deleted) this.#listeners.emit({ type: "deleted", tsId });
    return deleted;
  }

  async count(): Promise<number> {
    const [row] = await this.#statements.countAll();
    return Number(row?.[0] ?? 0);
  }

  onChange(listener: SeriesChangeListener): () => void {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#unlisten?.();
    await this.#db.$client.close();
  }

  #heard(payload: string): void {
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload) as ChangeNotice;
    } catch {
      console.error(`store: ignoring a malformed ${CHANNEL} notification: ${payload.slice(0, 80)}`);
      return;
    }
    // Our own writes were reported when they committed; without listeners there is nobody to read for.
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
        if (record)
          this.#listeners.emit({ type: type === "created" ? "created" : "updated", series: record });
        else this.#listeners.emit({ type: "deleted", tsId });
      }
    } catch (error) {
      console.error(`store: could not read a change made by another instance: ${(error as Error).message}`);
      this.#pending.clear();
    } finally {
      this.#draining = false;
    }
  }
}
