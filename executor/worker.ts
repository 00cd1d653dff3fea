/**
 * One assignment loop: long-poll for a process, do it, repeat until stopped. Connection trouble with the
 * Colonies server is retried with backoff forever; a refusal (e.g. the server no longer knows this
 * executor) triggers re-registration, also with backoff. `--concurrency N` runs N of these.
 */
import type { ColoniesClient, Process } from "../lib/colonies-sdk/index.ts";
import { Backoff, errorText, isTransient, sleep } from "./backoff.ts";
import { type ProcessContext, runProcess } from "./run-process.ts";

/** Seconds the server holds an assign request open (the tutorial's 10). */
export const ASSIGN_TIMEOUT_SECONDS = 10;

export interface WorkerContext extends ProcessContext {
  colonyname: string;
  /** Aborted when the executor shuts down: no new work is taken. */
  stopping: AbortSignal;
  /** Adds/approves this executor again after the server refused an assign. */
  reregister(): Promise<void>;
}

async function nextProcess(ctx: WorkerContext, client: ColoniesClient): Promise<Process | null> {
  const backoff = new Backoff();
  while (!ctx.stopping.aborted) {
    try {
      return await client.assign(ctx.colonyname, ASSIGN_TIMEOUT_SECONDS, ctx.prvkey, {
        signal: ctx.stopping,
      });
    } catch (error) {
      if (ctx.stopping.aborted) return null;
      const delay = backoff.next();
      if (isTransient(error)) {
        ctx.print(`Colonies server unreachable (${errorText(error)}); retrying in ${delay} ms`);
      } else {
        ctx.print(`Assign refused (${errorText(error)}); registering again in ${delay} ms`);
      }
      await sleep(delay, ctx.stopping);
      if (!isTransient(error) && !ctx.stopping.aborted) {
        await ctx.reregister().catch((e: unknown) => ctx.print(`Registering again failed: ${errorText(e)}`));
      }
    }
  }
  return null;
}

export async function runWorker(ctx: WorkerContext): Promise<void> {
  while (!ctx.stopping.aborted) {
    const process = await nextProcess(ctx, ctx.client);
    if (process) await runProcess(process, ctx);
  }
}
