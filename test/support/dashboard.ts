/** Helpers for the dashboard tests: an SSE reader over fetch, and series bodies from real samples. */
import { labelRanges } from "../../dashboard/labels.ts";
import type { DashboardEvents, IndexRange } from "../../dashboard/wire.ts";
import { generateSample } from "../../lib/signal/index.ts";
import { sampleToPoints } from "../../lib/timeseries/index.ts";
import type { TimeSeriesBody } from "../../lib/timeseries/types.ts";

export interface ServerEvent {
  name: string;
  data: unknown;
}

/** Reads server-sent events from a live response; `next(name)` waits for the next event of that name. */
export class EventReader {
  private buffer = "";
  private readonly queue: ServerEvent[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  private constructor(
    response: Response,
    private readonly abort: AbortController,
  ) {
    this.reader = response.body!.getReader();
  }

  static async open(url: string): Promise<{ events: EventReader; response: Response }> {
    const abort = new AbortController();
    const response = await fetch(url, { signal: abort.signal, headers: { accept: "text/event-stream" } });
    return { events: new EventReader(response, abort), response };
  }

  async next<K extends keyof DashboardEvents>(
    name: K,
    accept: (data: DashboardEvents[K]) => boolean = () => true,
  ): Promise<DashboardEvents[K]> {
    for (;;) {
      const index = this.queue.findIndex((event) => event.name === name);
      if (index >= 0) {
        const [event] = this.queue.splice(index, 1);
        const data = event!.data as DashboardEvents[K];
        if (accept(data)) return data;
        continue;
      }
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`event stream ended before a "${name}" event`);
      this.buffer += this.decoder.decode(value, { stream: true });
      for (let end = this.buffer.indexOf("\n\n"); end >= 0; end = this.buffer.indexOf("\n\n")) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const lines = block.split("\n");
        const eventName = lines.find((line) => line.startsWith("event: "))?.slice(7);
        const data = lines.find((line) => line.startsWith("data: "))?.slice(6);
        if (eventName && data !== undefined) this.queue.push({ name: eventName, data: JSON.parse(data) });
      }
    }
  }

  close(): void {
    this.abort.abort();
  }
}

/** A one-second sample as the store gets it, with its true drop ranges. */
export function sampleBody(
  tsId: string,
  seed: number,
  anomalyProbability = 0,
): {
  body: TimeSeriesBody;
  drops: IndexRange[];
  values: Float64Array;
} {
  const sample = generateSample({ duration: 1, samplingRate: 1000, anomalyProbability, seed });
  return {
    body: { ts_id: tsId, process_id: "", data: sampleToPoints(sample) },
    drops: labelRanges(sample.labels),
    values: sample.anomaly,
  };
}

/** A seed whose one-second sample has at least one drop (or none), found by trying seeds in order. */
export function seedWithDrops(wantDrops: boolean, anomalyProbability = 0.002): number {
  for (let seed = 1; ; seed++) {
    const sample = generateSample({ duration: 1, samplingRate: 1000, anomalyProbability, seed });
    if (sample.anomalyStarts.length > 0 === wantDrops) return seed;
  }
}
