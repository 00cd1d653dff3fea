/** `log search --text T` (one box per log, as the tutorial shows) and `log get -p ID [--follow]`. */

import { closedStates } from "../../anomaly/wait.ts";
import type { Log } from "../../colonies/index.ts";
import { type CliContext, printJson } from "../context.ts";
import { renderTable } from "../table.ts";
import { localTimeText, wrap } from "../text.ts";

export async function searchLogs(
  ctx: CliContext,
  options: { text: string; days: number; count: number; json: boolean },
): Promise<void> {
  const logs = await ctx.client.searchLogs(
    { colonyname: ctx.colonyname, text: options.text, days: options.days, count: options.count },
    ctx.prvkey,
  );
  if (options.json) return printJson(ctx, logs);
  ctx.print(`Searching for logs Count=${options.count} Days=${options.days} Text=${options.text}`);
  if (logs.length === 0) return ctx.print("No logs found");
  for (const log of logs) {
    ctx.print(
      renderTable(
        [
          ["Timestamp", localTimeText(log.timestamp)],
          ["ExecutorName", log.executorname],
          ["ProcessID", log.processid],
          ["Text", wrap(log.message)],
        ],
        { ascii: ctx.ascii },
      ),
    );
  }
}

/** Each message on its own line (the executor's messages carry no newline). */
function printMessages(ctx: CliContext, logs: readonly Log[]): void {
  for (const log of logs) ctx.print(log.message.replace(/\n$/, ""));
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
