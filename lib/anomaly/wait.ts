/** Waits until processes are closed (successful or failed), polling the Colonies server. */
import { type ColoniesClient, closedStates, type Process } from "../colonies-sdk/index.ts";

/** getprocess requests in flight at once while polling. */
const POLL_BATCH = 32;

export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
}

/**
 * Resolves with every process once closed, calling `onClosed` as each one closes. Throws WaitTimeoutError
 * naming how many are still open after `timeoutMs`.
 */
export async function waitForProcesses(
  client: ColoniesClient,
  processIds: readonly string[],
  prvkey: string,
  options: { timeoutMs: number; pollMs?: number; onClosed?: (process: Process) => void },
): Promise<Process[]> {
  const closed = new Map<string, Process>();
  const deadline = Date.now() + options.timeoutMs;
  let open = [...processIds];
  while (open.length > 0) {
    const polled: Process[] = [];
    for (let i = 0; i < open.length; i += POLL_BATCH) {
      const batch = open.slice(i, i + POLL_BATCH);
      polled.push(...(await Promise.all(batch.map((id) => client.getProcess(id, prvkey)))));
    }
    for (const process of polled) {
      if (closedStates.includes(process.state)) {
        closed.set(process.processid, process);
        options.onClosed?.(process);
      }
    }
    open = open.filter((id) => !closed.has(id));
    if (open.length === 0) break;
    if (Date.now() > deadline) {
      throw new WaitTimeoutError(
        `${open.length} of ${processIds.length} processes still not closed after ${options.timeoutMs / 1000} s: is an executor running (bun executor/executor.ts)?`,
      );
    }
    await Bun.sleep(options.pollMs ?? 250);
  }
  return processIds.map((id) => closed.get(id)!);
}
