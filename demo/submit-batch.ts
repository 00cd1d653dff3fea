/**
 * Submits the batch (PUT each series, then one `anomaly` process for it) and waits until every process is
 * closed, reporting counters to the progress output all along.
 */

import { pause } from "../lib/abort.ts";
import { anomalyFuncSpec } from "../lib/anomaly/spec.ts";
import type { ColoniesClient, Statistics } from "../lib/colonies-sdk/index.ts";
import { mapLimit } from "../lib/map-limit.ts";
import type { ProcessCounts } from "../lib/process-counts.ts";
import type { TimeSeriesClient } from "../lib/timeseries/client.ts";
import { sampleToPoints } from "../lib/timeseries/samples.ts";
import { DemoError } from "./errors.ts";
import type { Progress, ProgressCounts } from "./progress.ts";
import type { DemoSample } from "./workload.ts";

/** In flight at once while submitting (each submission is a PUT and a signed RPC). */
export const SUBMIT_CONCURRENCY = 8;
const POLL_MS = 200;

export interface Submitted {
  item: DemoSample;
  processId: string;
}

export interface BatchContext {
  store: TimeSeriesClient;
  storeUrl: string;
  colonies: ColoniesClient;
  colonyName: string;
  prvkey: string;
  progress: Progress;
  signal: AbortSignal;
  timeoutSeconds: number;
  /** Throws when a child the batch depends on (an executor) has died. */
  assertAlive: () => void;
  /** Where to look when it takes too long (for the error message). */
  logDir: string;
}

export function countsOf(stats: Statistics): ProcessCounts {
  return {
    waiting: stats.waitingprocesses,
    running: stats.runningprocesses,
    successful: stats.successfulprocesses,
    failed: stats.failedprocesses,
  };
}

export async function submitAndWait(batch: readonly DemoSample[], ctx: BatchContext): Promise<Submitted[]> {
  const { colonies, colonyName, prvkey, progress, signal } = ctx;
  const baseline = countsOf(await colonies.getColonyStatistics(colonyName, prvkey));
  const submitted: Submitted[] = [];
  let counts: ProgressCounts = {
    total: batch.length,
    submitted: 0,
    waiting: 0,
    running: 0,
    successful: 0,
    failed: 0,
  };
  const refresh = async () => {
    const now = countsOf(await colonies.getColonyStatistics(colonyName, prvkey));
    counts = {
      total: batch.length,
      submitted: submitted.length,
      waiting: now.waiting,
      running: now.running,
      successful: now.successful - baseline.successful,
      failed: now.failed - baseline.failed,
    };
    progress.counts(counts);
  };

  // Counters keep moving while the batch goes in (executors start on the first ones at once).
  let submitting = true;
  const ticker = (async () => {
    while (submitting && !signal.aborted) {
      await refresh().catch(() => undefined);
      await Bun.sleep(POLL_MS);
    }
  })();
  try {
    await mapLimit(batch, SUBMIT_CONCURRENCY, async (item) => {
      if (signal.aborted) throw signal.reason;
      await ctx.store.put({ ts_id: item.tsId, process_id: "", data: sampleToPoints(item.sample) });
      const process = await colonies.submitFunctionSpec(
        anomalyFuncSpec({ colonyname: colonyName, tsIds: [item.tsId], db: ctx.storeUrl }),
        prvkey,
      );
      submitted.push({ item, processId: process.processid });
    });
  } finally {
    submitting = false;
    await ticker;
  }

  const deadline = Date.now() + ctx.timeoutSeconds * 1000;
  for (;;) {
    await refresh();
    if (counts.successful + counts.failed >= batch.length) break;
    ctx.assertAlive();
    if (Date.now() > deadline) {
      throw new DemoError(
        `Gave up after ${ctx.timeoutSeconds} s with ${counts.successful + counts.failed} of ${batch.length} ` +
          `processes closed (waiting ${counts.waiting}, running ${counts.running}); see the executor logs in ` +
          `${ctx.logDir} or raise --timeout`,
      );
    }
    await pause(POLL_MS, signal);
  }
  progress.done();
  return submitted;
}
