/**
 * SIGINT/SIGTERM for the executors: the first one aborts the returned signal (stop taking work, finish the
 * work in hand, unregister); another one more than a second later exits at once with code 130.
 *
 * Ctrl-C under `npx bun run …` reaches the executor twice at once: from the terminal (the whole process
 * group gets it) and forwarded by the npx and bun wrappers. A repeat within the second is that duplicate,
 * not a second Ctrl-C, so it is ignored.
 */

export type ShutdownSignalName = "SIGINT" | "SIGTERM";

const DUPLICATE_WINDOW_MS = 1000;

export function onShutdownSignal(onFirst: (name: ShutdownSignalName) => void): AbortSignal {
  const stopper = new AbortController();
  let firstAt: number | undefined;
  const handle = (name: ShutdownSignalName) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      onFirst(name);
      stopper.abort();
    } else if (Date.now() - firstAt > DUPLICATE_WINDOW_MS) {
      console.error(`${name} again: exiting without unregistering`);
      process.exit(130);
    }
  };
  process.on("SIGINT", () => handle("SIGINT"));
  process.on("SIGTERM", () => handle("SIGTERM"));
  return stopper.signal;
}
