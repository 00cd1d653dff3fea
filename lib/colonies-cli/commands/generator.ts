/**
 * `bun run colonies generator ls|get|rm`: list the colony's generators, show one (with its live queue size),
 * remove one. A generator is named by `-g/--generatorid ID` or `--name NAME`; `--json` prints the records.
 * Tables and JSON come from the colonies CLI's helpers, so they look like the other `colonies` commands.
 */

import { findGeneratorByName } from "../../batching/generator.ts";
import { CliError, defineCommand, helpText, parseFlags } from "../../cli/index.ts";
import type { Generator } from "../../colonies-sdk/types.ts";
import { type CliContext, type CliIo, cliContext, printJson } from "../context.ts";
import { GENERATOR_LIST_HEADERS, generatorDetails, generatorListRow } from "../generator-views.ts";
import { renderTable } from "../table.ts";

export const GENERATOR_USAGE = `Usage: bun run colonies generator <command> [flags]

Commands:
  generator ls [--count N]               the colony's generators
  generator get (-g ID | --name NAME)    one generator: trigger, timeout, queue size, workflow
  generator rm (-g ID | --name NAME)     remove a generator and its queued ids
Flags: --json prints JSON instead of tables.`;

const spec = defineCommand({
  usage: "bun run colonies generator ls|get|rm",
  summary: "Manage the colony's generators (batching: N packed series ids make one process).",
  flags: {
    generatorid: { type: "string", placeholder: "ID", description: "generator id (-g) for get and rm" },
    name: { type: "string", placeholder: "NAME", description: "generator name, instead of --generatorid" },
    count: {
      type: "integer",
      default: 100,
      description: "generators to list",
      check: (n: number) => (n >= 1 ? undefined : "must be ≥ 1"),
    },
    json: { type: "boolean", default: false, description: "print JSON instead of tables" },
  },
});

async function resolveGenerator(
  ctx: CliContext,
  flags: { generatorid?: string; name?: string },
): Promise<Generator> {
  if (flags.generatorid !== undefined) return ctx.client.getGenerator(flags.generatorid, ctx.prvkey);
  if (flags.name !== undefined) {
    const found = await findGeneratorByName(ctx.client, ctx.colonyname, flags.name, ctx.prvkey);
    if (!found)
      throw new CliError(`no generator named "${flags.name}" in colony ${ctx.colonyname} (see generator ls)`);
    // List replies carry no live queue size: fetch the full record.
    return ctx.client.getGenerator(found.generatorid, ctx.prvkey);
  }
  throw new CliError("name the generator with -g/--generatorid ID or --name NAME");
}

/** Runs `generator <action> [flags]` (argv without the leading "generator"). */
export async function generatorCommand(argv: readonly string[], ctx: CliContext): Promise<void> {
  const [action, ...rest] = argv;
  if (action === undefined || action === "--help" || action === "-h") return ctx.print(GENERATOR_USAGE);
  const flags = parseFlags(
    spec,
    rest.map((arg) => (arg === "-g" ? "--generatorid" : arg)),
  );
  if (flags === null) return ctx.print(helpText(spec).trimEnd());
  switch (action) {
    case "ls": {
      const generators = await ctx.client.getGenerators(ctx.colonyname, flags.count, ctx.prvkey);
      if (flags.json) return printJson(ctx, generators);
      if (generators.length === 0) return ctx.note("No generators found");
      return ctx.print(
        renderTable(generators.map(generatorListRow), { headers: GENERATOR_LIST_HEADERS, ascii: ctx.ascii }),
      );
    }
    case "get": {
      const generator = await resolveGenerator(ctx, flags);
      if (flags.json) return printJson(ctx, generator);
      return ctx.print(renderTable(generatorDetails(generator), { title: "Generator", ascii: ctx.ascii }));
    }
    case "rm":
    case "remove": {
      const generator = await resolveGenerator(ctx, flags);
      await ctx.client.removeGenerator(generator.generatorid, ctx.prvkey);
      return ctx.print(`Generator ${generator.name} (${generator.generatorid}) removed`);
    }
    default:
      throw new CliError(`unknown command "generator ${action}": use generator ls, get or rm (see --help)`);
  }
}

/** Entry for scripts/colonies.ts: the same context as the other `colonies` commands (see cliContext). */
export async function runGeneratorCli(argv: readonly string[], io: CliIo): Promise<void> {
  await generatorCommand(argv, cliContext(io));
}
