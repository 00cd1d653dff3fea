/**
 * Signing with a small memo. Colonies signatures are deterministic (RFC 6979), so the signature of an
 * identical (payload, key) pair is always the same bytes; the server keeps no nonce or replay state.
 * Repeated requests — an executor's assign long-poll, a dashboard's getprocesses poll — therefore
 * sign once and reuse the result, which takes the secp256k1 work off the executor's hot loop.
 */
import { sign } from "./crypto.ts";

const MAX_ENTRIES = 256;
/** Only short payloads repeat in practice; large ones (outputs, logs) would just evict useful entries. */
const MAX_CACHED_PAYLOAD = 2048;

const memo = new Map<string, string>();

export function signPayload(payload: string, prvkey: string): string {
  if (payload.length > MAX_CACHED_PAYLOAD) return sign(payload, prvkey);
  const key = `${prvkey}:${payload}`;
  const cached = memo.get(key);
  if (cached !== undefined) {
    memo.delete(key); // move to the back: least recently used entries leave first
    memo.set(key, cached);
    return cached;
  }
  const signature = sign(payload, prvkey);
  memo.set(key, signature);
  if (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value!);
  return signature;
}
