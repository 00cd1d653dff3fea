/** `executor ls [--all]`: the colony's executors (unregistered ones only with --all). */
import { ExecutorState } from "../../colonies/index.ts";
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
  if (executors.length === 0) return ctx.print("No executors found");
  const headers = ["Name", "Type", "Location", "Last Heard From"];
  const rows = executors.map((e) => [
    e.executorname,
    e.executortype,
    e.locationname || "n/a",
    timeText(e.lastheardfromtime),
  ]);
  ctx.print(
    renderTable(
      options.all ? rows.map((row, i) => [...row, executorStateNames[executors[i]!.state] ?? ""]) : rows,
      { headers: options.all ? [...headers, "State"] : headers, ascii: ctx.ascii },
    ),
  );
}
