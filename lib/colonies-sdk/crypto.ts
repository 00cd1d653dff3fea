/**
 * Colonies identities and signatures (docs/protocol.md §2): secp256k1 keys, ids = sha3_256 of the
 * lowercase hex text of the uncompressed public key, signatures = hex(r ‖ s ‖ v) over
 * sha3_256(message) with RFC 6979 nonces and low s. The hashing and curve work run on the backend
 * COLONIES_CRYPTO selects (secp256k1/backend.ts); both give byte-identical results.
 */
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { type CryptoBackendName, chooseBackend } from "./secp256k1/backend.ts";
import { loadNativeBackend } from "./secp256k1/native.ts";
import { CURVE_ORDER, nobleBackend } from "./secp256k1/noble.ts";

// Chosen once, at import, so a wrong COLONIES_CRYPTO stops a process at its start, not at its first request.
const backend = chooseBackend(process.env.COLONIES_CRYPTO, nobleBackend, loadNativeBackend);
const HALF_ORDER = CURVE_ORDER >> 1n;
const HEX_64 = /^[0-9a-fA-F]{64}$/;

/** Which secp256k1 implementation this process signs and recovers with. */
export function cryptoBackend(): CryptoBackendName {
  return backend.name;
}

/** A signature or key the server would refuse; `message` is the text the real server answers with. */
export class ColoniesCryptoError extends Error {
  override name = "ColoniesCryptoError";
}

export function sha3Hex(text: string): string {
  return bytesToHex(backend.sha3(text));
}

/** A fresh private key as the SDKs make them: sha3_256 of 32 random bytes, 64 lowercase hex. */
export function generatePrivateKey(): string {
  for (;;) {
    const candidate = bytesToHex(backend.sha3(randomBytes(32)));
    if (isValidPrivateKey(candidate)) return candidate;
  }
}

export function isValidPrivateKey(prvkey: string): boolean {
  if (!HEX_64.test(prvkey)) return false;
  const d = BigInt(`0x${prvkey}`);
  return d >= 1n && d < CURVE_ORDER;
}

function privateKeyBytes(prvkey: string): Uint8Array {
  if (!isValidPrivateKey(prvkey)) {
    throw new ColoniesCryptoError("Invalid private key: expected 64 hex characters encoding 1 ≤ d < n");
  }
  return hexToBytes(prvkey.toLowerCase());
}

export function idFromPublicKey(publicKey: Uint8Array): string {
  return sha3Hex(bytesToHex(publicKey));
}

export function idFromPrivateKey(prvkey: string): string {
  return idFromPublicKey(backend.publicKey(privateKeyBytes(prvkey)));
}

/** Signs `message` (for RPC: the base64 payload text exactly as sent); returns 130 lowercase hex chars. */
export function sign(message: string, prvkey: string): string {
  return bytesToHex(backend.sign(backend.sha3(message), privateKeyBytes(prvkey)));
}

/** What Go's hex.DecodeString says about `text` (checked pair by pair, then the odd tail), if anything. */
function goHexProblem(text: string): string | undefined {
  const bytes = utf8ToBytes(text);
  const isHex = (b: number) => (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102);
  const invalid = (b: number) => {
    const ch = String.fromCharCode(b);
    const printable = b >= 0x20 && b !== 0x7f && !(b >= 0x80 && b <= 0xa0) && b !== 0xad;
    return `invalid byte: U+${b.toString(16).toUpperCase().padStart(4, "0")}${printable ? ` '${ch}'` : ""}`;
  };
  const bad = bytes.find((b) => !isHex(b));
  if (bad !== undefined) return invalid(bad);
  return bytes.length % 2 === 0 ? undefined : "odd length hex string";
}

/** The real server's (dcrd secp256k1) text for r or s outside [1, N-1], checked in its order. */
function scalarRangeProblem(r: bigint, s: bigint): string | undefined {
  if (r >= CURVE_ORDER) return "R >= group order";
  if (r === 0n) return "R is 0";
  if (s >= CURVE_ORDER) return "S >= group order";
  if (s === 0n) return "S is 0";
  return undefined;
}

/**
 * Recovers the signer's id from a message and its signature, rejecting what the real server rejects,
 * with the same texts: bad hex, wrong length, v outside 0..7, high s, unrecoverable points.
 */
export function recoverId(message: string, signatureHex: string): string {
  const hexProblem = goHexProblem(signatureHex);
  if (hexProblem) throw new ColoniesCryptoError(`encoding/hex: ${hexProblem}`);
  const bytes = hexToBytes(signatureHex.toLowerCase());
  if (bytes.length !== 65) throw new ColoniesCryptoError("Invalid signature length");
  const v = bytes[64]!;
  if (v > 7) {
    // The server passes v + 27 (one byte) as the compact recovery code, valid in [27, 34].
    throw new ColoniesCryptoError(
      `Failed to recover public key: invalid signature: public key recovery code ${(v + 27) & 0xff} is not in the valid range [27, 34]`,
    );
  }
  const r = BigInt(`0x${bytesToHex(bytes.subarray(0, 32))}`);
  const s = BigInt(`0x${bytesToHex(bytes.subarray(32, 64))}`);
  const rangeProblem = scalarRangeProblem(r, s);
  if (rangeProblem)
    throw new ColoniesCryptoError(`Failed to recover public key: invalid signature: ${rangeProblem}`);
  let publicKey: Uint8Array;
  try {
    publicKey = backend.recover(backend.sha3(message), bytes.subarray(0, 64), v & 3);
  } catch (error) {
    throw new ColoniesCryptoError(`Failed to recover public key: ${(error as Error).message}`);
  }
  if (s > HALF_ORDER) {
    throw new ColoniesCryptoError("Failed verify signature: Signature s value is over half the order");
  }
  return idFromPublicKey(publicKey);
}
