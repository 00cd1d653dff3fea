/**
 * `bun run colonies <group> <command> [flags]`: the Colonies CLI commands the tutorial uses, over the SDK,
 * against whatever server the COLONIES_* env vars name (embedded or real).
 */

import {
  CliError,
  type CommandSpec,
  defineCommand,
  type FlagSpec,
  helpText,
  parseFlags,
} from "../cli/index.ts";
import { colonyStats } from "./commands/colony.ts";
import { listExecutors } from "./commands/executor.ts";
import { GENERATOR_USAGE, runGeneratorCli } from "./commands/generator.ts";
import { getLogs, searchLogs } from "./commands/log.ts";
import { type ListingName, listings, listProcesses, showProcess } from "./commands/process.ts";
import { type CliIo, cliContext } from "./context.ts";

const json = { type: "boolean", default: false, description: "print JSON instead of tables" } as const;
const processid = { type: "string", placeholder: "ID", description: "process id (-p)" } as const;
const between = (min: number, max: number) => (n: number) =>
  n >= min && n <= max ? undefined : `must be ${min}..${max}`;

const listingSpec = (name: string, what: string) =>
  defineCommand({
    usage: `bun run colonies process ${name}`,
    summary: `List ${what} processes.`,
    flags: {
      count: { type: "integer", default: 20, description: "processes to list", check: between(1, 100) },
      ids: { type: "boolean", default: false, description: "show process ids (-i)" },
      json,
    },
  });

const specs = {
  "process get": defineCommand({
    usage: "bun run colonies process get",
    summary: "Show one process: state, times, spec, output and errors.",
    flags: { processid, json },
  }),
  "log search": defineCommand({
    usage: "bun run colonies log search",
    summary: "Search the colony's logs for a text (case-sensitive).",
    flags: {
      text: { type: "string", placeholder: "TEXT", description: "text to look for" },
      days: {
        type: "integer",
        default: 1,
        description: "look back this many days (-d)",
        check: between(1, 30),
      },
      count: { type: "integer", default: 20, description: "logs to show at most", check: between(1, 100) },
      json,
    },
  }),
  "log get": defineCommand({
    usage: "bun run colonies log get",
    summary: "Print the log messages of a process.",
    flags: {
      processid,
      count: {
        type: "integer",
        default: 100,
        description: "latest messages to print",
        check: between(1, 500),
      },
      follow: {
        type: "boolean",
        default: false,
        description: "keep printing new messages until the process closes",
      },
      json,
    },
  }),
  "executor ls": defineCommand({
    usage: "bun run colonies executor ls",
    summary: "List the colony's executors.",
    flags: { all: { type: "boolean", default: false, description: "include unregistered executors" }, json },
  }),
  "colony stats": defineCommand({
    usage: "bun run colonies colony stats",
    summary: "Show process and executor counts of the colony.",
    flags: { json },
  }),
};

const processLists: Record<ListingName, string> = {
  psw: "waiting",
  ps: "running",
  pss: "successful",
  psf: "failed",
};

export const USAGE = `Usage: bun run colonies <command> [flags]   (--help after a command for its flags)

Commands:
  process psw | ps | pss | psf   waiting, running, successful, failed processes [--count N] [--json]
  process get -p ID              one process: state, times, output, errors
  log search --text TEXT         logs containing TEXT [--days 1] [--count 20]
  log get -p ID [--follow]       the log messages of a process
  executor ls [--all]            the colony's executors
  colony stats                   process and executor counts
  generator ls | get | rm        the colony's generators (batching; see generator --help)

Env: COLONIES_SERVER_HOST, COLONIES_SERVER_PORT, COLONIES_TLS, COLONIES_COLONY_NAME, COLONIES_PRVKEY.
`;

const SHORT_FLAGS: Record<string, string> = { "-p": "--processid", "-d": "--days", "-i": "--ids" };

function parse<S extends FlagSpec>(spec: CommandSpec<S>, argv: string[], io: CliIo) {
  const flags = parseFlags(
    spec,
    argv.map((arg) => SHORT_FLAGS[arg] ?? arg),
  );
  if (flags === null) io.print(helpText(spec).trimEnd());
  return flags;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new CliError(`${flag} is required`);
  return value;
}

/** Runs one command; user mistakes throw CliError, server refusals ColoniesError. */
export async function runColoniesCli(argv: string[], io: CliIo): Promise<void> {
  const [group, command, ...rest] = argv;
  if (group === undefined || group === "--help" || group === "-h" || group === "help")
    return io.print(USAGE.trimEnd());
  if (group === "generator") {
    // Help needs no keys: answer it before the generator commands read the env.
    if (command === undefined || command === "--help" || command === "-h") return io.print(GENERATOR_USAGE);
    return runGeneratorCli(argv.slice(1), io);
  }
  const key = `${group} ${command ?? ""}`;
  if (group === "process" && command !== undefined && command in processLists) {
    const name = command as ListingName;
    const flags = parse(listingSpec(name, processLists[name]), rest, io);
    if (flags) await listProcesses(cliContext(io), name, flags);
    return;
  }
  switch (key) {
    case "process get": {
      const flags = parse(specs[key], rest, io);
      if (!flags) return;
      const id = required(flags.processid, "--processid (-p)");
      await showProcess(cliContext(io), id, flags.json);
      return;
    }
    case "log search": {
      const flags = parse(specs[key], rest, io);
      if (!flags) return;
      const text = required(flags.text, "--text");
      await searchLogs(cliContext(io), { ...flags, text });
      return;
    }
    case "log get": {
      const flags = parse(specs[key], rest, io);
      if (!flags) return;
      const processid = required(flags.processid, "--processid (-p)");
      await getLogs(cliContext(io), { ...flags, processid });
      return;
    }
    case "executor ls": {
      const flags = parse(specs[key], rest, io);
      if (flags) await listExecutors(cliContext(io), flags);
      return;
    }
    case "colony stats": {
      const flags = parse(specs[key], rest, io);
      if (flags) await colonyStats(cliContext(io), flags);
      return;
    }
  }
  const known = [...Object.keys(listings).map((n) => `process ${n}`), ...Object.keys(specs)];
  known.push("generator ls|get|rm");
  throw new CliError(`unknown command "${argv.join(" ")}": one of ${known.join(", ")} (see --help)`);
}
