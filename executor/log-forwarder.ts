/**
 * Sends a process's log lines to the Colonies server one after another, in order, while the job goes on
 * (so the store round trips and the detector overlap with the log calls). `drain` waits for the last one
 * and reports the first failure.
 */
import type { ColoniesClient } from "../lib/colonies-sdk/index.ts";
import { retryTransient } from "./backoff.ts";
import { type ExecutorStats, timed } from "./stats.ts";

export class LogForwarder {
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown;

  constructor(
    private readonly client: ColoniesClient,
    private readonly processId: string,
    private readonly prvkey: string,
    private readonly stats: ExecutorStats,
  ) {}

  /** Sends `line` with a newline at its end: the Go CLI's `log get` prints messages back to back. */
  add(line: string): void {
    this.#chain = this.#chain.then(async () => {
      if (this.#failure !== undefined) return;
      try {
        await timed(this.stats, "coloniesMs", () =>
          retryTransient(() => this.client.addLog(this.processId, `${line}\n`, this.prvkey), {
            deadlineMs: 30_000,
          }),
        );
      } catch (error) {
        this.#failure = error;
      }
    });
  }

  /** Resolves when every line is sent; throws the first error (e.g. the process is no longer ours). */
  async drain(): Promise<void> {
    await this.#chain;
    if (this.#failure !== undefined) throw this.#failure;
  }
}
