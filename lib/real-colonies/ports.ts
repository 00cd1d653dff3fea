/** Several free TCP ports at once, and whether a given one is free (single free ports: lib/free-port.ts). */
import { freePort } from "../free-port.ts";

/** `count` distinct free ports. */
export function freePorts(count: number): number[] {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(freePort());
  return [...ports];
}

/** True when nothing listens on 127.0.0.1:`port` and we may bind it. */
export function portIsFree(port: number): boolean {
  try {
    const listener = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
    listener.stop(true);
    return true;
  } catch {
    return false;
  }
}
