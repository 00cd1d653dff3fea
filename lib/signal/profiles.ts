/**
 * Named option sets for realistic mains (durations in samples assume the default 1 kHz / 50 Hz; event
 * probabilities are per row, tuned for the default 100 s dataset):
 *   tutorial   the tutorial's clean sine with fixed 80 % drops of 100 samples.
 *   noisy      tutorial events on a wave with 0.5 % noise and a 3 % third harmonic.
 *   realistic  0.5 % noise, harmonics 3:3 5:2 7:1, ±0.1 Hz drift, ±1 % RMS wander; dips of 15–90 % depth,
 *              swells to 112–130 % and a few interruptions, each lasting 1–50 cycles (about 10–20 events per 100 s).
 *   shallow    noisy, with dips of only 20–40 % depth (factor 0.6–0.8).
 *   short      noisy, with dips lasting 1–3 cycles (20–60 samples).
 *   swells     noisy, with swells to 112–140 % for 100 samples instead of dips.
 */
import { SignalError } from "./errors.ts";
import { definedOnly, type Harmonic, type SampleOptions } from "./sample-options.ts";

export const PROFILE_NAMES = ["tutorial", "noisy", "realistic", "shallow", "short", "swells"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

const NOISY: Partial<SampleOptions> = { noisePct: 0.5, harmonics: [{ order: 3, pct: 3 }] };
const REALISTIC_HARMONICS: Harmonic[] = [
  { order: 3, pct: 3 },
  { order: 5, pct: 2 },
  { order: 7, pct: 1 },
];

const PROFILES: Record<ProfileName, Partial<SampleOptions>> = {
  tutorial: {},
  noisy: NOISY,
  realistic: {
    noisePct: 0.5,
    harmonics: REALISTIC_HARMONICS,
    frequencyDrift: 0.1,
    amplitudeWander: 1,
    anomalyProbability: 0.0001,
    anomalyDrop: [0.1, 0.85],
    anomalyDuration: [20, 1000],
    swellProbability: 0.00003,
    swellRise: [1.12, 1.3],
    swellDuration: [20, 1000],
    interruptionProbability: 0.00001,
    interruptionFactor: [0, 0.02],
    interruptionDuration: [20, 1000],
  },
  shallow: { ...NOISY, anomalyDrop: [0.6, 0.8] },
  short: { ...NOISY, anomalyDuration: [20, 60] },
  swells: {
    ...NOISY,
    anomalyProbability: 0,
    swellProbability: 0.00009,
    swellRise: [1.12, 1.4],
    swellDuration: 100,
  },
};

export function isProfileName(text: string): text is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(text);
}

/** The name as a ProfileName, or a SignalError listing the valid names. */
export function parseProfileName(text: string): ProfileName {
  if (isProfileName(text)) return text;
  throw new SignalError(`unknown profile "${text}"; valid profiles: ${PROFILE_NAMES.join(", ")}`);
}

/** The options a profile sets (a fresh copy; everything else keeps the tutorial's defaults). */
export function profileOptions(name: ProfileName): Partial<SampleOptions> {
  const profile = PROFILES[parseProfileName(name)];
  return structuredClone(profile);
}

/**
 * The options with their event probabilities scaled so that together they give `perRow` (the mix of dips, swells
 * and interruptions kept); options with no events get dips at `perRow`. Used for short samples, where a profile's
 * per-row rates tuned for 100 s would rarely produce an event.
 */
export function withEventRate(options: Partial<SampleOptions>, perRow: number): Partial<SampleOptions> {
  const dip = options.anomalyProbability ?? 0;
  const swell = options.swellProbability ?? 0;
  const interruption = options.interruptionProbability ?? 0;
  const total = dip + swell + interruption;
  if (total === 0) return { ...options, anomalyProbability: perRow };
  const scale = perRow / total;
  return {
    ...options,
    anomalyProbability: dip * scale,
    swellProbability: swell * scale,
    interruptionProbability: interruption * scale,
  };
}

/** The profile's options with every defined value of `overrides` on top (explicit flags beat the profile). */
export function profileWith(name: ProfileName, overrides: Partial<SampleOptions>): Partial<SampleOptions> {
  return { ...profileOptions(name), ...definedOnly(overrides) };
}
