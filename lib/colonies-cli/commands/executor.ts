/** `executor ls [--all]`: the colony's executors (unregistered ones only with --all). */
import { ExecutorState } from "../../colonies-sdk/index.ts";
import { type CliContext, printJson } from "../context.ts";
import { renderTable } from "../table.ts";
import { executorStateNames, timeText } from "../text.ts";

export async function listExecutors(
  ctx: CliContext,
  options: { all: boolean; json: boolean },
): Promise<void> {
  const executors = (await ctx.client.getExecutors(ctx.colonyname, ctx.prvkey)).filter(
    (e) => options.all || e.state !== ExecutorState.Unregistered,
  );
  if (options.json) return printJson(ctx, executors);
  // "Executors" capitalised and State after Type: as the Go CLI prints them.
  if (executors.length === 0) return ctx.note("No Executors found");
  const rows = executors.map((e) => [
    e.executorname,
    e.executortype,
    ...(options.all ? [executorStateNames[e.state] ?? ""] : []),
    e.locationname || "n/a",
    timeText(e.lastheardfromtime),
  ]);
  const headers = ["Name", "Type", ...(options.all ? ["State"] : []), "Location", "Last Heard From"];
  ctx.print(renderTable(rows, { headers, ascii: ctx.ascii }));
}
