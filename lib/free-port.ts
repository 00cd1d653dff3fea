/** Free TCP ports on the loopback interface, and whether a given one is free. */

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(hostname = "127.0.0.1"): number {
  const listener = Bun.listen({ hostname, port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

/** `count` distinct free ports, none of them in `exclude`. */
export function freePorts(count: number, exclude: readonly number[] = []): number[] {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = freePort();
    if (!exclude.includes(port)) ports.add(port);
  }
  return [...ports];
}

/** True when nothing listens on hostname:port (we can bind it ourselves for a moment). */
export function isPortFree(hostname: string, port: number): boolean {
  try {
    const listener = Bun.listen({ hostname, port, socket: { data() {} } });
    listener.stop(true);
    return true;
  } catch {
    return false;
  }
}
