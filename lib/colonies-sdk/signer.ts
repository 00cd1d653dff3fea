/**
 * Signing and signer recovery with small memos. Colonies signatures are deterministic (RFC 6979) and
 * the server keeps no nonce or replay state, so an identical (payload, key) pair always signs to the
 * same bytes and an identical (payload, signature) pair always recovers to the same id. Repeated
 * requests — an executor's assign long-poll, a dashboard's getprocesses poll — therefore cost the
 * secp256k1 work once on each side (see bench/colonies-crypto.ts for the cost on each backend).
 */
import { recoverId, sign } from "./crypto.ts";

const MAX_ENTRIES = 256;
/** Only short payloads repeat in practice; large ones (outputs, logs) would just evict useful entries. */
const MAX_CACHED_PAYLOAD = 2048;

/** A least-recently-used map of at most MAX_ENTRIES entries. */
class Memo {
  private readonly entries = new Map<string, string>();

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key); // move to the back: least recently used entries leave first
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: string): void {
    this.entries.set(key, value);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}

const signatures = new Memo();
const signerIds = new Memo();

/** `sign(payload, prvkey)`, memoised for short payloads. */
export function signPayload(payload: string, prvkey: string): string {
  if (payload.length > MAX_CACHED_PAYLOAD) return sign(payload, prvkey);
  const key = `${prvkey}:${payload}`;
  const cached = signatures.get(key);
  if (cached !== undefined) return cached;
  const signature = sign(payload, prvkey);
  signatures.set(key, signature);
  return signature;
}

/**
 * `recoverId(payload, signature)`, memoised for short payloads (for servers). Failures are not
 * memoised: they throw `ColoniesCryptoError` every time, with the real server's text.
 */
export function recoverSignerId(payload: string, signature: string): string {
  if (payload.length > MAX_CACHED_PAYLOAD) return recoverId(payload, signature);
  const key = `${signature}:${payload}`;
  const cached = signerIds.get(key);
  if (cached !== undefined) return cached;
  const id = recoverId(payload, signature);
  signerIds.set(key, id);
  return id;
}
