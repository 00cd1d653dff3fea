/** `colony stats`: process and executor counts of the colony. */
import { type CliContext, printJson } from "../context.ts";
import { renderTable } from "../table.ts";

export async function colonyStats(ctx: CliContext, options: { json: boolean }): Promise<void> {
  const s = await ctx.client.getColonyStatistics(ctx.colonyname, ctx.prvkey);
  if (options.json) return printJson(ctx, s);
  const rows: [string, number][] = [
    ["Executors", s.executors],
    ["Active executors", s.activeexecutors],
    ["Waiting processes", s.waitingprocesses],
    ["Running processes", s.runningprocesses],
    ["Successful processes", s.successfulprocesses],
    ["Failed processes", s.failedprocesses],
    ["Waiting workflows", s.waitingworkflows],
    ["Running workflows", s.runningworkflows],
    ["Successful workflows", s.successfulworkflows],
    ["Failed workflows", s.failedworkflows],
  ];
  ctx.print(
    renderTable(
      rows.map(([name, n]) => [name, String(n ?? 0)]),
      { title: `Colony ${ctx.colonyname}`, ascii: ctx.ascii },
    ),
  );
}
