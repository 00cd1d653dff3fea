/** The `--plot PATH` / `--no-plot` pair every script that draws a picture takes. */
import type { FlagDef } from "./flags.ts";

const NOT_A_PATH = new Set(["false", "true", "no", "yes", "0", "1", "off", "on"]);

export function plotFlags(
  defaultPath: string,
  description: string,
): {
  plot: FlagDef<"string"> & { default: string };
  noPlot: FlagDef<"boolean"> & { default: boolean };
} {
  return {
    plot: {
      type: "string",
      default: defaultPath,
      description,
      placeholder: "PATH",
      // `--plot=false` used to write a file named "false": a switch-like value is refused, with the right flag named.
      check: (v: string) =>
        NOT_A_PATH.has(v.toLowerCase()) ? "takes a PNG path (use --no-plot to skip the picture)" : undefined,
    },
    noPlot: { type: "boolean", default: false, description: "write no picture (overrides --plot)" },
  };
}

/** Where to write the picture, or undefined for --no-plot. */
export function plotTarget(flags: { plot: string; noPlot: boolean }): string | undefined {
  return flags.noPlot ? undefined : flags.plot;
}
