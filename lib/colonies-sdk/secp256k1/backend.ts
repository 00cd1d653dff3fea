/**
 * The secp256k1 and SHA3-256 operations Colonies needs, behind one interface with two implementations:
 * native (libsecp256k1 from the npm package `secp256k1`, and Bun's own SHA3) and @noble/curves +
 * @noble/hashes (pure TypeScript, the fallback and the test oracle). `COLONIES_CRYPTO` picks one: `auto` (default: libsecp256k1 when it loads, else noble),
 * `noble`, or `libsecp256k1` (an error when it does not load).
 */

export const CRYPTO_SETTINGS = ["auto", "noble", "libsecp256k1"] as const;
export type CryptoSetting = (typeof CRYPTO_SETTINGS)[number];
export type CryptoBackendName = Exclude<CryptoSetting, "auto">;

export interface Secp256k1Backend {
  readonly name: CryptoBackendName;
  /** SHA3-256 (FIPS 202, not Keccak) of the UTF-8 bytes of a string, or of bytes. */
  sha3(data: string | Uint8Array): Uint8Array;
  /** The uncompressed public key (65 bytes: 04 ‖ X ‖ Y) of a valid 32-byte private key. */
  publicKey(privateKey: Uint8Array): Uint8Array;
  /** RFC 6979 low-s signature of a 32-byte digest in Colonies' layout: r ‖ s ‖ recovery id (65 bytes). */
  sign(digest: Uint8Array, privateKey: Uint8Array): Uint8Array;
  /**
   * The uncompressed public key that signed `digest` as r ‖ s (64 bytes, both in [1, N-1]) with
   * recovery id 0..3; throws an Error saying why when no key does.
   */
  recover(digest: Uint8Array, rs: Uint8Array, recoveryId: number): Uint8Array;
}

/** COLONIES_CRYPTO is set to something else than the three settings, or asks for a backend that cannot load. */
export class CryptoBackendError extends Error {
  override name = "CryptoBackendError";
}

function parseSetting(text: string | undefined): CryptoSetting {
  const setting = text?.trim() || "auto";
  if ((CRYPTO_SETTINGS as readonly string[]).includes(setting)) return setting as CryptoSetting;
  throw new CryptoBackendError(
    `COLONIES_CRYPTO must be one of ${CRYPTO_SETTINGS.join(", ")}, got "${text}" (unset means auto)`,
  );
}

/** Picks the backend COLONIES_CRYPTO (`setting`) asks for; `loadNative` throws when libsecp256k1 does not load. */
export function chooseBackend(
  setting: string | undefined,
  noble: Secp256k1Backend,
  loadNative: () => Secp256k1Backend,
): Secp256k1Backend {
  const choice = parseSetting(setting);
  if (choice === "noble") return noble;
  try {
    return loadNative();
  } catch (error) {
    if (choice === "auto") return noble;
    throw new CryptoBackendError(
      `COLONIES_CRYPTO=libsecp256k1, but the native module of the npm package secp256k1 did not load ` +
        `(${(error as Error).message}). Run \`bun install\` (it ships prebuilt binaries for linux-x64, ` +
        `darwin-arm64 and win32-x64; elsewhere its install step builds one with node-gyp and a C++ compiler), ` +
        `or set COLONIES_CRYPTO=auto to fall back to @noble/curves.`,
    );
  }
}
