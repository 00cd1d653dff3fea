/**
 * secp256k1 through libsecp256k1: the npm package `secp256k1`'s native module (a prebuilt binary found by
 * node-gyp-build); SHA3 through Bun's native hasher (about 10× noble's on a 400-byte payload). Loaded from `secp256k1/bindings`, not the package root, whose own fallback to the
 * elliptic package would hide a failed load.
 */
import { createRequire } from "node:module";
import type { Secp256k1Backend } from "./backend.ts";
import { nobleBackend } from "./noble.ts";

interface Bindings {
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array;
  ecdsaSign(
    digest: Uint8Array,
    privateKey: Uint8Array,
    options: object,
    output: Uint8Array,
  ): { signature: Uint8Array; recid: number };
  ecdsaRecover(rs: Uint8Array, recoveryId: number, digest: Uint8Array, compressed: boolean): Uint8Array;
}

/** Throws when the native module does not load (no binary for this platform and none built). */
export function loadNativeBackend(): Secp256k1Backend {
  const bindings = createRequire(import.meta.url)("secp256k1/bindings") as Bindings;
  return {
    name: "libsecp256k1",
    sha3: (data) => Bun.CryptoHasher.hash("sha3-256", data),
    publicKey: (privateKey) => bindings.publicKeyCreate(privateKey, false),
    sign(digest, privateKey) {
      // libsecp256k1 signs with RFC 6979 nonces and always normalises to low s, as noble with lowS does.
      const out = new Uint8Array(65);
      out[64] = bindings.ecdsaSign(digest, privateKey, {}, out.subarray(0, 64)).recid;
      return out;
    },
    recover(digest, rs, recoveryId) {
      try {
        return bindings.ecdsaRecover(rs, recoveryId, digest, false);
      } catch {
        // Only forged or corrupt signatures get here; noble says why, so both backends answer alike.
        return nobleBackend.recover(digest, rs, recoveryId);
      }
    },
  };
}
