/**
 * Colonies wire types (docs/protocol.md §5), field names exactly as the Go server's JSON tags
 * (colonyos/colonies v1.9.12, pkg/core).
 *
 * Representation choices:
 * - Times are RFC 3339 strings as sent (`"0001-01-01T00:00:00Z"` = unset; treat any year ≤ 1 as unset).
 * - int64 nanosecond fields (`Process.prioritytime`, `Log.timestamp`, the `since` of getlogsmsg) are
 *   `bigint`: they exceed 2^53. `parseJson` in envelope.ts turns them into exact bigints and
 *   `stringifyJson` writes bigints back as bare JSON integers with every digit.
 * - Lists that the real server may send as `null` (nil Go slices) are typed `T[] | null`.
 */

/** Process states (Process.state). */
export const ProcessState = {
  Waiting: 0,
  Running: 1,
  Successful: 2,
  Failed: 3,
  Cancelled: 4,
} as const;
export type ProcessState = (typeof ProcessState)[keyof typeof ProcessState];

/** The states a process does not leave (closed successful or failed, or cancelled). */
export const closedStates: readonly number[] = [
  ProcessState.Successful,
  ProcessState.Failed,
  ProcessState.Cancelled,
];

/** Executor states (Executor.state). */
export const ExecutorState = {
  Pending: 0,
  Approved: 1,
  Rejected: 2,
  Unregistered: 3,
} as const;
export type ExecutorState = (typeof ExecutorState)[keyof typeof ExecutorState];

/** RFC 3339 timestamp text as the server writes it. */
export type Rfc3339 = string;

export interface Gpu {
  name: string;
  mem: string;
  count: number;
  nodecount: number;
}

export interface Conditions {
  colonyname: string;
  executornames: string[] | null;
  executortype: string;
  /** Omitted by the server when empty. */
  locationname?: string;
  dependencies: string[] | null;
  nodes: number;
  /** Millicores, e.g. "0m". */
  cpu: string;
  processes: number;
  processespernode: number;
  /** e.g. "0Mi". */
  mem: string;
  storage: string;
  gpu: Gpu;
  walltime: number;
}

export interface SnapshotMount {
  snapshotid: string;
  label: string;
  dir: string;
  keepfiles: boolean;
  keepsnapshot: boolean;
}

export interface SyncDirMount {
  label: string;
  dir: string;
  keepfiles: boolean;
  onconflicts: { onstart: { keeplocal: boolean }; onclose: { keeplocal: boolean } };
}

export interface Fs {
  mount: string;
  snapshots: SnapshotMount[] | null;
  dirs: SyncDirMount[] | null;
}

export interface FunctionSpec {
  nodename: string;
  funcname: string;
  args: unknown[] | null;
  kwargs: Record<string, unknown> | null;
  priority: number;
  /** Seconds; -1 (or 0) = no limit. */
  maxwaittime: number;
  /** Seconds; only -1 means no limit on submitfuncspecmsg (docs/protocol.md §6). */
  maxexectime: number;
  /** -1 = retry forever, 0 = fail on first expiry, k = k requeues. */
  maxretries: number;
  conditions: Conditions;
  label: string;
  fs: Fs;
  env: Record<string, string>;
  /** Omitted by the server when empty. */
  channels?: string[];
}

/**
 * What a client may send as a function spec: the server fills zero values for missing fields,
 * so only the scheduling essentials are required.
 */
export type FunctionSpecInput = Partial<Omit<FunctionSpec, "conditions">> & {
  funcname: string;
  conditions: Partial<Conditions> & { colonyname: string; executortype: string };
};

export interface Attribute {
  attributeid: string;
  targetid: string;
  targetcolonyname: string;
  targetprocessgraphid: string;
  state: number;
  attributetype: number;
  key: string;
  value: string;
}

export interface Process {
  processid: string;
  initiatorid: string;
  initiatorname: string;
  /** "" when unassigned. */
  assignedexecutorid: string;
  isassigned: boolean;
  state: ProcessState;
  /** submission ns − priority × 86 400 s in ns; int64, exact. */
  prioritytime: bigint;
  submissiontime: Rfc3339;
  starttime: Rfc3339;
  endtime: Rfc3339;
  waitdeadline: Rfc3339;
  execdeadline: Rfc3339;
  retries: number;
  attributes: Attribute[];
  spec: FunctionSpec;
  waitforparents: boolean;
  parents: string[];
  children: string[];
  processgraphid: string;
  in: unknown[];
  out: unknown[];
  errors: string[];
}

export interface Hardware {
  model: string;
  nodes: number;
  cpu: string;
  cores: number;
  mem: string;
  storage: string;
  gpu: Gpu;
  platform: string;
  architecture: string;
  network: string[] | null;
}

export interface Software {
  name: string;
  type: string;
  version: string;
}

export interface Project {
  allocatedcpu: number;
  usedcpu: number;
  allocatedgpu: number;
  usedgpu: number;
  allocatedstorage: number;
  usedstorage: number;
}

export interface Executor {
  executorid: string;
  executortype: string;
  executorname: string;
  colonyname: string;
  state: ExecutorState;
  requirefuncreg: boolean;
  commissiontime: Rfc3339;
  /** Updated on every assign call. */
  lastheardfromtime: Rfc3339;
  locationname?: string;
  capabilities: { hardware: Hardware[] | null; software: Software[] | null };
  allocations: { projects: Record<string, Project> | null };
  blueprintid?: string;
  blueprintgen?: number;
}

/** What addexecutormsg needs (pycolonies sends exactly these keys). */
export type ExecutorInput = Pick<Executor, "executorname" | "executorid" | "colonyname" | "executortype"> &
  Partial<Executor>;

export interface Colony {
  colonyid: string;
  name: string;
}

export interface User {
  colonyname: string;
  userid: string;
  name: string;
  email: string;
  phone: string;
}

export interface Log {
  processid: string;
  colonyname: string;
  executorname: string;
  message: string;
  /** Unix nanoseconds UTC, int64, exact. */
  timestamp: bigint;
}

export interface FunctionArg {
  name: string;
  type: string;
  description?: string;
  required?: boolean;
  enum?: string[];
}

/** A registered function (Go `core.Function`); named so it does not shadow the global `Function`. */
export interface ColoniesFunction {
  functionid: string;
  executorname: string;
  executortype: string;
  colonyname: string;
  funcname: string;
  description?: string;
  args?: FunctionArg[];
  counter: number;
  /** Seconds (float). */
  minwaittime: number;
  maxwaittime: number;
  minexectime: number;
  maxexectime: number;
  avgwaittime: number;
  avgexectime: number;
  locationname?: string;
}

/** What addfunctionmsg needs. */
export type ColoniesFunctionInput = Pick<ColoniesFunction, "executorname" | "colonyname" | "funcname"> &
  Partial<ColoniesFunction>;

export interface Generator {
  generatorid: string;
  initiatorid: string;
  initiatorname: string;
  colonyname: string;
  name: string;
  /** A WorkflowSpec as JSON text. */
  workflowspec: string;
  /** Number of packed args that triggers a workflow (≥ 1). */
  trigger: number;
  /** Seconds after the first/last run at which a partial batch is submitted; ≤ 0 = never. */
  timeout: number;
  firstpack: Rfc3339;
  lastrun: Rfc3339;
  /** Live only in getgeneratormsg replies (0 in lists). */
  queuesize: number;
  /** Milliseconds; live only in getgeneratormsg replies. */
  checkerperiod: number;
}

/** What addgeneratormsg needs; the server assigns id, initiator and times. */
export type GeneratorInput = Pick<Generator, "colonyname" | "name" | "workflowspec" | "trigger" | "timeout">;

export interface Statistics {
  colonies: number;
  executors: number;
  activeexecutors: number;
  unregisteredexecutors: number;
  waitingprocesses: number;
  runningprocesses: number;
  successfulprocesses: number;
  failedprocesses: number;
  cancelledprocesses: number;
  waitingworkflows: number;
  runningworkflows: number;
  successfulworkflows: number;
  failedworkflows: number;
  cancelledworkflows: number;
}

export interface GraphNode {
  id: string;
  data: { label: string };
  position: { x: number; y: number };
  type: string;
  style: { color: string; background: string };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  animated: boolean;
}

export interface ProcessGraph {
  processgraphid: string;
  initiatorid: string;
  initiatorname: string;
  colonyname: string;
  rootprocessids: string[];
  state: ProcessState;
  submissiontime: Rfc3339;
  starttime: Rfc3339;
  endtime: Rfc3339;
  processids: string[];
  nodes: GraphNode[] | null;
  edges: GraphEdge[] | null;
}

export interface WorkflowSpec {
  colonyname: string;
  functionspecs: FunctionSpecInput[];
}

export interface BackendInfo {
  type: string;
  port: number;
  host?: string;
  tls?: boolean;
  insecure?: boolean;
}

export interface ServerInfo {
  buildversion: string;
  buildtime: string;
  backends: BackendInfo[];
}

export interface Version {
  buildversion: string;
  buildtime: string;
  msgtype?: "versionmsg";
}

/** The error payload of an error reply envelope. */
export interface ErrorPayload {
  status: number;
  message: string;
}

/** Request envelope (POST /api body). */
export interface RequestEnvelope {
  payloadtype: string;
  payload: string;
  /** 130 hex chars; "" for the unsigned versionmsg/getserverinfomsg. */
  signature: string;
}

/** Reply envelope; error replies carry payloadtype "error" and an ErrorPayload. */
export interface ReplyEnvelope {
  payloadtype: string;
  payload: string;
  error: boolean;
}
