/**
 * Turns the detector command's result into what the process is closed with: the JSON lines it printed
 * (one per series) on success, or the error text (stderr, exit code, timeout) on failure.
 */
import type { CommandResult } from "./run-command.ts";

export type CommandOutcome = { ok: true; out: unknown[] } | { ok: false; errors: string[] };

/** Keep error texts small enough for a Colonies process record. */
const MAX_ERROR_CHARS = 4000;

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= MAX_ERROR_CHARS ? trimmed : `...${trimmed.slice(-MAX_ERROR_CHARS)}`;
}

function withStderr(message: string, stderr: string): string[] {
  const text = tail(stderr);
  return text === "" ? [message] : [message, text];
}

export function commandOutcome(result: CommandResult, timeoutMs?: number): CommandOutcome {
  if (result.timedOut) {
    return {
      ok: false,
      errors: withStderr(
        `detector command killed after ${(timeoutMs ?? 0) / 1000} s (maxexectime)`,
        result.stderr,
      ),
    };
  }
  if (result.exitCode !== 0) {
    const how =
      result.exitCode === null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    return { ok: false, errors: withStderr(`detector command ${how}`, result.stderr) };
  }
  const out: unknown[] = [];
  for (const line of result.stdout.split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      return { ok: false, errors: [`detector command printed a line that is not JSON: ${tail(line)}`] };
    }
  }
  return { ok: true, out };
}
