/** What every `colonies` command gets: a client, the colony, the signing key and where to print. */
import { ColoniesClient, loadColoniesConfig, requireKeys, stringifyJson } from "../colonies-sdk/index.ts";

export interface CliContext {
  client: ColoniesClient;
  colonyname: string;
  /** COLONIES_PRVKEY: a member of the colony (user or executor). */
  prvkey: string;
  ascii: boolean;
  /** Tables and results (stdout). */
  print(text: string): void;
  /** Status lines the Go CLI logs to stderr ("Searching for logs ...", "No ... found"). */
  note(text: string): void;
  /** Resolves when the user interrupts (Ctrl-C): long-running commands (log get --follow) stop. */
  interrupted: AbortSignal;
}

/** Where a command prints, which env it reads (process.env by default) and its Ctrl-C signal. */
export interface CliIo {
  print(text: string): void;
  /** Default: stderr. */
  note?(text: string): void;
  env?: Record<string, string | undefined>;
  interrupted?: AbortSignal;
}

/** The context from the env: COLONIES_* config, COLONIES_PRVKEY signs, COLONIES_CLI_ASCII=true for ASCII tables. */
export function cliContext(io: CliIo): CliContext {
  const env = io.env ?? process.env;
  const config = requireKeys(loadColoniesConfig(env), "prvkey");
  return {
    client: ColoniesClient.fromConfig(config),
    colonyname: config.colonyName,
    prvkey: config.prvkey,
    ascii: env.COLONIES_CLI_ASCII === "true",
    print: io.print,
    note: io.note ?? ((text) => console.error(text)),
    interrupted: io.interrupted ?? new AbortController().signal,
  };
}

/** Listings with --json print one JSON document (int64 fields with every digit) for scripts. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.print(stringifyJson(value));
}
