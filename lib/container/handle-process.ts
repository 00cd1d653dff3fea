/**
 * What the command executor does with one assigned `execute` process: validate, run the detector as a
 * subprocess, close the process successful with its JSON lines or failed with the error text.
 */
import type { ColoniesClient } from "../colonies-sdk/client.ts";
import type { Process } from "../colonies-sdk/types.ts";
import { type CommandFromProcessOptions, detectorCommandFromProcess } from "./command-from-process.ts";
import { ContainerArgsError } from "./errors.ts";
import { type CommandOutcome, commandOutcome } from "./outcome.ts";
import { runCommand } from "./run-command.ts";

export interface HandleProcessOptions extends CommandFromProcessOptions {
  client: ColoniesClient;
  /** The executor's private key. */
  prvkey: string;
  /** Environment the detector command runs with (e.g. MODEL_PATH); COLONIES_PROCESS_ID is added. */
  env: Record<string, string | undefined>;
}

export async function runExecuteProcess(
  process: Process,
  options: HandleProcessOptions,
): Promise<CommandOutcome> {
  let outcome: CommandOutcome;
  try {
    const command = detectorCommandFromProcess(process, options);
    await options.client.addLog(
      process.processid,
      `Running detector for ${command.invocation.tsIds.length} series from ${command.invocation.db}`,
      options.prvkey,
    );
    const result = await runCommand(command.argv, {
      cwd: options.repoRoot,
      env: { ...options.env, ...command.env },
      timeoutMs: command.timeoutMs,
    });
    outcome = commandOutcome(result, command.timeoutMs);
  } catch (error) {
    const message = (error as Error).message;
    outcome = {
      ok: false,
      errors: [
        error instanceof ContainerArgsError
          ? `bad arguments: ${message}`
          : `could not run the detector: ${message}`,
      ],
    };
  }
  if (outcome.ok) await options.client.closeSuccessful(process.processid, outcome.out, options.prvkey);
  else await options.client.closeFailed(process.processid, outcome.errors, options.prvkey);
  return outcome;
}
