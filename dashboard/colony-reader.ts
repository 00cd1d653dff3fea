/**
 * Reads the colony for the dashboard through the Colonies SDK, signing with a key that stays on the server.
 * Everything returned is reshaped into the dashboard's own views (dashboard/wire.ts), so no Colonies object,
 * and never a key, is passed through to the browser as is.
 */
import type {
  ColonySnapshot,
  ExecutorView,
  LogView,
  ProcessCounts,
  ProcessDetail,
  ProcessView,
} from "./wire.ts";

/** The few SDK calls the dashboard makes (ColoniesClient satisfies this). */
export interface ColonyApi {
  getColonyStatistics(colonyname: string, prvkey: string): Promise<StatisticsLike>;
  getExecutors(colonyname: string, prvkey: string): Promise<ExecutorLike[] | null>;
  getProcesses(
    query: { colonyname: string; state: number; count: number },
    prvkey: string,
  ): Promise<ProcessLike[] | null>;
  getProcess(processid: string, prvkey: string): Promise<ProcessLike>;
  getLogs(
    query: { colonyname: string; processid: string; count: number },
    prvkey: string,
  ): Promise<LogLike[] | null>;
  searchLogs(
    query: { colonyname: string; text: string; days: number; count: number },
    prvkey: string,
  ): Promise<LogLike[] | null>;
}

interface StatisticsLike {
  waitingprocesses: number;
  runningprocesses: number;
  successfulprocesses: number;
  failedprocesses: number;
}
interface ExecutorLike {
  executorid: string;
  executorname: string;
  executortype: string;
  state: number;
  lastheardfromtime?: string;
}
interface ProcessLike {
  processid: string;
  assignedexecutorid?: string;
  state: number;
  submissiontime?: string;
  starttime?: string;
  endtime?: string;
  errors?: string[] | null;
  out?: unknown[] | null;
  spec: { funcname: string; args?: unknown[] | null };
}
interface LogLike {
  processid: string;
  executorname: string;
  message: string;
  timestamp: number | bigint | string;
}

export interface ColonyReaderOptions {
  api: ColonyApi;
  colonyName: string;
  /** A key of a colony member (the user or an executor key, as the `colonies` CLI uses). */
  prvkey: string;
  /** Processes listed per state in the snapshot. */
  recentCount?: number;
}

const STATE_NAMES: ProcessView["state"][] = ["waiting", "running", "successful", "failed", "cancelled"];
const STATE_CODES: Record<keyof ProcessCounts, number> = { waiting: 0, running: 1, successful: 2, failed: 3 };
const EXECUTOR_STATES = ["pending", "approved", "rejected"];
/** Go's zero time.Time, which Colonies sends for "not yet". */
const GO_ZERO_TIME = /^0001-01-01/;

function time(value: string | undefined): string | null {
  return value && !GO_ZERO_TIME.test(value) ? value : null;
}

/** Colonies log timestamps are Unix nanoseconds. */
function logTime(value: number | bigint | string): string | null {
  if (typeof value === "string" && !/^\d+$/.test(value)) return time(value);
  const nanos = BigInt(value);
  if (nanos <= 0n) return null;
  return new Date(Number(nanos / 1_000_000n)).toISOString();
}

export class ColonyReader {
  readonly colonyName: string;
  private readonly api: ColonyApi;
  private readonly prvkey: string;
  private readonly recentCount: number;
  /** executor id → name, refreshed with every snapshot (processes only carry the id). */
  private executorNames = new Map<string, string>();

  constructor(options: ColonyReaderOptions) {
    this.api = options.api;
    this.colonyName = options.colonyName;
    this.prvkey = options.prvkey;
    this.recentCount = options.recentCount ?? 6;
  }

  async snapshot(): Promise<ColonySnapshot> {
    const colonyname = this.colonyName;
    try {
      const [stats, executors, ...recent] = await Promise.all([
        this.api.getColonyStatistics(colonyname, this.prvkey),
        this.api.getExecutors(colonyname, this.prvkey),
        ...Object.values(STATE_CODES).map((state) =>
          this.api.getProcesses({ colonyname, state, count: this.recentCount }, this.prvkey),
        ),
      ]);
      this.executorNames = new Map((executors ?? []).map((e) => [e.executorid, e.executorname]));
      const views = recent.map((list) => (list ?? []).map((p) => this.processView(p)));
      return {
        colonyName: colonyname,
        counts: {
          waiting: stats.waitingprocesses,
          running: stats.runningprocesses,
          successful: stats.successfulprocesses,
          failed: stats.failedprocesses,
        },
        executors: (executors ?? []).map(executorView).sort((a, b) => a.name.localeCompare(b.name)),
        recent: { waiting: views[0]!, running: views[1]!, successful: views[2]!, failed: views[3]! },
      };
    } catch (error) {
      return emptySnapshot(colonyname, `Could not read the colony: ${(error as Error).message}`);
    }
  }

  async process(processId: string): Promise<ProcessDetail> {
    const [process, logs] = await Promise.all([
      this.api.getProcess(processId, this.prvkey),
      this.api.getLogs({ colonyname: this.colonyName, processid: processId, count: 100 }, this.prvkey),
    ]);
    return { process: this.processView(process), logs: (logs ?? []).map(logView) };
  }

  async searchLogs(text: string, days: number, count: number): Promise<LogView[]> {
    const logs = await this.api.searchLogs({ colonyname: this.colonyName, text, days, count }, this.prvkey);
    return (logs ?? []).map(logView);
  }

  private processView(process: ProcessLike): ProcessView {
    const executorId = process.assignedexecutorid ?? "";
    return {
      id: process.processid,
      state: STATE_NAMES[process.state] ?? "unknown",
      funcname: process.spec.funcname,
      args: (process.spec.args ?? []).map(String),
      executorName: executorId ? (this.executorNames.get(executorId) ?? `${executorId.slice(0, 10)}…`) : null,
      submitted: time(process.submissiontime),
      started: time(process.starttime),
      ended: time(process.endtime),
      errors: process.errors ?? [],
      output: process.out ?? [],
    };
  }
}

function executorView(executor: ExecutorLike): ExecutorView {
  return {
    name: executor.executorname,
    type: executor.executortype,
    state: EXECUTOR_STATES[executor.state] ?? String(executor.state),
    lastHeardFrom: time(executor.lastheardfromtime),
  };
}

function logView(log: LogLike): LogView {
  return {
    timestamp: logTime(log.timestamp),
    executorName: log.executorname,
    processId: log.processid,
    message: log.message,
  };
}

export function emptySnapshot(colonyName: string, error?: string): ColonySnapshot {
  return {
    colonyName,
    counts: { waiting: 0, running: 0, successful: 0, failed: 0 },
    executors: [],
    recent: { waiting: [], running: [], successful: [], failed: [] },
    ...(error ? { error } : {}),
  };
}
