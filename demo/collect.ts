/** What became of each submitted sample: its process's final state and times, and the store's flag. */

import type { ColoniesClient } from "../lib/colonies-sdk/index.ts";
import { mapLimit } from "../lib/map-limit.ts";
import type { ProcessCounts } from "../lib/process-counts.ts";
import type { TimeSeriesClient } from "../lib/timeseries/client.ts";
import { SUBMIT_CONCURRENCY, type Submitted } from "./submit-batch.ts";
import type { DemoResult, SampleOutcome } from "./summary.ts";

/** ProcessState codes 0-3 (4 = cancelled is not counted). */
const STATE_KEYS: readonly (keyof ProcessCounts)[] = ["waiting", "running", "successful", "failed"];

/** Latencies and the elapsed time come from the Colonies server's own timestamps (submission → end). */
export async function collectResults(
  submitted: readonly Submitted[],
  store: TimeSeriesClient,
  colonies: ColoniesClient,
  prvkey: string,
  executors: number,
): Promise<DemoResult> {
  const flags = new Map((await store.listAll()).map((s) => [s.ts_id, s]));
  const processes = await mapLimit(submitted, SUBMIT_CONCURRENCY, (s) =>
    colonies.getProcess(s.processId, prvkey),
  );
  const counts: ProcessCounts = { waiting: 0, running: 0, successful: 0, failed: 0 };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const outcomes: SampleOutcome[] = submitted.map(({ item }, i) => {
    const process = processes[i]!;
    const state: keyof ProcessCounts | undefined = STATE_KEYS[process.state];
    if (state) counts[state]++;
    const submittedAt = Date.parse(process.submissiontime);
    const endedAt = Date.parse(process.endtime);
    const closed = state === "successful" || state === "failed";
    if (closed) {
      first = Math.min(first, submittedAt);
      last = Math.max(last, endedAt);
    }
    const record = flags.get(item.tsId);
    const checked =
      record !== undefined &&
      (record.kl_divergence !== null || record.event_count !== null || record.anomaly);
    return {
      hasDrop: item.hasDrop,
      flagged: checked ? record.anomaly : null,
      latencyMs: closed ? endedAt - submittedAt : null,
    };
  });
  return { counts, outcomes, executors, elapsedMs: Number.isFinite(last - first) ? last - first : 0 };
}
