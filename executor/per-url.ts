/** One client per store URL for the executor's life (processes name their store; most name the same one). */
export function perUrl<T>(make: (url: string) => T): (url: string) => T {
  const clients = new Map<string, T>();
  return (url) => {
    let client = clients.get(url);
    if (client === undefined) {
      client = make(url);
      clients.set(url, client);
    }
    return client;
  };
}
