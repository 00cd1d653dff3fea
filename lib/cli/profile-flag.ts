/** The `--profile NAME` flag of the scripts that generate signal (gen_dataset, submit, bench/signal). */
import { isProfileName, PROFILE_NAMES } from "../signal/index.ts";
import type { FlagDef } from "./flags.ts";

/** A `--profile` flag defaulting to the tutorial; `what` says what the profile sets in this script. */
export function profileFlag(what: string): FlagDef<"string"> & { default: string } {
  return {
    type: "string",
    default: "tutorial",
    placeholder: "NAME",
    description: `${what}: ${PROFILE_NAMES.join(" | ")}`,
    check: (v: string) => (isProfileName(v) ? undefined : `must be one of ${PROFILE_NAMES.join(", ")}`),
  };
}
