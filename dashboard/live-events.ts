/**
 * Server-sent events for the dashboard. Series changes from the store go out at once, or batched into one
 * event per `batchMs` during a burst of writes, and the colony is polled only while at least one browser listens;
 * a colony event goes out only when the snapshot changed.
 */
import type { SeriesStorage } from "../db/storage.ts";
import type { ColonyReader } from "./colony-reader.ts";
import type { DashboardEvents, DashboardInfo } from "./wire.ts";

export interface LiveEventsOptions {
  store: SeriesStorage;
  colony: ColonyReader | null;
  info: () => Promise<DashboardInfo>;
  batchMs?: number;
  colonyPollMs?: number;
  keepAliveMs?: number;
}

type Listener = (chunk: string) => void;

function frame<K extends keyof DashboardEvents>(name: K, data: DashboardEvents[K]): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly unsubscribe: () => void;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushQueued = false;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private lastColony = "";
  private polling = false;
  /** Bumped whenever polling stops, so a poll still in flight from an earlier session ends quietly. */
  private pollGeneration = 0;

  constructor(private readonly options: LiveEventsOptions) {
    this.unsubscribe = options.store.onChange((change) => {
      if (this.listeners.size === 0) return;
      if (change.type === "deleted") {
        this.changed.delete(change.tsId);
        this.removed.add(change.tsId);
      } else {
        this.changed.add(change.series.tsId);
      }
      if (this.flushTimer !== undefined || this.flushQueued) return;
      // Leading edge: a lone change goes out at once; a burst is batched into one event per batchMs.
      const wait = this.lastFlush + (this.options.batchMs ?? 250) - performance.now();
      if (wait <= 0) {
        this.flushQueued = true;
        queueMicrotask(() => this.flushSeries());
      } else {
        this.flushTimer = setTimeout(() => this.flushSeries(), wait);
      }
    });
  }

  get clientCount(): number {
    return this.listeners.size;
  }

  /** An SSE response that lives until the browser goes away (the request's signal aborts). */
  connect(request: Request): Response {
    let listener: Listener | undefined;
    const cleanup = () => {
      if (listener) this.listeners.delete(listener);
      listener = undefined;
      if (this.listeners.size === 0) this.idle();
    };
    const stream = new ReadableStream<string>({
      start: async (controller) => {
        listener = (chunk) => {
          try {
            controller.enqueue(chunk);
          } catch {
            cleanup();
          }
        };
        request.signal.addEventListener("abort", () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        });
        controller.enqueue("retry: 2000\n\n");
        controller.enqueue(frame("hello", await this.options.info()));
        if (!listener) return;
        this.listeners.add(listener);
        if (this.lastColony) controller.enqueue(`event: colony\ndata: ${this.lastColony}\n\n`);
        this.active();
      },
      cancel: cleanup,
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  }

  close(): void {
    this.unsubscribe();
    this.idle();
    this.listeners.clear();
  }

  private send(chunk: string): void {
    for (const listener of this.listeners) listener(chunk);
  }

  private flushSeries(): void {
    this.flushTimer = undefined;
    this.flushQueued = false;
    this.lastFlush = performance.now();
    if (this.changed.size === 0 && this.removed.size === 0) return;
    const data = { changed: [...this.changed], removed: [...this.removed] };
    this.changed.clear();
    this.removed.clear();
    this.send(frame("series", data));
  }

  private active(): void {
    this.keepAliveTimer ??= setInterval(
      () => this.send(": keep-alive\n\n"),
      this.options.keepAliveMs ?? 15_000,
    );
    if (this.options.colony && !this.polling) {
      this.polling = true;
      void this.poll(this.pollGeneration);
    }
  }

  private idle(): void {
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.pollTimer);
    clearTimeout(this.flushTimer);
    this.keepAliveTimer = undefined;
    this.pollTimer = undefined;
    this.flushTimer = undefined;
    this.changed.clear();
    this.removed.clear();
    this.polling = false;
    this.pollGeneration++;
    // Forget the last snapshot so the next browser gets a fresh one straight away.
    this.lastColony = "";
  }

  private async poll(generation: number): Promise<void> {
    const colony = this.options.colony;
    if (!colony || generation !== this.pollGeneration) return;
    const snapshot = await colony.snapshot();
    if (generation !== this.pollGeneration) return;
    const json = JSON.stringify(snapshot);
    if (json !== this.lastColony) {
      this.lastColony = json;
      this.send(`event: colony\ndata: ${json}\n\n`);
    }
    this.pollTimer = setTimeout(() => void this.poll(generation), this.options.colonyPollMs ?? 1_000);
  }
}
