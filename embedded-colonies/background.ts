/**
 * The server's periodic jobs: the timeout loop (every second: maxexectime requeue/fail, maxwaittime fail),
 * stale-executor cleanup, and the generator checker.
 */

import { and, eq, gt, lt } from "drizzle-orm";
import { ExecutorState } from "./db/identities.ts";
import { expiredRunning, expiredWaiting } from "./db/processes.ts";
import { executors } from "./db/schema.ts";
import type { ServerContext } from "./handlers/types.ts";
import { checkGenerators } from "./scheduler/generators.ts";
import { nowUs } from "./time.ts";

export interface BackgroundOptions {
  timeoutLoopMs: number;
  cleanupIntervalMs: number;
  staleExecutorMs: number;
  checkerPeriodMs: number;
}

export function runTimeouts(ctx: ServerContext): void {
  const now = nowUs();
  for (const row of expiredRunning(ctx.db, now)) ctx.lifecycle.expireRunning(row);
  for (const row of expiredWaiting(ctx.db, now)) ctx.lifecycle.expireWaiting(row);
}

/** Executors not heard from (assign calls) for longer than `staleMs` are unregistered like removeexecutor. */
export function cleanupStaleExecutors(ctx: ServerContext, staleMs: number): void {
  const cutoff = nowUs() - staleMs * 1000;
  const stale = ctx.db
    .select()
    .from(executors)
    .where(
      and(
        gt(executors.lastheardfromtime, 0),
        lt(executors.lastheardfromtime, cutoff),
        eq(executors.state, ExecutorState.Approved),
      ),
    )
    .all();
  for (const executor of stale) ctx.lifecycle.unregisterExecutor(executor);
}

/** Starts the loops; returns a function that stops them. A failing tick is logged, never fatal. */
export function startBackgroundJobs(ctx: ServerContext, options: BackgroundOptions): () => void {
  const guarded = (name: string, job: () => void) => () => {
    try {
      job();
    } catch (error) {
      console.error(`colonies: ${name} failed:`, error);
    }
  };
  const timers = [
    setInterval(
      guarded("timeout loop", () => runTimeouts(ctx)),
      options.timeoutLoopMs,
    ),
    setInterval(
      guarded("stale executor cleanup", () => cleanupStaleExecutors(ctx, options.staleExecutorMs)),
      options.cleanupIntervalMs,
    ),
    setInterval(
      guarded("generator checker", () => checkGenerators(ctx)),
      options.checkerPeriodMs,
    ),
  ];
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
