/**
 * A small pool of Bun Workers for signer recovery (secp256k1 public-key recovery, ~0.5 ms each): the
 * server's event loop stays free for SQLite and HTTP while other cores do the curve arithmetic.
 * Each worker memoises repeated (payload, signature) pairs, such as an executor's identical assign polls.
 */
import { ColoniesCryptoError } from "../../lib/colonies-sdk/crypto.ts";

export interface RecoverRequest {
  id: number;
  payload: string;
  signature: string;
}

export type RecoverReply = { id: number; signer: string } | { id: number; error: string };

interface Pending {
  resolve(signer: string): void;
  reject(error: Error): void;
}

export class RecoverPool {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[];
  private nextId = 1;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL("./worker.ts", import.meta.url));
      const pending = new Map<number, Pending>();
      worker.onmessage = (event: MessageEvent<RecoverReply>) => {
        const reply = event.data;
        const waiter = pending.get(reply.id);
        if (!waiter) return;
        pending.delete(reply.id);
        if ("signer" in reply) waiter.resolve(reply.signer);
        else waiter.reject(new ColoniesCryptoError(reply.error));
      };
      (worker as unknown as { unref(): void }).unref(); // never keeps the process alive
      return { worker, pending };
    });
  }

  /** Recovers the signer id on the least busy worker; rejects with the real server's error text. */
  recover = (payload: string, signature: string): Promise<string> => {
    let target = this.workers[0]!;
    for (const w of this.workers) if (w.pending.size < target.pending.size) target = w;
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, payload, signature } satisfies RecoverRequest);
    });
  };

  terminate(): void {
    for (const { worker, pending } of this.workers) {
      worker.terminate();
      for (const waiter of pending.values()) waiter.reject(new Error("The server is stopping"));
      pending.clear();
    }
  }
}
