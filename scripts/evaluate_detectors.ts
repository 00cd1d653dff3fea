/**
 * `bun scripts/evaluate_detectors.ts [--seeds 50] [--profiles tutorial,noisy,...]`: the kl and rms detectors side by
 * side on generated data of each profile, scored per event and per 1 s window; prints a Markdown table.
 */
import { CliError, defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { evaluateProfile } from "../lib/signal/evaluate.ts";
import { PROFILE_NAMES, parseProfileName } from "../lib/signal/profiles.ts";

const spec = defineCommand({
  usage: "bun scripts/evaluate_detectors.ts",
  summary:
    "Compare the kl and rms detectors on generated profiles: event P/R/F1, timing, depth, window F1, speed.",
  flags: {
    seeds: {
      type: "integer",
      default: 50,
      description: "samples (seeds 1..N) per profile",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    profiles: {
      type: "string",
      default: PROFILE_NAMES.join(","),
      description: "comma-separated profile names",
      placeholder: "LIST",
    },
  },
});

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");

await runMain(() => {
  const flags = parseArgsOrHelp(spec);
  const profiles = flags.profiles.split(",").map((name) => {
    try {
      return parseProfileName(name.trim());
    } catch (error) {
      throw new CliError(`--profiles: ${(error as Error).message}`);
    }
  });
  console.log(`Seeds 1..${flags.seeds} per profile (100 s at 1 kHz each).\n`);
  console.log(
    "| profile | detector | true events | event P | event R | event F1 | split | start err median (ms) | start err p95 (ms) | residual err median (% of nominal) | window F1 | samples/s |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const profile of profiles) {
    for (const r of evaluateProfile(profile, flags.seeds)) {
      console.log(
        `| ${r.profile} | ${r.detector} | ${r.trueEvents} | ${fixed(r.precision, 4)} | ${fixed(r.recall, 4)} | ${fixed(r.f1, 4)} | ${r.split} | ${fixed(r.medianStartErrorMs, 1)} | ${fixed(r.p95StartErrorMs, 1)} | ${r.detector === "kl" ? "n/a" : fixed(r.medianResidualErrorPct, 3)} | ${fixed(r.windowF1, 4)} | ${(r.samplesPerSecond / 1e6).toFixed(1)} M |`,
      );
    }
  }
});
