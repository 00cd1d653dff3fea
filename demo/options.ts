/** Flags of `bun run demo` (defaults from env where a component already reads one). */
import { defineCommand, type FlagValues, profileFlag } from "../lib/cli/index.ts";
import { DETECTOR_KINDS, type DetectorKind } from "../lib/signal/index.ts";
import { COLONIES_KINDS, type ColoniesKind } from "../lib/stack/stack.ts";

const atLeast = (min: number) => (value: number) => (value >= min ? undefined : `must be at least ${min}`);
const port = (value: number) => (value >= 1 && value <= 65535 ? undefined : "must be a TCP port (1-65535)");

export function demoCommand(env: Record<string, string | undefined> = process.env) {
  return defineCommand({
    usage: "bun run demo",
    summary:
      "The whole tutorial in one command: keys, dataset, calibration, store + dashboard, embedded Colonies " +
      "server, executors, a batch of samples, and a summary of how well the anomalies were found.",
    flags: {
      detector: {
        type: "string",
        default: "kl",
        description: `detector to calibrate and run: ${DETECTOR_KINDS.join(" | ")} (kl: the tutorial's)`,
        placeholder: "KIND",
        check: (v: string) =>
          (DETECTOR_KINDS as readonly string[]).includes(v)
            ? undefined
            : `must be one of ${DETECTOR_KINDS.join(", ")}`,
      },
      profile: profileFlag("waveform and event shapes of the dataset and the samples"),
      executors: { type: "integer", default: 2, description: "executors to start (K)", check: atLeast(1) },
      colonies: {
        type: "string",
        default: "embedded",
        placeholder: "KIND",
        description:
          "Colonies server: embedded (ours, SQLite) or real (Go v1.9.12 + PostgreSQL, built once; see colonies:real)",
        check: (v: string) =>
          COLONIES_KINDS.includes(v as ColoniesKind) ? undefined : "must be embedded or real",
      },
      samples: {
        type: "integer",
        default: 50,
        description: "one-second samples to submit (M)",
        check: atLeast(1),
      },
      seed: {
        type: "integer",
        default: 42,
        description: "seed of the samples (and of the dataset when it is generated)",
        check: (v: number) => (v >= 0 && v <= 0xffffffff ? undefined : "must be within [0, 4294967295]"),
      },
      anomalyProbability: {
        type: "number",
        default: 0.001,
        description:
          "chance per point that a drop (with --profile: an event of the profile's mix) starts (0.001 as the " +
          "tutorial: about half the samples get one)",
        check: (v: number) => (v >= 0 && v <= 1 ? undefined : "must be within [0, 1]"),
      },
      host: {
        type: "string",
        default: "127.0.0.1",
        description: "interface the store and Colonies listen on",
      },
      storePort: {
        type: "integer",
        default: Number(env.PORT ?? 8000),
        description: "store + dashboard port (env PORT)",
        check: port,
      },
      coloniesPort: {
        type: "integer",
        default: Number(env.COLONIES_SERVER_HTTP_PORT ?? env.COLONIES_SERVER_PORT ?? 50080),
        description: "Colonies server port (env COLONIES_SERVER_PORT)",
        check: port,
      },
      dataDir: {
        type: "string",
        default: "data/demo",
        description: "databases, labels and child logs of this run (cleared at start)",
        placeholder: "DIR",
      },
      dataset: { type: "string", default: "dataset.csv", description: "dataset CSV", placeholder: "PATH" },
      datasetSeconds: {
        type: "number",
        default: 100,
        description: "seconds of dataset to generate (the tutorial's 100)",
        check: atLeast(1),
      },
      model: {
        type: "string",
        default: env.MODEL_PATH ?? "model.json",
        description: "model file",
        placeholder: "PATH",
      },
      recalibrate: {
        type: "boolean",
        default: false,
        description: "regenerate the dataset and model even if both exist",
      },
      keysFile: {
        type: "string",
        default: ".env",
        description: "keys file, created if missing",
        placeholder: "PATH",
      },
      keep: {
        type: "boolean",
        default: false,
        description: "keep everything running after the summary (Ctrl-C stops)",
      },
      timeout: {
        type: "number",
        default: 300,
        description: "seconds to wait for all processes before giving up",
        check: atLeast(1),
      },
    },
  });
}

export type DemoOptions = FlagValues<ReturnType<typeof demoCommand>["flags"]>;

/** The --detector value as its type (the flag's check admits only these). */
export function detectorOf(options: DemoOptions): DetectorKind {
  return options.detector as DetectorKind;
}
