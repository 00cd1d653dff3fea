/**
 * Long-poll waiters per colony + executor type. A submit (or requeue, or a workflow child becoming ready)
 * wakes every waiter of that queue at once; each retries its synchronous select+mark, losers wait again.
 * No polling: a waiter sleeps until woken, its deadline passes or its client disconnects.
 */

type Wake = () => void;

const MAX_TIMER_MS = 2 ** 31 - 1;

export class QueueWaiters {
  private readonly queues = new Map<string, Set<Wake>>();
  /** Set at server stop: waits end at once (not woken), so pending long-polls answer. */
  closed = false;

  private static key(colonyname: string, executortype: string): string {
    return `${colonyname}\u0000${executortype}`;
  }

  notify(colonyname: string, executortype: string): void {
    const set = this.queues.get(QueueWaiters.key(colonyname, executortype));
    if (!set) return;
    for (const wake of [...set]) wake();
  }

  /** Resolves true when woken, false at the deadline (or earlier for very long ones) or when `signal` aborts. */
  wait(colonyname: string, executortype: string, deadlineMs: number, signal?: AbortSignal): Promise<boolean> {
    const key = QueueWaiters.key(colonyname, executortype);
    return new Promise((resolve) => {
      let set = this.queues.get(key);
      if (!set) {
        set = new Set();
        this.queues.set(key, set);
      }
      const done = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        set.delete(wake);
        if (set.size === 0) this.queues.delete(key);
        resolve(woken);
      };
      const wake = () => done(true);
      const onAbort = () => done(false);
      // Timers cap at 2^31-1 ms; a longer poll just wakes early and the caller waits again.
      const timer = setTimeout(
        () => done(false),
        Math.min(MAX_TIMER_MS, Math.max(0, deadlineMs - Date.now())),
      );
      set.add(wake);
      if (signal?.aborted || this.closed) onAbort();
      else signal?.addEventListener("abort", onAbort);
    });
  }

  /** Server stop: ends every pending wait, so long-polls answer at once. */
  close(): void {
    this.closed = true;
    for (const set of this.queues.values()) for (const wake of [...set]) wake();
  }
}
