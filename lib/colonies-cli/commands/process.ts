/** `process psw|ps|pss|psf` (listings in the tutorial's columns) and `process get -p ID`. */
import { type Process, ProcessState } from "../../colonies-sdk/index.ts";
import { type CliContext, printJson } from "../context.ts";
import { renderTable } from "../table.ts";
import { argsText, kwargsText, processStateNames, timeText, wrap } from "../text.ts";

interface Listing {
  state: ProcessState;
  timeTitle: string;
  time(process: Process): string;
  empty: string;
}

export const listings = {
  psw: {
    state: ProcessState.Waiting,
    timeTitle: "Submssion time", // sic: the Colonies CLI's header
    time: (p) => p.submissiontime,
    empty: "No waiting processes found",
  },
  ps: {
    state: ProcessState.Running,
    timeTitle: "Start time",
    time: (p) => p.starttime,
    empty: "No running processes found",
  },
  pss: {
    state: ProcessState.Successful,
    timeTitle: "End time",
    time: (p) => p.endtime,
    empty: "No successful processes found",
  },
  psf: {
    state: ProcessState.Failed,
    timeTitle: "End time",
    time: (p) => p.endtime,
    empty: "No failed processes found",
  },
} satisfies Record<string, Listing>;
export type ListingName = keyof typeof listings;

/**
 * Assigned processes (running, successful, failed) show who ran them (looked up by id), as the Go CLI does;
 * waiting ones and failed lookups show the executors they are meant for.
 */
async function executorNames(ctx: CliContext, processes: Process[], lookUp: boolean): Promise<string[]> {
  const byId = new Map<string, Promise<string | undefined>>();
  return Promise.all(
    processes.map(async (p) => {
      const named = (p.spec.conditions.executornames ?? []).join(" ");
      if (!lookUp || !p.assignedexecutorid) return named;
      let lookup = byId.get(p.assignedexecutorid);
      if (!lookup) {
        lookup = ctx.client
          .getExecutorById(ctx.colonyname, p.assignedexecutorid, ctx.prvkey)
          .then((e) => e.executorname)
          .catch(() => undefined);
        byId.set(p.assignedexecutorid, lookup);
      }
      return (await lookup) ?? named;
    }),
  );
}

export async function listProcesses(
  ctx: CliContext,
  name: ListingName,
  options: { count: number; json: boolean; ids: boolean },
): Promise<void> {
  const listing: Listing = listings[name];
  const processes = await ctx.client.getProcesses(
    { colonyname: ctx.colonyname, state: listing.state, count: options.count },
    ctx.prvkey,
  );
  if (options.json) return printJson(ctx, processes);
  if (processes.length === 0) return ctx.note(listing.empty);
  const names = await executorNames(ctx, processes, listing.state !== ProcessState.Waiting);
  const headers = [
    "FuncName",
    "Args",
    "KwArgs",
    listing.timeTitle,
    "Executor name",
    "Executor type",
    "Initiator",
    "Label",
  ];
  const rows = processes.map((p, i) => [
    p.spec.funcname,
    argsText(p),
    kwargsText(p),
    timeText(listing.time(p)),
    names[i]!,
    p.spec.conditions.executortype,
    p.initiatorname,
    p.spec.label,
  ]);
  ctx.print(
    renderTable(options.ids ? rows.map((row, i) => [processes[i]!.processid, ...row]) : rows, {
      headers: options.ids ? ["ID", ...headers] : headers,
      ascii: ctx.ascii,
    }),
  );
}

/** One wrapped line per value: strings as they are, anything else as JSON. */
function jsonLines(values: readonly unknown[]): string {
  return values.map((v) => wrap(typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)))).join("\n");
}

export async function showProcess(ctx: CliContext, processid: string, json: boolean): Promise<void> {
  const p = await ctx.client.getProcess(processid, ctx.prvkey);
  if (json) return printJson(ctx, p);
  let executor = p.assignedexecutorid || "None";
  if (p.assignedexecutorid) {
    const found = await ctx.client
      .getExecutorById(ctx.colonyname, p.assignedexecutorid, ctx.prvkey)
      .catch(() => undefined);
    if (found) executor = `${found.executorname}\n${p.assignedexecutorid}`;
  }
  const table = (title: string, rows: string[][]) => renderTable(rows, { title, ascii: ctx.ascii });
  ctx.print(
    table("Process", [
      ["Id", p.processid],
      ["State", processStateNames[p.state] ?? String(p.state)],
      ["IsAssigned", p.isassigned ? "True" : "False"],
      ["Initiator", `${p.initiatorname}\n${p.initiatorid}`],
      ["AssignedExecutor", executor],
      ["PriorityTime", String(p.prioritytime)],
      ["SubmissionTime", timeText(p.submissiontime)],
      ["StartTime", timeText(p.starttime)],
      ["EndTime", timeText(p.endtime)],
      ["WaitDeadline", timeText(p.waitdeadline)],
      ["ExecDeadline", timeText(p.execdeadline)],
      ["Retries", String(p.retries)],
      ["Input", jsonLines(p.in ?? [])],
      ["Output", jsonLines(p.out ?? [])],
      ["Errors", (p.errors ?? []).map((e) => wrap(e)).join("\n")],
    ]),
  );
  const spec = p.spec;
  ctx.print(
    table("Function Specification", [
      ["Func", spec.funcname || "None"],
      ["Args", jsonLines(spec.args ?? []) || "None"],
      [
        "KwArgs",
        Object.entries(spec.kwargs ?? {})
          .map(([k, v]) => wrap(`${k}:${typeof v === "string" ? v : JSON.stringify(v)}`))
          .join("\n") || "None",
      ],
      ["MaxWaitTime", String(spec.maxwaittime)],
      ["MaxExecTime", String(spec.maxexectime)],
      ["MaxRetries", String(spec.maxretries)],
      ["Priority", String(spec.priority)],
      ["Label", spec.label],
    ]),
  );
  ctx.print(
    table("Conditions", [
      ["Colony", spec.conditions.colonyname],
      ["ExecutorNames", (spec.conditions.executornames ?? []).join("\n") || "None"],
      ["ExecutorType", spec.conditions.executortype],
      ["Dependencies", (spec.conditions.dependencies ?? []).join(" ")],
    ]),
  );
}
