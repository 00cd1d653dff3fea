/** Small helpers shared by the command-line scripts. */

export { comtradeFlags } from "./comtrade-flags.ts";
export { CliError, fail, runMain } from "./errors.ts";
export {
  type AnyFlagDef,
  type CommandSpec,
  defineCommand,
  type FlagDef,
  type FlagSpec,
  type FlagValues,
  flagName,
  helpText,
  parseArgAndFlags,
  parseArgsOrHelp,
  parseFlags,
} from "./flags.ts";
export { plotFlags, plotTarget } from "./plot-flags.ts";
export { profileFlag } from "./profile-flag.ts";
export { ProgressBar } from "./progress.ts";
export { recordingFlags, recordingOptions } from "./recording-flags.ts";
export { eachEnd, type NumberOrRangeValue, parseHarmonics, parseRange } from "./values.ts";
