/** Submits the container function spec for some series (one process). */
import type { ColoniesClient } from "../colonies-sdk/client.ts";
import type { Process } from "../colonies-sdk/types.ts";
import type { ContainerConfig } from "./config.ts";
import { containerFuncSpec } from "./spec.ts";

export interface ContainerSubmission {
  colonyname: string;
  /** The store URL as the container sees it (with Docker, not 127.0.0.1 unless the host network is used). */
  db: string;
  tsIds: readonly string[];
  config: ContainerConfig;
}

export function submitContainerSpec(
  client: ColoniesClient,
  submission: ContainerSubmission,
  key: string,
): Promise<Process> {
  const spec = containerFuncSpec({
    ...submission.config,
    colonyname: submission.colonyname,
    db: submission.db,
    tsIds: submission.tsIds,
  });
  return client.submitFunctionSpec(spec, key);
}
