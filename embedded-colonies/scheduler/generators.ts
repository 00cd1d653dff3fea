/**
 * Generator checker (docs/protocol.md §6): q ≥ trigger → ⌊q / trigger⌋ workflows of `trigger` args each (FIFO);
 * else q ≥ 1 and timeout > 0 and now > (lastrun or firstpack) + timeout → one workflow with all q args.
 * Root specs get the packed args as `args` and `{}` as kwargs; consumed args are deleted, lastrun = now.
 */

import { parseJson } from "../../lib/colonies-sdk/json.ts";
import { allGenerators, deleteArgs, peekArgs, queueSize, updateGenerator } from "../db/generators.ts";
import type { ServerContext } from "../handlers/types.ts";
import type { GeneratorRow } from "../model/wire.ts";
import { decodeWorkflowSpec, normaliseWorkflowTimeLimits } from "../model/workflow.ts";
import { nowUs, secondsToUs } from "../time.ts";
import { isObject } from "../wire/fields.ts";

function submitWithArgs(ctx: ServerContext, generator: GeneratorRow, args: string[]): void {
  const raw = parseJson(generator.workflowspec);
  if (!isObject(raw)) throw new Error("stored workflowspec is not an object");
  const workflow = decodeWorkflowSpec(raw);
  normaliseWorkflowTimeLimits(workflow);
  for (const spec of workflow.functionspecs) {
    if (spec.conditions.dependencies.length === 0) {
      spec.args = [...args];
      spec.kwargs = {};
    }
  }
  ctx.lifecycle.submitWorkflow(workflow.colonyname || generator.colonyname, workflow.functionspecs, {
    id: generator.initiatorid,
    name: generator.initiatorname,
  });
}

function fire(ctx: ServerContext, generator: GeneratorRow, count: number): boolean {
  const taken = peekArgs(ctx.db, generator.generatorid, count);
  try {
    submitWithArgs(
      ctx,
      generator,
      taken.map((a) => a.arg),
    );
  } catch (error) {
    console.error(
      `colonies: generator ${generator.name} could not submit its workflow:`,
      (error as Error).message,
    );
    return false;
  }
  deleteArgs(
    ctx.db,
    taken.map((a) => a.rowid),
  );
  updateGenerator(ctx.db, generator.generatorid, { lastrun: nowUs() });
  return true;
}

export function checkGenerators(ctx: ServerContext): void {
  for (const generator of allGenerators(ctx.db)) {
    const queued = queueSize(ctx.db, generator.generatorid);
    if (queued === 0 || generator.trigger < 1) continue;
    if (queued >= generator.trigger) {
      const rounds = Math.floor(queued / generator.trigger);
      for (let i = 0; i < rounds; i++) if (!fire(ctx, generator, generator.trigger)) break;
      continue;
    }
    const since = generator.lastrun !== 0 ? generator.lastrun : generator.firstpack;
    if (generator.timeout > 0 && nowUs() > since + secondsToUs(generator.timeout))
      fire(ctx, generator, queued);
  }
}
