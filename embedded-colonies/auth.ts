/** Zero-trust role checks (docs/protocol.md §3), with the real server's texts; every failure is a 403. */

import { ExecutorState, getColony, getExecutorIdentity, getUserById } from "./db/identities.ts";
import type { ColoniesDatabase } from "./db/open.ts";
import { forbidden } from "./errors.ts";
import { NUL_IN_TEXT } from "./wire/pq-errors.ts";

export function requireServerOwner(serverId: string, signer: string): void {
  if (signer !== serverId) throw forbidden("Access denied, not server owner");
}

export function requireColonyOwner(db: ColoniesDatabase, signer: string, colonyname: string): void {
  if (colonyname === "") throw forbidden("Empty Colony name");
  if (colonyname.includes("\u0000")) throw forbidden(NUL_IN_TEXT);
  const colony = getColony(db, colonyname);
  if (!colony) throw forbidden(`Colony with name <${colonyname}> does not exists`);
  if (colony.colonyid !== signer) throw forbidden("Access denied, not colony owner");
}

/** A user of the colony, or an executor of it (approved when `approved`); else the user check's error. */
export function requireMembership(
  db: ColoniesDatabase,
  signer: string,
  colonyname: string,
  approved = true,
): void {
  // The real server's membership query fails on it, and it answers 403 with the driver's text.
  if (colonyname.includes("\u0000")) throw forbidden(NUL_IN_TEXT);
  const colony = getColony(db, colonyname);
  if (colony) {
    const executor = getExecutorIdentity(db, signer);
    if (executor && executor.colonyname === colonyname) {
      if (!approved || executor.state === ExecutorState.Approved) return;
    }
    if (getUserById(db, colonyname, signer)) return;
    throw forbidden(`Access denied, not a member of Colony with name <${colonyname}>`);
  }
  throw forbidden(`Colony with name <${colonyname}> does not exists`);
}
