/**
 * A real HTTP proxy in front of the store that can hold one GET until released: lets a test catch an
 * executor in the middle of a process (to kill it, or to stop it gracefully) without timing guesses.
 */
export interface HoldProxy {
  url: string;
  /** Holds the next GET of `path`; `arrived` resolves when it comes in, `release` lets it through. */
  holdNext(path: string): { arrived: Promise<void>; release(): void };
  stop(): Promise<void>;
}

export function startHoldProxy(target: string): HoldProxy {
  let hold:
    | { path: string; arrived: PromiseWithResolvers<void>; released: PromiseWithResolvers<void> }
    | undefined;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    async fetch(request) {
      const url = new URL(request.url);
      if (hold && request.method === "GET" && url.pathname === hold.path) {
        const current = hold;
        hold = undefined;
        current.arrived.resolve();
        await current.released.promise;
      }
      const body =
        request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
      return fetch(`${target}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body,
      });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    holdNext(path) {
      const arrived = Promise.withResolvers<void>();
      const released = Promise.withResolvers<void>();
      hold = { path, arrived, released };
      return { arrived: arrived.promise, release: () => released.resolve() };
    },
    async stop() {
      hold?.released.resolve();
      await server.stop(true);
    },
  };
}
