/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(hostname = "127.0.0.1"): number {
  const listener = Bun.listen({ hostname, port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}
