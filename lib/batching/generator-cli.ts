/**
 * `colonies generator ls|get|rm`: list the colony's generators, show one (with its live queue size), remove
 * one. A generator is named by `-g/--generatorid ID` or `--name NAME`; `--json` prints the raw records.
 */

import { CliError, defineCommand, helpText, parseFlags } from "../cli/index.ts";
import type { ColoniesClient } from "../colonies/client.ts";
import type { Generator } from "../colonies/types.ts";
import { findGeneratorByName } from "./generator.ts";
import { GENERATOR_LIST_COLUMNS, generatorDetails, generatorListRow } from "./generator-views.ts";

export interface GeneratorRenderer {
  /** A table with a header row, in the style of the other `colonies` listings. */
  table(columns: readonly string[], rows: string[][]): string;
  /** One record as key/value rows. */
  details(pairs: [string, string][]): string;
}

export interface GeneratorCliContext {
  client: ColoniesClient;
  colonyname: string;
  /** The signing key (a colony member: COLONIES_PRVKEY). */
  prvkey: string;
  render: GeneratorRenderer;
  write(text: string): void;
}

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
      check: (n) => (n >= 1 ? undefined : "must be ≥ 1"),
    },
    json: { type: "boolean", default: false, description: "print JSON instead of a table" },
  },
});

function json(value: unknown): string {
  return `${JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

async function resolveGenerator(
  ctx: GeneratorCliContext,
  flags: { generatorid?: string; name?: string },
): Promise<Generator> {
  if (flags.generatorid !== undefined) return ctx.client.getGenerator(flags.generatorid, ctx.prvkey);
  if (flags.name !== undefined) {
    const found = await findGeneratorByName(ctx.client, ctx.colonyname, flags.name, ctx.prvkey);
    if (!found)
      throw new CliError(`no generator named "${flags.name}" in colony ${ctx.colonyname} (see generator ls)`);
    // The list reply has no live queue size: fetch the full record.
    return ctx.client.getGenerator(found.generatorid, ctx.prvkey);
  }
  throw new CliError("name the generator with -g/--generatorid ID or --name NAME");
}

export async function generatorCommand(argv: readonly string[], ctx: GeneratorCliContext): Promise<void> {
  const [action, ...rest] = argv;
  const flags = parseFlags(
    spec,
    rest.map((arg) => (arg === "-g" ? "--generatorid" : arg)),
  );
  if (flags === null || action === undefined || action === "--help" || action === "-h") {
    ctx.write(helpText(spec));
    return;
  }
  switch (action) {
    case "ls": {
      const generators = await ctx.client.getGenerators(ctx.colonyname, flags.count, ctx.prvkey);
      if (flags.json) ctx.write(json(generators));
      else if (generators.length === 0) ctx.write(`No generators in colony ${ctx.colonyname}\n`);
      else ctx.write(ctx.render.table(GENERATOR_LIST_COLUMNS, generators.map(generatorListRow)));
      return;
    }
    case "get": {
      const generator = await resolveGenerator(ctx, flags);
      ctx.write(flags.json ? json(generator) : ctx.render.details(generatorDetails(generator)));
      return;
    }
    case "rm":
    case "remove": {
      const generator = await resolveGenerator(ctx, flags);
      await ctx.client.removeGenerator(generator.generatorid, ctx.prvkey);
      ctx.write(`Generator ${generator.name} (${generator.generatorid}) removed\n`);
      return;
    }
    default:
      throw new CliError(`unknown generator command "${action}": use ls, get or rm`);
  }
}
