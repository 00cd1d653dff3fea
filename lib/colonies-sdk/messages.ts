/**
 * Builders for every request message the client sends (docs/protocol.md §4), with the keys in the order the
 * Go client writes them, so each matches vectors.json byte for byte. Pure: no I/O, no signing.
 */
import { stringifyJson } from "./json.ts";
import type {
  ColoniesFunctionInput,
  Colony,
  ExecutorInput,
  FunctionSpecInput,
  GeneratorInput,
  ProcessState,
  User,
  WorkflowSpec,
} from "./types.ts";

export interface GetProcessesQuery {
  colonyname: string;
  state: ProcessState;
  count: number;
  /** "" = any type. */
  executortype?: string;
  label?: string;
  /** Initiator name; "" = anyone. */
  initiator?: string;
}

export interface GetLogsQuery {
  colonyname: string;
  /** Logs of one process (used when executorname is empty). */
  processid?: string;
  /** Logs of one executor, by name (takes precedence over processid on the server). */
  executorname?: string;
  /** At most 500. */
  count: number;
  /** Only entries with timestamp > since (Unix ns); 0 = from the start. */
  since?: bigint | number;
  /** The newest `count` entries (still oldest first). */
  latest?: boolean;
}

export interface SearchLogsQuery {
  colonyname: string;
  /** Case-sensitive substring. */
  text: string;
  /** Within the last `days` days (≤ 30). */
  days: number;
  /** At most 100. */
  count: number;
}

export const messages = {
  version: () => ({ msgtype: "versionmsg", buildversion: "", buildtime: "" }),
  serverInfo: () => ({ msgtype: "getserverinfomsg" }),
  addColony: (colony: Colony) => ({
    msgtype: "addcolonymsg",
    colony: { colonyid: colony.colonyid, name: colony.name },
  }),
  getColony: (colonyname: string) => ({ msgtype: "getcolonymsg", colonyname }),
  addUser: (user: Pick<User, "colonyname" | "userid" | "name"> & Partial<User>) => ({
    msgtype: "addusermsg",
    user: {
      colonyname: user.colonyname,
      userid: user.userid,
      name: user.name,
      email: user.email ?? "",
      phone: user.phone ?? "",
    },
  }),
  addExecutor: ({ executorname, executorid, colonyname, executortype, ...rest }: ExecutorInput) => ({
    msgtype: "addexecutormsg",
    executor: { executorname, executorid, colonyname, executortype, ...rest },
  }),
  approveExecutor: (colonyname: string, executorname: string) => ({
    msgtype: "approveexecutormsg",
    colonyname,
    executorname,
  }),
  rejectExecutor: (colonyname: string, executorname: string) => ({
    msgtype: "rejectexecutormsg",
    colonyname,
    executorname,
  }),
  removeExecutor: (colonyname: string, executorname: string) => ({
    msgtype: "removeexecutormsg",
    colonyname,
    executorname,
  }),
  getExecutors: (colonyname: string) => ({ msgtype: "getexecutorsmsg", colonyname }),
  getExecutor: (colonyname: string, executorname: string) => ({
    msgtype: "getexecutormsg",
    colonyname,
    executorname,
  }),
  getExecutorById: (colonyname: string, executorid: string) => ({
    msgtype: "getexecutorbyidmsg",
    colonyname,
    executorid,
  }),
  addFunction: ({ executorname, colonyname, funcname, ...rest }: ColoniesFunctionInput) => ({
    msgtype: "addfunctionmsg",
    fun: { executorname, colonyname, funcname, ...rest },
  }),
  getFunctions: (colonyname: string, executorname: string) => ({
    msgtype: "getfunctionsmsg",
    colonyname,
    executorname,
  }),
  submitFunctionSpec: (spec: FunctionSpecInput) => ({ msgtype: "submitfuncspecmsg", spec }),
  submitWorkflowSpec: (spec: WorkflowSpec) => ({ msgtype: "submitworkflowspecmsg", spec }),
  assign: (colonyname: string, timeoutSeconds: number) => ({
    msgtype: "assignprocessmsg",
    colonyname,
    timeout: timeoutSeconds,
    availablecpu: "",
    availablemem: "",
  }),
  getProcess: (processid: string) => ({ msgtype: "getprocessmsg", processid }),
  getProcesses: (query: GetProcessesQuery) => ({
    msgtype: "getprocessesmsg",
    colonyname: query.colonyname,
    count: query.count,
    state: query.state,
    executortype: query.executortype ?? "",
    label: query.label ?? "",
    initiator: query.initiator ?? "",
  }),
  removeProcess: (processid: string) => ({ msgtype: "removeprocessmsg", processid, all: false }),
  closeSuccessful: (processid: string, out: unknown[]) => ({ msgtype: "closesuccessfulmsg", processid, out }),
  closeFailed: (processid: string, errors: string[]) => ({ msgtype: "closefailedmsg", processid, errors }),
  setOutput: (processid: string, out: unknown[]) => ({ msgtype: "setoutputmsg", processid, out }),
  addLog: (processid: string, message: string) => ({ msgtype: "addlogmsg", processid, message }),
  getLogs: (query: GetLogsQuery) => ({
    msgtype: "getlogsmsg",
    colonyname: query.colonyname,
    processid: query.processid ?? "",
    executorname: query.executorname ?? "",
    count: query.count,
    since: BigInt(query.since ?? 0),
    latest: query.latest ?? false,
  }),
  searchLogs: (query: SearchLogsQuery) => ({
    msgtype: "searchlogsmsg",
    colonyname: query.colonyname,
    text: query.text,
    days: query.days,
    count: query.count,
  }),
  addGenerator: (
    generator: Omit<GeneratorInput, "workflowspec"> & { workflowspec: string | WorkflowSpec },
  ) => ({
    msgtype: "addgeneratormsg",
    generator: {
      colonyname: generator.colonyname,
      name: generator.name,
      // The server stores the workflow as JSON text.
      workflowspec:
        typeof generator.workflowspec === "string"
          ? generator.workflowspec
          : stringifyJson(generator.workflowspec),
      trigger: generator.trigger,
      timeout: generator.timeout,
    },
  }),
  packGenerator: (generatorid: string, arg: string) => ({ msgtype: "packgeneratormsg", generatorid, arg }),
  getGenerator: (generatorid: string) => ({ msgtype: "getgeneratormsg", generatorid }),
  getGenerators: (colonyname: string, count: number) => ({ msgtype: "getgeneratorsmsg", colonyname, count }),
  removeGenerator: (generatorid: string) => ({ msgtype: "removegeneratormsg", generatorid, all: false }),
  getColonyStatistics: (colonyname: string) => ({ msgtype: "getcolonystatsmsg", colonyname }),
  getStatistics: () => ({ msgtype: "getstatisticsmsg" }),
} as const;
