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
