/**
 * The embedded Colonies-compatible server: POST /api (the real RPC envelope), GET /health, persisted in its
 * own SQLite file, with the timeout loop, stale-executor cleanup and generator checker running alongside.
 */
import { recoverSignerId } from "../lib/colonies-sdk/signer.ts";
import { isInMemoryPath } from "../lib/sqlite/open.ts";
import { startBackgroundJobs } from "./background.ts";
import { startCheckpointer } from "./db/checkpoint.ts";
import { LogWriter } from "./db/log-writer.ts";
import { openColoniesDatabase } from "./db/open.ts";
import type { ServerContext } from "./handlers/types.ts";
import { handleRpc, type RecoverSigner } from "./rpc.ts";
import { Lifecycle } from "./scheduler/lifecycle.ts";
import { QueueWaiters } from "./scheduler/waiters.ts";
import { RecoverPool } from "./verify/pool.ts";
import { replyError } from "./wire/envelope.ts";

/**
 * Measured on the 2-core reference box (bench/colonies.ts): recovering on the event loop beats a worker
 * pool there (the load generator needs the other core, and each hop adds latency), so the pool is opt-in.
 */
export const DEFAULT_VERIFY_WORKERS = 0;

export interface ColoniesServerOptions {
  /** Default 0.0.0.0. */
  hostname?: string;
  /** Default 50080; 0 picks a free port. */
  port?: number;
  databasePath: string;
  /** The server owner's id (COLONIES_SERVER_ID). */
  serverId: string;
  /** Generator checker period, default 1000 ms (COLONIES_GENERATOR_CHECKER_PERIOD). */
  checkerPeriodMs?: number;
  /** Stale-executor sweep period, default 60 000 ms (COLONIES_CLEANUP_INTERVAL). */
  cleanupIntervalMs?: number;
  /** An executor not heard from for this long is unregistered, default 600 000 ms. */
  staleExecutorMs?: number;
  /** Re-adding an executor name replaces the old one (COLONIES_ALLOW_EXECUTOR_REREGISTER), default false. */
  allowExecutorReregister?: boolean;
  /** Timeout loop period, default 1000 ms as the real server. */
  timeoutLoopMs?: number;
  /** Largest accepted request body, default 16 MiB. */
  maxBodyBytes?: number;
  /**
   * Workers that recover signers off the event loop; 0 (default) = on the event loop with the SDK's
   * memoised recoverSignerId. Worth it only with spare cores (COLONIES_VERIFY_WORKERS).
   */
  verifyWorkers?: number;
  /** Overrides signature recovery entirely (tests, benchmarks). */
  recoverSigner?: RecoverSigner;
}

export interface RunningColoniesServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startColoniesServer(options: ColoniesServerOptions): Promise<RunningColoniesServer> {
  const hostname = options.hostname ?? "0.0.0.0";
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const checkerPeriodMs = options.checkerPeriodMs ?? 1000;
  const workers = options.verifyWorkers ?? DEFAULT_VERIFY_WORKERS;
  const pool = !options.recoverSigner && workers > 0 ? new RecoverPool(workers) : undefined;
  const recoverSigner = options.recoverSigner ?? pool?.recover ?? recoverSignerId;
  const db = openColoniesDatabase(options.databasePath);
  const waiters = new QueueWaiters();
  const ctx: ServerContext = {
    db,
    serverId: options.serverId,
    lifecycle: new Lifecycle(db, waiters),
    logs: new LogWriter(db),
    waiters,
    checkerPeriodMs,
    allowExecutorReregister: options.allowExecutorReregister ?? false,
    hostname: "",
    port: 0,
  };
  const tooLarge = () => replyError(413, `Request body too large: the limit is ${maxBodyBytes} bytes`);

  const server = Bun.serve({
    hostname,
    port: options.port ?? 50080,
    // Long-polls last as long as the client's assign timeout; the real server has no write timeout either.
    idleTimeout: 0,
    // Bodies announced with a larger Content-Length get our 413 envelope without being read; Bun itself
    // cuts off (plain 413) only streams beyond twice the limit.
    maxRequestBodySize: maxBodyBytes * 2 + 1024 * 1024,
    async fetch(req) {
      const { pathname } = new URL(req.url);
      if (pathname === "/health" && req.method === "GET") return new Response(null, { status: 200 });
      if (pathname !== "/api") return new Response("404 page not found", { status: 404 });
      if (req.method !== "POST") return new Response("405 method not allowed", { status: 405 });
      if (Number(req.headers.get("content-length") ?? 0) > maxBodyBytes) return tooLarge();
      let body: string;
      try {
        body = await req.text();
      } catch {
        return replyError(400, "Failed to read the request body");
      }
      if (body.length > maxBodyBytes) return tooLarge();
      return handleRpc(ctx, body, req.signal, recoverSigner);
    },
    error(error) {
      console.error("colonies: request failed:", error);
      return replyError(500, `Internal server error: ${error.message}`);
    },
  });
  // Started once the port is ours: a failed start leaves no worker behind.
  const checkpointer = isInMemoryPath(options.databasePath)
    ? undefined
    : startCheckpointer(db, options.databasePath);
  ctx.port = server.port ?? 0;
  ctx.hostname = hostname === "0.0.0.0" ? "" : hostname;
  const stopJobs = startBackgroundJobs(ctx, {
    timeoutLoopMs: options.timeoutLoopMs ?? 1000,
    cleanupIntervalMs: options.cleanupIntervalMs ?? 60_000,
    staleExecutorMs: options.staleExecutorMs ?? 600_000,
    checkerPeriodMs,
  });
  const urlHost = hostname === "0.0.0.0" ? "127.0.0.1" : hostname;
  return {
    url: `http://${urlHost}:${ctx.port}`,
    port: ctx.port,
    async stop() {
      stopJobs();
      waiters.close();
      await server.stop(true);
      pool?.terminate();
      ctx.logs.flush();
      await checkpointer?.stop();
      db.$client.close();
    },
  };
}
