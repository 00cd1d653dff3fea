/** Store samples and submit `anomaly` processes straight through the SDK (faster than spawning submit). */
import { type AnomalySpecOptions, anomalyFuncSpec } from "../../lib/anomaly/index.ts";
import { newSeriesId, storeSample, tutorialSample } from "../../lib/anomaly/sample.ts";
import { type Process, ProcessState } from "../../lib/colonies-sdk/index.ts";
import { waitUntil } from "./child.ts";
import type { HoldProxy } from "./hold-proxy.ts";
import type { TestStack } from "./stack.ts";

/** What these helpers use of a stack: the embedded one (stack.ts) or the real one (real-stack.ts). */
export type ToolStack = Pick<TestStack, "colonies" | "colonyname" | "store" | "storeUrl"> & {
  keys: { user: { prvkey: string } };
};

export interface Submitted {
  tsId: string;
  processId: string;
}

/** Stores `count` tutorial samples (anomaly probability 0.002) and submits one process per series. */
export async function submitSamples(
  stack: ToolStack,
  count: number,
  spec: Partial<Omit<AnomalySpecOptions, "tsIds" | "colonyname">> = {},
): Promise<Submitted[]> {
  const submitted: Submitted[] = [];
  for (let i = 0; i < count; i++) {
    const tsId = newSeriesId();
    await storeSample(stack.store, tsId, tutorialSample(0.002, 1000 + i));
    const process = await stack.colonies.submitFunctionSpec(
      anomalyFuncSpec({ colonyname: stack.colonyname, db: stack.storeUrl, ...spec, tsIds: [tsId] }),
      stack.keys.user.prvkey,
    );
    submitted.push({ tsId, processId: process.processid });
  }
  return submitted;
}

const CLOSED: readonly number[] = [ProcessState.Successful, ProcessState.Failed];

/** Waits until every process is successful or failed; returns them in the given order. */
export function waitClosed(
  stack: ToolStack,
  processIds: readonly string[],
  timeoutMs = 20_000,
): Promise<Process[]> {
  return waitUntil(
    `${processIds.length} processes to close`,
    async () => {
      const all = await Promise.all(
        processIds.map((id) => stack.colonies.getProcess(id, stack.keys.user.prvkey)),
      );
      return all.every((p) => CLOSED.includes(p.state)) ? all : undefined;
    },
    timeoutMs,
  );
}

/** Process ids an executor printed as assigned to it. */
export function assignedIn(stdout: string): string[] {
  return [...stdout.matchAll(/^Process ([0-9a-f]{64}) is assigned to executor$/gm)].map((m) => m[1]!);
}

/**
 * Stores a sample and submits it with the store URL of `proxy` (a proxy in front of the store); the first
 * fetch of the series is held, so the executor that takes it is caught mid-process.
 */
export async function submitHeld(
  stack: ToolStack & Pick<TestStack, "colonyname">,
  proxy: HoldProxy,
  maxexectime: number,
) {
  const tsId = newSeriesId();
  await storeSample(stack.store, tsId, tutorialSample(0.002, 7));
  const hold = proxy.holdNext(`/timeseries/${tsId}`);
  const process = await stack.colonies.submitFunctionSpec(
    anomalyFuncSpec({
      colonyname: stack.colonyname,
      tsIds: [tsId],
      db: proxy.url,
      maxexectime,
      maxretries: 3,
    }),
    stack.keys.user.prvkey,
  );
  return { tsId, processId: process.processid, hold };
}
