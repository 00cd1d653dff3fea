/**
 * Checks an `execute` process against the one command the command executor runs (the detector) and
 * builds its argv. Anything else is refused: the command executor has no container around it.
 */
import { resolve } from "node:path";
import type { Process } from "../colonies-sdk/types.ts";
import { DETECT_SCRIPT, type DetectInvocation, PROCESS_ID_ENV, parseDetectArgs } from "./detect-args.ts";
import { ContainerArgsError } from "./errors.ts";
import { DETECT_COMMAND } from "./spec.ts";

export interface DetectorCommand {
  invocation: DetectInvocation;
  argv: string[];
  /** COLONIES_PROCESS_ID, as the docker executor sets it in the container. */
  env: Record<string, string>;
  /** Kill deadline; undefined when the spec has no maxexectime. */
  timeoutMs?: number;
}

export interface CommandFromProcessOptions {
  /** Directory holding executor/detect.ts (the image's working directory). */
  repoRoot: string;
  /** The bun binary that runs the command (the image's `bun`). */
  bunPath: string;
  /**
   * Kill this long before maxexectime, so the failure is reported by us (with the reason) before the
   * server's own expiry requeues the process.
   */
  killMarginMs?: number;
}

/** The docker executor replaces the first `{processid}` of the joined args; same here, per argument. */
const PROCESS_ID_PLACEHOLDER = "{processid}";

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new ContainerArgsError(`kwargs.${name} must be a list of strings`);
  }
  return value;
}

export function detectorCommandFromProcess(
  process: Process,
  options: CommandFromProcessOptions,
): DetectorCommand {
  const kwargs = process.spec.kwargs ?? {};
  if (typeof kwargs["docker-image"] !== "string" || kwargs["docker-image"] === "") {
    throw new ContainerArgsError(
      'kwargs["docker-image"] is missing: the docker executor needs an image name',
    );
  }
  if (kwargs.cmd !== DETECT_COMMAND) {
    throw new ContainerArgsError(
      `kwargs.cmd must be "${DETECT_COMMAND}" (got ${JSON.stringify(kwargs.cmd)}): this executor only runs the detector`,
    );
  }
  const args = stringList(kwargs.args, "args").map((arg) =>
    arg.replace(PROCESS_ID_PLACEHOLDER, process.processid),
  );
  if (args[0] !== DETECT_SCRIPT) {
    throw new ContainerArgsError(
      `kwargs.args must start with "${DETECT_SCRIPT}" (got ${JSON.stringify(args[0] ?? null)}): this executor only runs the detector`,
    );
  }
  const invocation = parseDetectArgs(args.slice(1), { processId: process.processid });
  const maxexectime = process.spec.maxexectime;
  const margin = options.killMarginMs ?? 500;
  return {
    invocation,
    argv: [
      options.bunPath,
      resolve(options.repoRoot, DETECT_SCRIPT),
      "--db",
      invocation.db,
      "--process-id",
      invocation.processId,
      "--",
      ...invocation.tsIds,
    ],
    env: { [PROCESS_ID_ENV]: process.processid },
    timeoutMs: maxexectime > 0 ? Math.max(margin, maxexectime * 1000 - margin) : undefined,
  };
}
