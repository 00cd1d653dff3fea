/** Store samples and submit `anomaly` processes straight through the SDK (faster than spawning submit). */
import { type AnomalySpecOptions, anomalyFuncSpec } from "../../lib/anomaly/index.ts";
import { newSeriesId, storeSample, tutorialSample } from "../../lib/anomaly/sample.ts";
import { type Process, ProcessState } from "../../lib/colonies/index.ts";
import { waitUntil } from "./child.ts";
import type { TestStack } from "./stack.ts";

export interface Submitted {
  tsId: string;
  processId: string;
}

/** Stores `count` tutorial samples (anomaly probability 0.002) and submits one process per series. */
export async function submitSamples(
  stack: TestStack,
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
  stack: TestStack,
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
