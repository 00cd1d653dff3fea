/** Counters and time spent per kind of work, for the exit summary and bench/pipeline.ts. */
export interface ExecutorStats {
  processes: number;
  successful: number;
  failed: number;
  /** Taken back by the server before we could close them (expired, or we were unregistered). */
  lost: number;
  series: number;
  /** Time in the detector. */
  detectMs: number;
  /** Time in store requests (GET + PATCH). */
  storeMs: number;
  /** Time in Colonies calls made while working (addlog, close), signing included; not the assign waits. */
  coloniesMs: number;
  coloniesCalls: number;
  /** Time from assignment to close, summed over processes. */
  busyMs: number;
}

export function emptyStats(): ExecutorStats {
  return {
    processes: 0,
    successful: 0,
    failed: 0,
    lost: 0,
    series: 0,
    detectMs: 0,
    storeMs: 0,
    coloniesMs: 0,
    coloniesCalls: 0,
    busyMs: 0,
  };
}

/** Runs `call` and adds its duration to `stats[field]`. */
export async function timed<T>(
  stats: ExecutorStats,
  field: "storeMs" | "coloniesMs",
  call: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await call();
  } finally {
    stats[field] += performance.now() - started;
    if (field === "coloniesMs") stats.coloniesCalls++;
  }
}
