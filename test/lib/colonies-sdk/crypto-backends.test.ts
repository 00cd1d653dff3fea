/**
 * The two secp256k1 backends of lib/colonies-sdk/crypto.ts answer alike: libsecp256k1 (native) against
 * @noble/curves + @noble/hashes (the oracle) on every vector of vectors.json and on 10,000 seeded random keys and
 * messages, byte for byte; and COLONIES_CRYPTO picks the one it names.
 */
import { describe, expect, test } from "bun:test";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { isValidPrivateKey } from "../../../lib/colonies-sdk/crypto.ts";
import {
  CryptoBackendError,
  chooseBackend,
  type Secp256k1Backend,
} from "../../../lib/colonies-sdk/secp256k1/backend.ts";
import { loadNativeBackend } from "../../../lib/colonies-sdk/secp256k1/native.ts";
import { CURVE_ORDER, nobleBackend } from "../../../lib/colonies-sdk/secp256k1/noble.ts";
import { Xoshiro128 } from "../../../lib/signal/random.ts";
import vectors from "../../fixtures/colonies-vectors.json";
import { repoRoot } from "../../support/stack.ts";

// The package's prebuilt linux-x64 / darwin-arm64 / win32-x64 binary must load here; if it does not,
// this line fails every test with the loader's reason.
const native = loadNativeBackend();
const backends: readonly Secp256k1Backend[] = [nobleBackend, native];

/** sign as lib/colonies-sdk/crypto.ts does, on one backend: hex(r ‖ s ‖ v) over sha3_256(message). */
function signWith(backend: Secp256k1Backend, message: string, prvkey: string): string {
  return bytesToHex(backend.sign(backend.sha3(message), hexToBytes(prvkey)));
}

/** The id of a public key as crypto.ts makes it, on one backend: sha3_256 of its lowercase hex text. */
function idWith(backend: Secp256k1Backend, publicKey: Uint8Array): string {
  return bytesToHex(backend.sha3(bytesToHex(publicKey)));
}

/** The signer's id, or the failure's text, from one backend. */
function recoverWith(backend: Secp256k1Backend, message: string, signatureHex: string): string {
  const bytes = hexToBytes(signatureHex);
  try {
    return idWith(backend, backend.recover(backend.sha3(message), bytes.subarray(0, 64), bytes[64]! & 3));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe("both backends on vectors.json", () => {
  test("sha3-256, not keccak", () => {
    const [sha3, keccak] = vectors.hashes;
    for (const backend of backends) {
      expect(bytesToHex(backend.sha3(sha3!.message))).toBe(sha3!.hash);
      expect(bytesToHex(backend.sha3(utf8ToBytes(sha3!.message)))).toBe(sha3!.hash);
      expect(bytesToHex(backend.sha3(keccak!.message))).not.toBe(keccak!.hash);
    }
  });

  test("ids from private keys", () => {
    const keys = [...vectors.ids, ...Object.values(vectors.roles)];
    for (const { prvkey, id } of keys) {
      for (const backend of backends) expect(idWith(backend, backend.publicKey(hexToBytes(prvkey)))).toBe(id);
    }
  });

  test("signatures, byte for byte, and the ids they recover", () => {
    for (const v of vectors.signatures) {
      if (!("acceptOnly" in v)) {
        for (const backend of backends) expect(signWith(backend, v.message, v.prvkey)).toBe(v.signature);
      }
      for (const backend of backends) expect(recoverWith(backend, v.message, v.signature)).toBe(v.signerid);
    }
  });

  test("rejected signatures that reach the curve recover alike (crypto.ts refuses them after)", () => {
    const reachable = vectors.rejected.filter(
      (v) => v.signature.length === 130 && Number.parseInt(v.signature.slice(128), 16) <= 7,
    );
    expect(reachable.length).toBeGreaterThan(0);
    for (const v of reachable) {
      expect(recoverWith(native, v.message, v.signature)).toBe(
        recoverWith(nobleBackend, v.message, v.signature),
      );
    }
  });
});

/** Seeded keys and messages: UTF-8 text of 0..600 characters, ASCII mostly, some two-, three- and four-byte, NUL and a lone surrogate. */
function randomCases(seed: number, count: number): { prvkey: string; message: string }[] {
  const random = new Xoshiro128(seed);
  const cases: { prvkey: string; message: string }[] = [];
  const alphabet = ["a", "Z", "0", " ", "{", '"', "=", "é", "Ω", "€", "😀", "\n", "\u0000", "\ud800"];
  while (cases.length < count) {
    const key = new Uint8Array(32);
    for (let i = 0; i < 32; i++) key[i] = random.nextUint32() & 0xff;
    const prvkey = bytesToHex(key);
    if (!isValidPrivateKey(prvkey)) continue;
    const length = Math.floor(random.next() * 600);
    let message = "";
    for (let i = 0; i < length; i++) {
      message +=
        random.next() < 0.7
          ? String.fromCharCode(32 + Math.floor(random.next() * 95))
          : alphabet[Math.floor(random.next() * alphabet.length)];
    }
    cases.push({ prvkey, message });
  }
  return cases;
}

function smallScalar(value: number): Uint8Array {
  const bytes = new Uint8Array(32);
  bytes[31] = value;
  return bytes;
}

describe("both backends on 10,000 seeded random keys and messages", () => {
  const BATCHES = 10;
  const PER_BATCH = 1000;
  for (let batch = 0; batch < BATCHES; batch++) {
    test(`batch ${batch + 1} of ${BATCHES}: identical signatures and recovered ids`, () => {
      const mismatches: string[] = [];
      for (const { prvkey, message } of randomCases(0x5ec9 + batch, PER_BATCH)) {
        const expectedId = idWith(nobleBackend, nobleBackend.publicKey(hexToBytes(prvkey)));
        const fromNoble = signWith(nobleBackend, message, prvkey);
        const fromNative = signWith(native, message, prvkey);
        const ids = [recoverWith(nobleBackend, message, fromNative), recoverWith(native, message, fromNoble)];
        const nativeId = idWith(native, native.publicKey(hexToBytes(prvkey)));
        if (fromNative !== fromNoble || ids.some((id) => id !== expectedId) || nativeId !== expectedId)
          mismatches.push(`${prvkey} ${JSON.stringify(message.slice(0, 40))}`);
      }
      expect(mismatches).toEqual([]);
    }, 60_000); // noble's ~0.6 ms per sign + recover, on a shared machine
  }

  test("2,000 random (r, s, v): the same id or the same failure text from both", () => {
    const random = new Xoshiro128(0xbad5);
    const randomScalar = () => {
      const bytes = new Uint8Array(32);
      for (let i = 0; i < 32; i++) bytes[i] = random.nextUint32() & 0xff;
      return bytes;
    };
    let failures = 0;
    for (let i = 0; i < 2000; i++) {
      // Small r values are valid x coordinates about half the time, and with v 2 or 3 (r + N) hit the
      // overflow case; large random r mostly are not on the curve at all.
      const r = i % 4 === 0 ? smallScalar(1 + (i % 200)) : randomScalar();
      const s = randomScalar();
      if (BigInt(`0x${bytesToHex(r)}`) >= CURVE_ORDER || BigInt(`0x${bytesToHex(s)}`) >= CURVE_ORDER)
        continue;
      const signature = `${bytesToHex(r)}${bytesToHex(s)}0${i % 4}`;
      const fromNoble = recoverWith(nobleBackend, `m${i}`, signature);
      if (fromNoble.startsWith("error: ")) failures++;
      expect(recoverWith(native, `m${i}`, signature)).toBe(fromNoble);
    }
    // Both kinds of outcome were exercised.
    expect(failures).toBeGreaterThan(50);
    expect(failures).toBeLessThan(1950);
  });
});

describe("COLONIES_CRYPTO", () => {
  const report = async (setting: string | undefined) => {
    const env: Record<string, string> = { ...process.env } as Record<string, string>;
    if (setting === undefined) delete env.COLONIES_CRYPTO;
    else env.COLONIES_CRYPTO = setting;
    const child = Bun.spawn(
      [
        process.execPath,
        "-e",
        'const c = await import("./lib/colonies-sdk/crypto.ts"); console.log(c.cryptoBackend(), c.recoverId("x", c.sign("x", "6d2fb6f546bacfd98c68769e61e0b44a697a30596c018a50e28200aa59b01c0a")))',
      ],
      { cwd: repoRoot, env, stdout: "pipe", stderr: "pipe" },
    );
    const [stdout, stderr, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    return { stdout: stdout.trim(), stderr, code };
  };
  const executorId = vectors.roles.executor.id;

  test.each([
    ["noble", "noble"],
    ["libsecp256k1", "libsecp256k1"],
    ["auto", "libsecp256k1"],
    ["", "libsecp256k1"],
  ])("COLONIES_CRYPTO=%p signs and recovers with %s", async (setting, expected) => {
    expect(await report(setting)).toEqual({ stdout: `${expected} ${executorId}`, stderr: "", code: 0 });
  });

  test("unset means auto", async () => {
    expect((await report(undefined)).stdout).toBe(`libsecp256k1 ${executorId}`);
  });

  test("an unknown value stops the process at import, naming the settings", async () => {
    const { code, stderr } = await report("openssl");
    expect(code).not.toBe(0);
    expect(stderr).toContain('COLONIES_CRYPTO must be one of auto, noble, libsecp256k1, got "openssl"');
  });

  const notLoading = () => {
    throw new Error("no prebuilt binary for sunos-sparc");
  };

  test("auto falls back to noble when libsecp256k1 does not load", () => {
    expect(chooseBackend("auto", nobleBackend, notLoading).name).toBe("noble");
    expect(chooseBackend(undefined, nobleBackend, notLoading).name).toBe("noble");
  });

  test("libsecp256k1 that does not load is an error saying why and what to do", () => {
    expect(() => chooseBackend("libsecp256k1", nobleBackend, notLoading)).toThrow(CryptoBackendError);
    expect(() => chooseBackend("libsecp256k1", nobleBackend, notLoading)).toThrow(
      /did not load \(no prebuilt binary for sunos-sparc\)\. Run `bun install`.*COLONIES_CRYPTO=auto/,
    );
  });

  test("noble never tries the native module", () => {
    let tried = false;
    const spy = () => {
      tried = true;
      return native;
    };
    expect(chooseBackend("noble", nobleBackend, spy).name).toBe("noble");
    expect(tried).toBe(false);
  });
});
