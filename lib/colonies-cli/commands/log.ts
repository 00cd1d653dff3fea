/** `log search --text T` (one box per log, as the tutorial shows) and `log get -p ID [--follow]`. */

import { closedStates, type Log } from "../../colonies-sdk/index.ts";
import { type CliContext, printJson } from "../context.ts";
import { renderTable } from "../table.ts";
import { insertNewLines, localTimeText } from "../text.ts";

export async function searchLogs(
  ctx: CliContext,
  options: { text: string; days: number; count: number; json: boolean },
): Promise<void> {
  const logs = await ctx.client.searchLogs(
    { colonyname: ctx.colonyname, text: options.text, days: options.days, count: options.count },
    ctx.prvkey,
  );
  if (options.json) return printJson(ctx, logs);
  // As the Go CLI: "Searching ..." only before a table.
  if (logs.length === 0) return ctx.note("No logs found");
  ctx.note(`Searching for logs Count=${options.count} Days=${options.days} Text=${options.text}`);
  for (const log of logs) {
    ctx.print(
      renderTable(
        [
          ["Timestamp", localTimeText(log.timestamp)],
          ["ExecutorName", log.executorname],
          ["ProcessID", log.processid],
          ["Text", insertNewLines(log.message.trim(), 64)],
        ],
        { ascii: ctx.ascii },
      ),
    );
  }
}

/**
 * The messages verbatim, one after another, as the Go CLI prints them (our executor ends each with a
 * newline); print adds the last newline itself.
 */
function printMessages(ctx: CliContext, logs: readonly Log[]): void {
  if (logs.length === 0) return;
  ctx.print(
    logs
      .map((log) => log.message)
      .join("")
      .replace(/\n$/, ""),
  );
}

const FOLLOW_POLL_MS = 500;

export async function getLogs(
  ctx: CliContext,
  options: { processid: string; count: number; follow: boolean; json: boolean },
): Promise<void> {
  const query = { colonyname: ctx.colonyname, processid: options.processid, count: options.count };
  const logs = await ctx.client.getLogs({ ...query, latest: true }, ctx.prvkey);
  if (options.json && !options.follow) return printJson(ctx, logs);
  const show = (batch: readonly Log[]) => {
    if (!options.json) return printMessages(ctx, batch);
    for (const log of batch) printJson(ctx, log);
  };
  show(logs);
  if (!options.follow) return;
  // Follow until the process is closed (successful, failed) or the user presses Ctrl-C.
  let since = logs.at(-1)?.timestamp ?? 0n;
  while (!ctx.interrupted.aborted) {
    const process = await ctx.client.getProcess(options.processid, ctx.prvkey);
    const batch = await ctx.client.getLogs({ ...query, since }, ctx.prvkey);
    show(batch);
    since = batch.at(-1)?.timestamp ?? since;
    if (closedStates.includes(process.state)) return;
    await Bun.sleep(FOLLOW_POLL_MS);
  }
}
