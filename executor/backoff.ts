/** Exponential backoff with jitter for reconnecting to the Colonies server, and an abortable sleep. */
import { ColoniesConnectionError, ColoniesError } from "../lib/colonies-sdk/index.ts";

export class Backoff {
  #attempt = 0;
  constructor(
    private readonly firstMs = 250,
    private readonly maxMs = 10_000,
  ) {}

  /** The next delay: doubles each time up to maxMs, ±20 % jitter so executors do not retry in step. */
  next(): number {
    const base = Math.min(this.maxMs, this.firstMs * 2 ** this.#attempt);
    this.#attempt++;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.#attempt = 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** A lost or overloaded connection: worth retrying later (an error reply about the request is not). */
export function isTransient(error: unknown): boolean {
  if (error instanceof ColoniesConnectionError) return true;
  return error instanceof ColoniesError && [502, 503, 504].includes(error.status);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `call` until it succeeds or fails for a non-transient reason; gives up after `deadlineMs`. */
export async function retryTransient<T>(
  call: () => Promise<T>,
  options: { deadlineMs?: number; onRetry?: (error: unknown, delayMs: number) => void } = {},
): Promise<T> {
  const backoff = new Backoff();
  const giveUpAt = Date.now() + (options.deadlineMs ?? 60_000);
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error) || Date.now() >= giveUpAt) throw error;
      const delay = backoff.next();
      options.onRetry?.(error, delay);
      await sleep(delay);
    }
  }
}
