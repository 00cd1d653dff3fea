/** payloadtype → handler, for every signed message the embedded server understands. */
import * as colonies from "./colonies.ts";
import * as executors from "./executors.ts";
import * as logs from "./logs.ts";
import * as processes from "./processes.ts";
import type { MessageHandler } from "./types.ts";
import * as workflows from "./workflows.ts";

export const MESSAGE_HANDLERS: ReadonlyMap<string, MessageHandler> = new Map([
  ["addcolonymsg", colonies.addColony],
  ["getcoloniesmsg", colonies.getColonies],
  ["getcolonymsg", colonies.getColonyMsg],
  ["addusermsg", colonies.addUser],
  ["getcolonystatsmsg", colonies.getColonyStatistics],
  ["getstatisticsmsg", colonies.getStatistics],
  ["addexecutormsg", executors.addExecutor],
  ["approveexecutormsg", executors.approveExecutor],
  ["rejectexecutormsg", executors.rejectExecutor],
  ["removeexecutormsg", executors.removeExecutor],
  ["getexecutorsmsg", executors.getExecutors],
  ["getexecutormsg", executors.getExecutor],
  ["getexecutorbyidmsg", executors.getExecutorById],
  ["addfunctionmsg", executors.addFunction],
  ["getfunctionsmsg", executors.getFunctions],
  ["submitfuncspecmsg", processes.submitFunctionSpec],
  ["assignprocessmsg", processes.assignProcess],
  ["getprocessmsg", processes.getProcess],
  ["getprocessesmsg", processes.getProcesses],
  ["removeprocessmsg", processes.removeProcess],
  ["closesuccessfulmsg", processes.closeSuccessful],
  ["closefailedmsg", processes.closeFailed],
  ["setoutputmsg", processes.setOutput],
  ["addlogmsg", logs.addLog],
  ["getlogsmsg", logs.getLogs],
  ["searchlogsmsg", logs.searchLogs],
  ["submitworkflowspecmsg", workflows.submitWorkflowSpec],
  ["getprocessgraphmsg", workflows.getProcessGraph],
  ["addgeneratormsg", workflows.addGenerator],
  ["getgeneratormsg", workflows.getGenerator],
  ["getgeneratorsmsg", workflows.getGenerators],
  ["packgeneratormsg", workflows.packGenerator],
  ["removegeneratormsg", workflows.removeGenerator],
]);
