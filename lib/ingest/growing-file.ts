/**
 * The bytes of a file that is still being written (a recorder's live output): what is there, then each
 * append as it lands, until nothing new has come for `idleMs` or `signal` aborts.
 */
import { open } from "node:fs/promises";

export interface GrowingFileOptions {
  idleMs: number;
  pollMs?: number;
  signal?: AbortSignal;
}

const CHUNK = 1 << 20;

export async function* growingFile(path: string, o: GrowingFileOptions): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    let position = 0;
    let lastData = Date.now();
    const buffer = new Uint8Array(CHUNK);
    while (!o.signal?.aborted) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, position);
      if (bytesRead > 0) {
        position += bytesRead;
        lastData = Date.now();
        yield buffer.slice(0, bytesRead);
        continue;
      }
      if (Date.now() - lastData >= o.idleMs) return;
      await Bun.sleep(o.pollMs ?? 100);
    }
  } finally {
    await file.close();
  }
}
