import { extname } from "node:path";
import type { GeneratedFormat } from "./generated-comtrade.ts";
import type { PolyphaseOptions } from "./polyphase-sample.ts";
import { type ComtradeFileType, RecordingError } from "./types.ts";

const PHASE_NAMES = ["A", "B", "C"];
const FILE_TYPES: readonly string[] = ["ASCII", "BINARY", "BINARY32", "FLOAT32"];

export interface GeneratedFormatFlags {
  out: string;
  phases?: number;
  eventPhases?: string;
  comtradeType?: string;
  revision?: number;
}

/** The COMTRADE choices of gen_dataset.ts, checked; `--out dataset.csv` (the default) becomes dataset.cfg. */
export function parseGeneratedFormat(flags: GeneratedFormatFlags): {
  out: string;
  polyphase: PolyphaseOptions;
  format: GeneratedFormat;
} {
  const phases = PHASE_NAMES.slice(0, flags.phases ?? 3);
  const eventPhases = flags.eventPhases?.split(",").map((p) => p.trim().toUpperCase());
  for (const p of eventPhases ?? [])
    if (!phases.includes(p))
      throw new RecordingError(`--event-phases: "${p}" is not one of ${phases.join(", ")}`);
  const type = (flags.comtradeType ?? "BINARY").toUpperCase();
  if (!FILE_TYPES.includes(type))
    throw new RecordingError(
      `--comtrade-type must be one of ${FILE_TYPES.join(", ")}, got ${flags.comtradeType}`,
    );
  const revision = flags.revision === 1999 ? 1999 : 2013;
  const out = flags.out === "dataset.csv" ? "dataset.cfg" : flags.out;
  const ext = extname(out).toLowerCase();
  if (ext !== ".cfg" && ext !== ".cff")
    throw new RecordingError(`--out for comtrade must end in .cfg or .cff, got ${out}`);
  return {
    out,
    polyphase: { phases, eventPhases },
    format: { revision, fileType: type as ComtradeFileType },
  };
}
