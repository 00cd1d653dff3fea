/** Ctrl-C / SIGTERM handling for the demo: an AbortSignal every wait checks. */

/** Thrown when the user stopped the demo; the CLI exits with 130 (SIGINT) or 143 (SIGTERM). */
export class DemoInterrupted extends Error {
  override name = "DemoInterrupted";
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
  get exitCode(): number {
    return this.signal === "SIGTERM" ? 143 : 130;
  }
}

/** Installs SIGINT/SIGTERM handlers that abort the returned signal; `dispose` removes them. */
export function interruptSignal(onInterrupt: (signal: NodeJS.Signals) => void): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    onInterrupt(name);
    controller.abort(new DemoInterrupted(name));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

/** Resolves with `promise`, or rejects with the abort reason as soon as `signal` aborts. */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Sleeps, but wakes with the abort reason when the signal aborts (and leaves no timer behind). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
