/**
 * Per-database memo of the identity rows nearly every request reads (colony by name, executor by id, user by
 * colony and id). Only db/identities.ts changes those rows, and each of its writes drops the entries it may
 * change, so a removal, rejection or re-registration is seen by the very next request. "Not found" is
 * remembered only where asked (executors: only the server writes them, and registering one drops the entry);
 * a colony or user that `bun run setup` writes straight into the file of a running server is seen at once.
 * Nothing is remembered while a transaction is open: a write that is rolled back afterwards cannot leave an
 * entry behind.
 */
import type { ColoniesDatabase } from "./open.ts";
import { perDatabase } from "./prepared.ts";

/** Bounds the memory of a database with very many identities. */
const MAX_ENTRIES = 10_000;

export interface IdentityMemo<V> {
  get(db: ColoniesDatabase, key: string, load: () => V | undefined): V | undefined;
  forget(db: ColoniesDatabase, key: string): void;
}

/** A remembered "not found". */
const MISSING = Symbol("missing");

export interface IdentityMemoOptions {
  /**
   * Remember that a key has no row, too: only for rows no one but this server writes (each write forgets the
   * key first). Users sending requests that check "is the signer an executor?" then cost no query each.
   */
  rememberMissing?: boolean;
}

export function identityMemo<V>(options: IdentityMemoOptions = {}): IdentityMemo<V> {
  const entriesOf = perDatabase(() => new Map<string, V | typeof MISSING>());
  return {
    get(db, key, load) {
      const entries = entriesOf(db);
      const known = entries.get(key);
      if (known === MISSING) return undefined;
      if (known !== undefined) return known;
      const value = load();
      if (db.$client.inTransaction || (value === undefined && !options.rememberMissing)) return value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      // Every later caller gets this same object: frozen, so none can change it for the others.
      entries.set(key, value === undefined ? MISSING : Object.freeze(value));
      return value;
    },
    forget: (db, key) => void entriesOf(db).delete(key),
  };
}
