/**
 * Typed Colonies RPC client (POST /api). Every method takes the signing key last; which key the server
 * expects for each call is in docs/protocol.md §3 (server owner, colony owner, member user/executor).
 * Error replies throw `ColoniesError` with the server's status and message; an unreachable or silent
 * server throws `ColoniesConnectionError`. Lists the server sends as `null` come back as `[]`.
 * With several `servers` (COLONIES_SERVERS) a connection error moves the client to the next address when
 * the message may be sent again (failover.ts says which and why).
 */
import { type ColoniesConfig, coloniesBaseUrl } from "./config.ts";
import { type ColoniesMessage, decodeReply, encodeRequest } from "./envelope.ts";
import { ColoniesConnectionError, ColoniesError } from "./errors.ts";
import { mayTryNextServer, type ServerAddress } from "./failover.ts";
import { type GetLogsQuery, type GetProcessesQuery, messages, type SearchLogsQuery } from "./messages.ts";
import type {
  ColoniesFunction,
  ColoniesFunctionInput,
  Colony,
  Executor,
  ExecutorInput,
  FunctionSpecInput,
  Generator,
  GeneratorInput,
  Log,
  Process,
  ProcessGraph,
  ServerInfo,
  Statistics,
  User,
  Version,
  WorkflowSpec,
} from "./types.ts";

export interface ColoniesClientOptions {
  host: string;
  port: number;
  tls?: boolean;
  /** Servers of one cluster, tried in order on a connection error (default: just host:port). */
  servers?: readonly ServerAddress[];
  /** HTTP timeout of ordinary requests; assign waits its long-poll timeout plus a margin. */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How much longer than the server-side long-poll the HTTP request of `assign` may take. */
export const ASSIGN_HTTP_MARGIN_MS = 10_000;

interface RpcOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class ColoniesClient {
  /** RPC endpoints, `http(s)://host:port/api`, one per server. */
  readonly urls: readonly string[];
  private readonly requestTimeoutMs: number;
  /** Index of the server that answered last (requests start there). */
  private current = 0;

  constructor(options: ColoniesClientOptions) {
    const tls = options.tls ?? false;
    const servers = options.servers?.length ? options.servers : [{ host: options.host, port: options.port }];
    this.urls = servers.map((server) => `${coloniesBaseUrl({ ...server, tls })}/api`);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** The RPC endpoint in use, `http(s)://host:port/api`. */
  get url(): string {
    return this.urls[this.current]!;
  }

  static fromConfig(config: ColoniesConfig, options: { requestTimeoutMs?: number } = {}): ColoniesClient {
    return new ColoniesClient({
      host: config.host,
      port: config.port,
      tls: config.tls,
      servers: config.servers,
      ...options,
    });
  }

  private async rpc(
    message: ColoniesMessage,
    prvkey: string | null,
    options: RpcOptions = {},
  ): Promise<unknown> {
    const body = JSON.stringify(encodeRequest(message, prvkey));
    const failures: ColoniesConnectionError[] = [];
    for (let attempt = 0; attempt < this.urls.length; attempt++) {
      const index = (this.current + attempt) % this.urls.length;
      const url = this.urls[index]!;
      let status: number;
      let text: string;
      try {
        ({ status, text } = await this.post(url, body, message.msgtype, options));
      } catch (error) {
        if (!(error instanceof ColoniesConnectionError)) throw error;
        failures.push(error);
        if (!mayTryNextServer(message.msgtype, error.cause)) break;
        continue;
      }
      this.current = index;
      return decodeReply(text, status, message.msgtype);
    }
    throw this.unreachable(message.msgtype, failures);
  }

  private unreachable(msgtype: string, failures: ColoniesConnectionError[]): ColoniesConnectionError {
    if (failures.length === 1 && this.urls.length === 1) return failures[0]!;
    const last = failures.at(-1)!;
    const tried = failures.map((failure) => failure.message).join("; ");
    const notResent =
      failures.length < this.urls.length
        ? ` ${msgtype} was not sent to the other servers: it may have been applied, and a repeat could apply it twice.`
        : "";
    return new ColoniesConnectionError(last.url, `${tried}.${notResent}`, { cause: last.cause });
  }

  /** One HTTP attempt; connection problems become ColoniesConnectionError with the fetch error as cause. */
  private async post(
    url: string,
    body: string,
    msgtype: string,
    options: RpcOptions,
  ): Promise<{ status: number; text: string }> {
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
        signal,
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (timeout.aborted) {
        throw new ColoniesConnectionError(
          url,
          `No reply from the Colonies server at ${url} within ${timeoutMs} ms (${msgtype})`,
          { cause: error },
        );
      }
      throw new ColoniesConnectionError(
        url,
        `Cannot reach the Colonies server at ${url} (${(error as Error).message}): is it running (bun run colonies:server) and do COLONIES_SERVER_HOST/COLONIES_SERVER_PORT (or COLONIES_SERVERS) point at it?`,
        { cause: error },
      );
    }
  }

  private async list<T>(message: ColoniesMessage, prvkey: string): Promise<T[]> {
    return ((await this.rpc(message, prvkey)) as T[] | null) ?? [];
  }

  // Server

  async version(): Promise<Version> {
    return (await this.rpc(messages.version(), null)) as Version;
  }

  async serverInfo(): Promise<ServerInfo> {
    return (await this.rpc(messages.serverInfo(), null)) as ServerInfo;
  }

  /** Server-wide counters; signed by the server owner. */
  async getStatistics(serverKey: string): Promise<Statistics> {
    return (await this.rpc(messages.getStatistics(), serverKey)) as Statistics;
  }

  // Colonies and users

  /** Signed by the server owner; `colony.colonyid` is the id of the colony owner's key. */
  async addColony(colony: Colony, serverKey: string): Promise<Colony> {
    return (await this.rpc(messages.addColony(colony), serverKey)) as Colony;
  }

  async getColony(colonyname: string, key: string): Promise<Colony> {
    return (await this.rpc(messages.getColony(colonyname), key)) as Colony;
  }

  async getColonyStatistics(colonyname: string, key: string): Promise<Statistics> {
    return (await this.rpc(messages.getColonyStatistics(colonyname), key)) as Statistics;
  }

  /** Signed by the colony owner; `user.userid` is the id of the user's key. */
  async addUser(
    user: Pick<User, "colonyname" | "userid" | "name"> & Partial<User>,
    colonyKey: string,
  ): Promise<User> {
    return (await this.rpc(messages.addUser(user), colonyKey)) as User;
  }

  // Executors

  /** Signed by the colony owner; the executor starts pending and must be approved. */
  async addExecutor(executor: ExecutorInput, colonyKey: string): Promise<Executor> {
    return (await this.rpc(messages.addExecutor(executor), colonyKey)) as Executor;
  }

  async approveExecutor(colonyname: string, executorname: string, colonyKey: string): Promise<void> {
    await this.rpc(messages.approveExecutor(colonyname, executorname), colonyKey);
  }

  async rejectExecutor(colonyname: string, executorname: string, colonyKey: string): Promise<void> {
    await this.rpc(messages.rejectExecutor(colonyname, executorname), colonyKey);
  }

  /** Unregisters (state 3): its functions are dropped and its running processes go back to waiting. */
  async removeExecutor(colonyname: string, executorname: string, colonyKey: string): Promise<void> {
    await this.rpc(messages.removeExecutor(colonyname, executorname), colonyKey);
  }

  /** All executors of the colony in every state (filter `state` yourself). */
  async getExecutors(colonyname: string, key: string): Promise<Executor[]> {
    return this.list<Executor>(messages.getExecutors(colonyname), key);
  }

  async getExecutor(colonyname: string, executorname: string, key: string): Promise<Executor> {
    return (await this.rpc(messages.getExecutor(colonyname, executorname), key)) as Executor;
  }

  async getExecutorById(colonyname: string, executorid: string, key: string): Promise<Executor> {
    return (await this.rpc(messages.getExecutorById(colonyname, executorid), key)) as Executor;
  }

  // Functions

  /** Signed by the executor named in `fn.executorname`. */
  async addFunction(fn: ColoniesFunctionInput, executorKey: string): Promise<ColoniesFunction> {
    return (await this.rpc(messages.addFunction(fn), executorKey)) as ColoniesFunction;
  }

  /** `executorname` "" lists the whole colony. */
  async getFunctions(colonyname: string, executorname: string, key: string): Promise<ColoniesFunction[]> {
    return this.list<ColoniesFunction>(messages.getFunctions(colonyname, executorname), key);
  }

  // Processes

  async submitFunctionSpec(spec: FunctionSpecInput, key: string): Promise<Process> {
    return (await this.rpc(messages.submitFunctionSpec(spec), key)) as Process;
  }

  async submitWorkflowSpec(spec: WorkflowSpec, key: string): Promise<ProcessGraph> {
    return (await this.rpc(messages.submitWorkflowSpec(spec), key)) as ProcessGraph;
  }

  /**
   * Long-polls for a process for the signing executor. Resolves `null` when the server answers
   * 404 "No process available for assignment" (after `timeoutSeconds`; at once when negative).
   * Aborting `signal` rejects with the signal's reason.
   */
  async assign(
    colonyname: string,
    timeoutSeconds: number,
    key: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<Process | null> {
    const longPollMs = Math.max(0, timeoutSeconds) * 1000;
    try {
      return (await this.rpc(messages.assign(colonyname, timeoutSeconds), key, {
        timeoutMs: Math.max(this.requestTimeoutMs, longPollMs + ASSIGN_HTTP_MARGIN_MS),
        ...options,
      })) as Process;
    } catch (error) {
      if (error instanceof ColoniesError && error.status === 404) return null;
      throw error;
    }
  }

  async getProcess(processid: string, key: string): Promise<Process> {
    return (await this.rpc(messages.getProcess(processid), key)) as Process;
  }

  async getProcesses(query: GetProcessesQuery, key: string): Promise<Process[]> {
    return this.list<Process>(messages.getProcesses(query), key);
  }

  async removeProcess(processid: string, key: string): Promise<void> {
    await this.rpc(messages.removeProcess(processid), key);
  }

  /** Only the assigned executor may close; a non-empty `out` replaces the process output. */
  async closeSuccessful(processid: string, out: unknown[], key: string): Promise<void> {
    await this.rpc(messages.closeSuccessful(processid, out), key);
  }

  async closeFailed(processid: string, errors: string[], key: string): Promise<void> {
    await this.rpc(messages.closeFailed(processid, errors), key);
  }

  async setOutput(processid: string, out: unknown[], key: string): Promise<void> {
    await this.rpc(messages.setOutput(processid, out), key);
  }

  // Logs

  /** Only the assigned executor of a running process may log. */
  async addLog(processid: string, message: string, key: string): Promise<void> {
    await this.rpc(messages.addLog(processid, message), key);
  }

  async getLogs(query: GetLogsQuery, key: string): Promise<Log[]> {
    return this.list<Log>(messages.getLogs(query), key);
  }

  async searchLogs(query: SearchLogsQuery, key: string): Promise<Log[]> {
    return this.list<Log>(messages.searchLogs(query), key);
  }

  // Generators

  async addGenerator(
    generator: Omit<GeneratorInput, "workflowspec"> & { workflowspec: string | WorkflowSpec },
    key: string,
  ): Promise<Generator> {
    return (await this.rpc(messages.addGenerator(generator), key)) as Generator;
  }

  async packGenerator(generatorid: string, arg: string, key: string): Promise<void> {
    await this.rpc(messages.packGenerator(generatorid, arg), key);
  }

  async getGenerator(generatorid: string, key: string): Promise<Generator> {
    return (await this.rpc(messages.getGenerator(generatorid), key)) as Generator;
  }

  async getGenerators(colonyname: string, count: number, key: string): Promise<Generator[]> {
    return this.list<Generator>(messages.getGenerators(colonyname, count), key);
  }

  async removeGenerator(generatorid: string, key: string): Promise<void> {
    await this.rpc(messages.removeGenerator(generatorid), key);
  }
}
