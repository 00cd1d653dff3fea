import { describe, expect, test } from "bun:test";
import {
  ColoniesCryptoError,
  generatePrivateKey,
  idFromPrivateKey,
  isValidPrivateKey,
  recoverId,
  sha3Hex,
  sign,
} from "../../../lib/colonies-sdk/crypto.ts";
import vectors from "../../fixtures/colonies-vectors.json";

describe("colonies crypto against vectors.json", () => {
  test.each(vectors.ids.map((v) => [v.prvkey, v.id]))("id of %s", (prvkey, id) => {
    expect(idFromPrivateKey(prvkey)).toBe(id);
  });

  for (const role of Object.values(vectors.roles)) {
    test(`role key ${role.id.slice(0, 8)} derives its id`, () => {
      expect(idFromPrivateKey(role.prvkey)).toBe(role.id);
    });
  }

  test("sha3-256, not keccak", () => {
    const [sha3, keccak] = vectors.hashes;
    expect(sha3Hex(sha3!.message)).toBe(sha3!.hash);
    expect(sha3Hex(keccak!.message)).not.toBe(keccak!.hash);
  });

  for (const v of vectors.signatures) {
    const label = `${JSON.stringify(v.message).slice(0, 20)} by ${v.signerid.slice(0, 8)}`;
    if (!("acceptOnly" in v)) {
      test(`sign ${label} is byte-identical`, () => {
        expect(sign(v.message, v.prvkey)).toBe(v.signature);
      });
    }
    test(`recover ${label}`, () => {
      expect(recoverId(v.message, v.signature)).toBe(v.signerid);
    });
  }

  test.each(vectors.rejected.map((v) => [v.reason.slice(0, 40), v.message, v.signature]))(
    "rejects %s",
    (_reason, message, signature) => {
      expect(() => recoverId(message, signature)).toThrow(ColoniesCryptoError);
    },
  );

  test("high-s rejection carries the server's text", () => {
    const highS = vectors.rejected[0]!;
    expect(() => recoverId(highS.message, highS.signature)).toThrow(
      "Signature s value is over half the order",
    );
  });

  test("r or s outside [1, N-1] carries the real server's texts (checked against it by test:colonyos)", () => {
    const n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    const one = `${"00".repeat(31)}01`;
    const zero = "00".repeat(32);
    const prefix = "Failed to recover public key: invalid signature: ";
    expect(() => recoverId("x", `${zero}${one}00`)).toThrow(`${prefix}R is 0`);
    expect(() => recoverId("x", `${n}${one}00`)).toThrow(`${prefix}R >= group order`);
    expect(() => recoverId("x", `${one}${zero}00`)).toThrow(`${prefix}S is 0`);
    expect(() => recoverId("x", `${one}${n}00`)).toThrow(`${prefix}S >= group order`);
  });

  test("bad hex and recovery codes carry Go's texts", () => {
    expect(() => recoverId("x", "zz".repeat(65))).toThrow("encoding/hex: invalid byte: U+007A 'z'");
    expect(() => recoverId("x", "abc")).toThrow("encoding/hex: odd length hex string");
    expect(() => recoverId("x", `${"11".repeat(64)}09`)).toThrow(
      "Failed to recover public key: invalid signature: public key recovery code 36 is not in the valid range [27, 34]",
    );
  });

  test("empty signature is an invalid length", () => {
    expect(() => recoverId("x", "")).toThrow("Invalid signature length");
  });

  test("a signature over other bytes recovers some other id", () => {
    const key = vectors.roles.user.prvkey;
    expect(recoverId("tampered", sign("original", key))).not.toBe(vectors.roles.user.id);
  });

  test("generated keys are valid and round-trip through sign/recover", () => {
    const key = generatePrivateKey();
    expect(isValidPrivateKey(key)).toBe(true);
    expect(recoverId("payload", sign("payload", key))).toBe(idFromPrivateKey(key));
  });

  test("out-of-range private keys are refused", () => {
    expect(isValidPrivateKey("0".repeat(64))).toBe(false);
    expect(isValidPrivateKey("f".repeat(64))).toBe(false);
    expect(isValidPrivateKey("abc")).toBe(false);
  });
});
