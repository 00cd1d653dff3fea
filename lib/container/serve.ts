/**
 * The command executor's Colonies side: register (fresh key, added and approved with the colony key,
 * function `execute`), long-poll for processes, hand each to `handle`, and unregister on shutdown.
 * Transient errors (server unreachable, 5xx) are retried with backoff; the loop never exits on them.
 */
import type { ColoniesClient } from "../colonies/client.ts";
import { generatePrivateKey, idFromPrivateKey } from "../colonies/crypto.ts";
import type { Process } from "../colonies/types.ts";
import { EXECUTE_FUNCNAME } from "./spec.ts";

export interface RegisteredExecutor {
  name: string;
  prvkey: string;
  unregister(): Promise<void>;
}

const NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function randomSuffix(length = 5): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join("");
}

export async function registerExecutor(
  client: ColoniesClient,
  options: { colonyname: string; colonyPrvkey: string; executortype: string; name: string },
): Promise<RegisteredExecutor> {
  const prvkey = generatePrivateKey();
  const { colonyname, colonyPrvkey, executortype, name } = options;
  await client.addExecutor(
    { executorname: name, executorid: idFromPrivateKey(prvkey), colonyname, executortype },
    colonyPrvkey,
  );
  await client.approveExecutor(colonyname, name, colonyPrvkey);
  await client.addFunction({ executorname: name, colonyname, funcname: EXECUTE_FUNCNAME }, prvkey);
  return {
    name,
    prvkey,
    unregister: () => client.removeExecutor(colonyname, name, colonyPrvkey),
  };
}

export interface ServeOptions {
  client: ColoniesClient;
  colonyname: string;
  prvkey: string;
  /** Aborting stops taking work; the process in hand is finished first. */
  signal: AbortSignal;
  /** Seconds of each assign long-poll. */
  assignTimeoutSeconds?: number;
  handle(process: Process): Promise<void>;
  log(message: string): void;
}

const MAX_BACKOFF_MS = 10_000;

export async function serveExecuteProcesses(options: ServeOptions): Promise<void> {
  const { client, colonyname, prvkey, signal } = options;
  let backoffMs = 250;
  while (!signal.aborted) {
    let process: Process | null;
    try {
      process = await client.assign(colonyname, options.assignTimeoutSeconds ?? 10, prvkey, { signal });
      backoffMs = 250;
    } catch (error) {
      if (signal.aborted) break;
      options.log(`assign failed (${(error as Error).message}); retrying in ${backoffMs} ms`);
      await Bun.sleep(backoffMs);
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      continue;
    }
    if (process === null) continue;
    try {
      if (process.spec.funcname === EXECUTE_FUNCNAME) await options.handle(process);
      else
        await client.closeFailed(
          process.processid,
          [`Unsupported funcname ${process.spec.funcname}: this executor runs ${EXECUTE_FUNCNAME}`],
          prvkey,
        );
    } catch (error) {
      // e.g. the process expired (maxexectime) and was requeued meanwhile: the server refuses our close.
      options.log(`process ${process.processid}: ${(error as Error).message}`);
    }
  }
}
