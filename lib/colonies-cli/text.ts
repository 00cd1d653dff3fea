/** Cell texts as the Colonies CLI shows them: cut values, args/kwargs, times, states. */
import { ExecutorState, type Process, ProcessState } from "../colonies-sdk/index.ts";

/** Values longer than this are cut and end in `...` (the Go CLI's MaxArgInfoLength). */
export const MAX_CELL = 20;

export function cut(text: string, max = MAX_CELL): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

function valueText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/** Args joined by spaces, cut. */
export function argsText(process: Pick<Process, "spec">): string {
  return cut((process.spec.args ?? []).map(valueText).join(" "));
}

/** Kwargs as `key:value` joined by spaces, cut. */
export function kwargsText(process: Pick<Process, "spec">): string {
  return cut(
    Object.entries(process.spec.kwargs ?? {})
      .map(([k, v]) => `${k}:${valueText(v)}`)
      .join(" "),
  );
}

/** `YYYY-MM-DD HH:MM:SS` in the offset the server wrote; "" for the unset (year 1) time. */
export function timeText(rfc3339: string): string {
  const match = /^(\d{4,})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)/.exec(rfc3339);
  if (!match || Number(match[1]) <= 1) return "";
  return `${match[1]}-${match[2]}-${match[3]} ${match[4]}`;
}

/** Unix nanoseconds as `YYYY-MM-DD HH:MM:SS` in the local time zone (the CLI's log timestamps). */
export function localTimeText(unixNanos: bigint | number): string {
  const date = new Date(Number(BigInt(unixNanos) / 1_000_000n));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export const processStateNames: Record<number, string> = {
  [ProcessState.Waiting]: "Waiting",
  [ProcessState.Running]: "Running",
  [ProcessState.Successful]: "Successful",
  [ProcessState.Failed]: "Failed",
  [ProcessState.Cancelled]: "Cancelled",
};

export const executorStateNames: Record<number, string> = {
  [ExecutorState.Pending]: "Pending",
  [ExecutorState.Approved]: "Approved",
  [ExecutorState.Rejected]: "Rejected",
  [ExecutorState.Unregistered]: "Unregistered",
};

/** Word-wraps to `width` columns; words longer than a line are broken. */
/**
 * The Go CLI's word wrap for `log search` Text cells: words (whitespace-separated, newlines included) are
 * joined with single spaces, and a line breaks before a word when the line's length plus the word's
 * exceeds `interval` (the separating space is not counted, so a line can be interval + 1 long); a word
 * longer than `interval` stays whole.
 */
export function insertNewLines(text: string, interval: number): string {
  let result = "";
  let count = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (count + word.length > interval && count > 0) {
      result += "\n";
      count = 0;
    }
    if (count > 0) {
      result += " ";
      count++;
    }
    result += word;
    count += word.length;
  }
  return result;
}

export function wrap(text: string, width = 64): string {
  const lines: string[] = [];
  for (const paragraph of text.trim().split("\n")) {
    let line = "";
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (word.length > width) {
        if (line) lines.push(line);
        lines.push(word.slice(0, width));
        word = word.slice(width);
        line = "";
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.join("\n");
}
