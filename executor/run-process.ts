/**
 * Does one assigned process: every series in its args through checkSeries, the tutorial's log lines to
 * the Colonies server, then close successful with one `{ts_id, anomaly, kl_divergence, events}` per series, or
 * close failed with the error texts (missing series, unreachable store, bad args, unknown function).
 */
import {
  ANOMALY_FUNCNAME,
  AnomalyJobError,
  anomalyRequest,
  checkSeries,
  logLines,
  type SeriesResult,
} from "../lib/anomaly/index.ts";
import { type ColoniesClient, ColoniesError, type Process } from "../lib/colonies-sdk/index.ts";
import { RECORDING_FUNCNAMES } from "../lib/ingest/index.ts";
import type { SeriesDetector } from "../lib/signal/index.ts";
import { TimeSeriesClient } from "../lib/timeseries/index.ts";
import { errorText, retryTransient } from "./backoff.ts";
import { LogForwarder } from "./log-forwarder.ts";
import { perUrl } from "./per-url.ts";
import { isRecordingJob, runRecordingJob } from "./recording-jobs.ts";
import { type ExecutorStats, timed } from "./stats.ts";

export interface ProcessContext {
  client: ColoniesClient;
  /** The executor's key: only the assigned executor may log and close. */
  prvkey: string;
  detector: SeriesDetector;
  /** Store URL for processes without `kwargs.db` (generator batches). */
  fallbackDb: string;
  stats: ExecutorStats;
  /** Which lines go to the Colonies server: all of the tutorial's, or only verdicts and failures. */
  logs: LogMode;
  print(line: string): void;
}

/**
 * `full`: the tutorial's four lines per series (one addlog each). `verdict`: only the verdict and failure
 * lines (what `log search --text Anom` shows), one addlog per series instead of four.
 */
export type LogMode = "full" | "verdict";
export const LOG_MODES: readonly LogMode[] = ["full", "verdict"];

export type ProcessOutcome = "successful" | "failed" | "lost";

const storeAt = perUrl((url) => new TimeSeriesClient(url));

async function checkAll(process: Process, ctx: ProcessContext, logs: LogForwarder) {
  if (process.spec.funcname !== ANOMALY_FUNCNAME) {
    throw new AnomalyJobError(
      `unsupported function "${process.spec.funcname}": this executor runs "${ANOMALY_FUNCNAME}" and the recording jobs (${RECORDING_FUNCNAMES.join(", ")})`,
    );
  }
  const { tsIds, db } = anomalyRequest(process, ctx.fallbackDb);
  const store = storeAt(db);
  const results: SeriesResult[] = [];
  const errors: string[] = [];
  for (const tsId of tsIds) {
    const started = performance.now();
    let detectMs = 0;
    try {
      const result = await checkSeries(store, ctx.detector, tsId, process.processid, {
        log: (line) => {
          if (ctx.logs === "full" || isVerdict(line)) logs.add(line);
        },
        onDetect: (ms) => {
          detectMs += ms;
        },
      });
      results.push(result);
      ctx.print(
        logLines.verdict(tsId, result.anomaly, { klDivergence: result.kl_divergence, events: result.events }),
      );
    } catch (error) {
      const text = errorText(error);
      errors.push(text);
      logs.add(`Failed to check time series ${tsId}: ${text}`);
      ctx.print(`error: process ${process.processid}: ${text}`);
    } finally {
      ctx.stats.detectMs += detectMs;
      ctx.stats.storeMs += performance.now() - started - detectMs;
      ctx.stats.series++;
    }
  }
  return { results, errors };
}

function isVerdict(line: string): boolean {
  return line.startsWith("Anomaly detected!") || line.startsWith("No anomaly detected.");
}

/** The server took the process back (expired and requeued, or this executor was unregistered). */
function isLost(error: unknown): boolean {
  return error instanceof ColoniesError && error.status === 403;
}

/** The job's results and error texts; a job that cannot start (bad args, unknown function) is one error. */
async function work(
  process: Process,
  ctx: ProcessContext,
  logs: LogForwarder,
): Promise<{ results: unknown[]; errors: string[] }> {
  try {
    if (isRecordingJob(process.spec.funcname))
      return { results: [await runRecordingJob(process, ctx.fallbackDb, logs, ctx.print)], errors: [] };
    return await checkAll(process, ctx, logs);
  } catch (error) {
    const text = errorText(error);
    logs.add(`Failed: ${text}`);
    ctx.print(`error: process ${process.processid}: ${text}`);
    return { results: [], errors: [text] };
  }
}

/** Closes successful (one output entry per series) or failed (the error texts), retrying lost connections. */
async function close(
  id: string,
  { results, errors }: { results: unknown[]; errors: string[] },
  ctx: ProcessContext,
): Promise<"successful" | "failed"> {
  const retried = (call: () => Promise<void>) =>
    timed(ctx.stats, "coloniesMs", () =>
      retryTransient(call, {
        onRetry: (error, delay) =>
          ctx.print(`Closing ${id} failed (${errorText(error)}); retrying in ${delay} ms`),
      }),
    );
  if (errors.length === 0) {
    await retried(() => ctx.client.closeSuccessful(id, results, ctx.prvkey));
    return "successful";
  }
  await retried(() => ctx.client.closeFailed(id, errors, ctx.prvkey));
  return "failed";
}

export async function runProcess(process: Process, ctx: ProcessContext): Promise<ProcessOutcome> {
  const started = performance.now();
  const id = process.processid;
  ctx.stats.processes++;
  ctx.print(`Process ${id} is assigned to executor`);
  const logs = new LogForwarder(ctx.client, id, ctx.prvkey, ctx.stats);
  let outcome: ProcessOutcome;
  try {
    const done = await work(process, ctx, logs);
    try {
      await logs.drain();
    } catch (error) {
      // Lost log lines do not undo the work; only a process that is no longer ours is left unclosed.
      if (isLost(error)) throw error;
      ctx.print(`warning: not every log line of ${id} reached the Colonies server: ${errorText(error)}`);
    }
    outcome = await close(id, done, ctx);
  } catch (error) {
    ctx.print(
      isLost(error)
        ? `Process ${id} is no longer assigned to this executor (${errorText(error)}); left to the server`
        : `error: process ${id} could not be closed: ${errorText(error)}`,
    );
    outcome = "lost";
  }
  ctx.stats[outcome]++;
  ctx.stats.busyMs += performance.now() - started;
  return outcome;
}
