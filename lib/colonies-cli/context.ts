/** What every `colonies` command gets: a client, the colony, the signing key and where to print. */
import type { ColoniesClient } from "../colonies/index.ts";
import { stringifyJson } from "../colonies/index.ts";

export interface CliContext {
  client: ColoniesClient;
  colonyname: string;
  /** COLONIES_PRVKEY: a member of the colony (user or executor). */
  prvkey: string;
  ascii: boolean;
  print(text: string): void;
  /** Resolves when the user interrupts (Ctrl-C): long-running commands (log get --follow) stop. */
  interrupted: AbortSignal;
}

/** Listings with --json print one JSON document (int64 fields with every digit) for scripts. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.print(stringifyJson(value));
}
