/**
 * The two alternative ways `scripts/submit.ts` hands series to ColonyOS, besides one `anomaly` process per
 * series: `--container` (one `execute` process per series for the docker executor or the command executor)
 * and `--generator NAME --trigger N [--timeout S]` (ids packed into a generator; the server submits one
 * `anomaly` process per N ids, or fewer after S seconds).
 */

import { DEFAULT_ANOMALY_EXECUTOR_TYPE } from "../anomaly/names.ts";
import type { ColoniesClient } from "../colonies-sdk/client.ts";
import { loadContainerConfig } from "../container/config.ts";
import { submitContainerSpec } from "../container/submit.ts";
import { GeneratorError } from "./errors.ts";
import { ensureGenerator, packIntoGenerator } from "./generator.ts";
import { anomalyWorkflowSpec } from "./workflow.ts";

/** Flags to spread into submit's flag spec (lib/cli FlagSpec shape). */
export const submitModeFlags = {
  container: {
    type: "boolean",
    default: false,
    description:
      "submit the container function spec (execute) for the docker executor or executor/command_executor.ts",
  },
  generator: {
    type: "string",
    placeholder: "NAME",
    description: "pack the series ids into generator NAME (created once) instead of one process per series",
  },
  trigger: {
    type: "integer",
    default: 10,
    description: "with --generator: series ids per process",
    check: (n: number) => (n >= 1 ? undefined : "must be ≥ 1"),
  },
  timeout: {
    type: "integer",
    default: 10,
    placeholder: "S",
    description: "with --generator: seconds after which fewer than --trigger ids are submitted (≤ 0: never)",
  },
} as const;

export type SubmitMode =
  | { kind: "container" }
  | { kind: "generator"; name: string; trigger: number; timeout: number };

/** undefined = the tutorial's default (one `anomaly` process per series). */
export function submitModeFromFlags(flags: {
  container?: boolean;
  generator?: string;
  trigger?: number;
  timeout?: number;
}): SubmitMode | undefined {
  if (flags.container && flags.generator !== undefined) {
    throw new GeneratorError("use either --container or --generator, not both");
  }
  if (flags.container) return { kind: "container" };
  if (flags.generator !== undefined) {
    return {
      kind: "generator",
      name: flags.generator,
      trigger: flags.trigger ?? 10,
      timeout: flags.timeout ?? 10,
    };
  }
  return undefined;
}

export interface SubmitContext {
  client: ColoniesClient;
  colonyname: string;
  /** Signing key of the submitter (COLONIES_PRVKEY). */
  prvkey: string;
  /** Store URL given to the detector (kwargs.db, or env STORE_URL of a generator's workflow). */
  db: string;
  /** Executor type of the `anomaly` processes a generator submits (default anomaly-executor). */
  executortype?: string;
  maxexectime?: number;
  maxretries?: number;
  print(line: string): void;
}

export interface SeriesSubmitter {
  /** Hands one uploaded series to ColonyOS; returns the process id when one was submitted now. */
  submit(tsId: string): Promise<string | undefined>;
  /** Prints what happens next (for generators: when the packed ids become processes). */
  finish(): void;
}

export async function startSubmitMode(mode: SubmitMode, ctx: SubmitContext): Promise<SeriesSubmitter> {
  if (mode.kind === "container") {
    const config = loadContainerConfig();
    return {
      async submit(tsId) {
        const process = await submitContainerSpec(
          ctx.client,
          { colonyname: ctx.colonyname, db: ctx.db, tsIds: [tsId], config },
          ctx.prvkey,
        );
        ctx.print(`Process ${process.processid} submitted`);
        return process.processid;
      },
      finish() {},
    };
  }
  const ensured = await ensureGenerator(
    ctx.client,
    {
      colonyname: ctx.colonyname,
      name: mode.name,
      trigger: mode.trigger,
      timeout: mode.timeout,
      workflow: anomalyWorkflowSpec({
        colonyname: ctx.colonyname,
        db: ctx.db,
        executortype: ctx.executortype ?? DEFAULT_ANOMALY_EXECUTOR_TYPE,
        maxexectime: ctx.maxexectime,
        maxretries: ctx.maxretries,
      }),
    },
    ctx.prvkey,
  );
  const { generator } = ensured;
  ctx.print(
    ensured.created
      ? `Generator ${generator.name} created (${generator.generatorid})`
      : `Using generator ${generator.name} (${generator.generatorid})`,
  );
  if (ensured.mismatch) ctx.print(`warning: ${ensured.mismatch}`);
  let packed = 0;
  return {
    async submit(tsId) {
      await packIntoGenerator(ctx.client, generator.generatorid, [tsId], ctx.prvkey);
      packed++;
      ctx.print(`Packed ${tsId} into generator ${generator.name}`);
      return undefined;
    },
    finish() {
      const partial =
        generator.timeout > 0
          ? `, the rest ${generator.timeout} s after the last batch`
          : " (no timeout: the rest waits)";
      ctx.print(`${packed} series packed: one process per ${generator.trigger}${partial}`);
    },
  };
}
