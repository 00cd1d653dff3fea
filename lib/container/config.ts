/**
 * Settings of the container function spec, from env with defaults:
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | CONTAINER_IMAGE | `colonyos-anomaly-detector:latest` | image built from the repository's Dockerfile |
 * | CONTAINER_EXECUTOR_TYPE | `container-executor` | executor type of ColonyOS's docker executor (its examples' value) |
 * | CONTAINER_MAXEXECTIME | `60` | seconds before the process is killed and retried |
 * | CONTAINER_MAXRETRIES | `3` | retries after a timeout (the docker executor refuses ≤ 0) |
 */
import { ContainerArgsError } from "./errors.ts";

export interface ContainerConfig {
  image: string;
  executorType: string;
  maxExecTime: number;
  maxRetries: number;
}

export const DEFAULT_CONTAINER_IMAGE = "colonyos-anomaly-detector:latest";
export const DEFAULT_CONTAINER_EXECUTOR_TYPE = "container-executor";

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new ContainerArgsError(`${name}=${text} must be a whole number ≥ 1`);
  }
  return value;
}

export function loadContainerConfig(env: Record<string, string | undefined> = process.env): ContainerConfig {
  return {
    image: env.CONTAINER_IMAGE?.trim() || DEFAULT_CONTAINER_IMAGE,
    executorType: env.CONTAINER_EXECUTOR_TYPE?.trim() || DEFAULT_CONTAINER_EXECUTOR_TYPE,
    maxExecTime: positiveInteger(env, "CONTAINER_MAXEXECTIME", 60),
    maxRetries: positiveInteger(env, "CONTAINER_MAXRETRIES", 3),
  };
}
