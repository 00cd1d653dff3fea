/** The flags that choose what is read from a recording, shared by every script that reads one. */
import type { FlagSpec } from "./flags.ts";

export function recordingFlags() {
  return {
    channels: {
      type: "string",
      placeholder: "A,B,..",
      description: "channels by name (default: the voltage channels)",
    },
    phases: { type: "string", placeholder: "A,B,..", description: "channels by the COMTRADE phase field" },
    timeColumn: {
      type: "string",
      placeholder: "NAME",
      description: "CSV: the time column (seconds or ISO times)",
    },
    rate: {
      type: "number",
      placeholder: "HZ",
      description: "CSV: samples per second when there is no time column",
    },
  } as const satisfies FlagSpec;
}

const list = (value: string | undefined) =>
  value
    ?.split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");

/** The reader's options from those flags. */
export function recordingOptions(flags: {
  channels?: string;
  phases?: string;
  timeColumn?: string;
  rate?: number;
}) {
  return {
    channels: list(flags.channels),
    phases: list(flags.phases),
    timeColumn: flags.timeColumn,
    rate: flags.rate,
  };
}
