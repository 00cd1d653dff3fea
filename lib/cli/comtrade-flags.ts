/** `gen_dataset.ts --format comtrade` and its options (the values are checked by lib/recording's parseGeneratedFormat). */
import type { FlagDef } from "./flags.ts";

export function comtradeFlags(): {
  format: FlagDef<"string"> & { default: string };
  phases: FlagDef<"integer">;
  eventPhases: FlagDef<"string">;
  comtradeType: FlagDef<"string">;
  revision: FlagDef<"integer">;
} {
  return {
    format: {
      type: "string",
      default: "csv",
      placeholder: "csv|comtrade",
      description: "csv, or comtrade: a .cfg + .dat pair (an --out ending .cff writes one 2013 file)",
      check: (v) => (v === "csv" || v === "comtrade" ? undefined : "must be csv or comtrade"),
    },
    phases: {
      type: "integer",
      placeholder: "1|3",
      description: "comtrade: phases A (and B, C 120° apart) (default: 3)",
      check: (v) => (v === 1 || v === 3 ? undefined : "must be 1 or 3"),
    },
    eventPhases: {
      type: "string",
      placeholder: "A,B,..",
      description: "comtrade: the phases the injected events hit (default: all)",
    },
    comtradeType: {
      type: "string",
      placeholder: "TYPE",
      description: "comtrade: ASCII, BINARY, BINARY32 or FLOAT32 (default: BINARY)",
    },
    revision: {
      type: "integer",
      placeholder: "1999|2013",
      description: "comtrade: the revision year written (default: 2013)",
      check: (v) => (v === 1999 || v === 2013 ? undefined : "must be 1999 or 2013"),
    },
  };
}
