/** secp256k1 and SHA3 through @noble/curves and @noble/hashes: pure TypeScript, loads everywhere; the fallback and the test oracle. */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import type { Secp256k1Backend } from "./backend.ts";

export const CURVE_ORDER = secp256k1.Point.CURVE().n;

export const nobleBackend: Secp256k1Backend = {
  name: "noble",
  sha3: (data) => sha3_256(typeof data === "string" ? utf8ToBytes(data) : data),
  publicKey: (privateKey) => secp256k1.getPublicKey(privateKey, false),
  sign(digest, privateKey) {
    // noble's 'recovered' layout is v ‖ r ‖ s; Colonies wants r ‖ s ‖ v.
    const recovered = secp256k1.sign(digest, privateKey, { prehash: false, lowS: true, format: "recovered" });
    const out = new Uint8Array(65);
    out.set(recovered.subarray(1), 0);
    out[64] = recovered[0]!;
    return out;
  },
  recover(digest, rs, recoveryId) {
    const recoveredLayout = new Uint8Array(65);
    recoveredLayout[0] = recoveryId;
    recoveredLayout.set(rs, 1);
    const publicKey = secp256k1.recoverPublicKey(recoveredLayout, digest, { prehash: false });
    return secp256k1.Point.fromBytes(publicKey).toBytes(false);
  },
};
