/**
 * `bun bench/rms.ts [--seconds N] [--block N]`: U_rms(1/2) event detector throughput on one core (samples/s, best
 * of 5), on the realistic profile streamed in blocks, plus a 10^7-row CSV through find_events.ts for its peak RSS
 * with --csv. Run by hand; numbers go into the README.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { writeDatasetCsv } from "../lib/dataset-file.ts";
import { generateSample, RMS_DEFAULTS, RmsEventDetector, rootMeanSquare } from "../lib/signal/index.ts";
import { profileOptions } from "../lib/signal/profiles.ts";

const spec = defineCommand({
  usage: "bun bench/rms.ts",
  summary:
    "Measure the RMS event detector's samples per second on one core (and optionally find_events' memory).",
  flags: {
    seconds: {
      type: "number",
      default: 100,
      description: "seconds of 1 kHz realistic signal to process",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    block: {
      type: "integer",
      default: 65536,
      description: "samples per push()",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    csv: {
      type: "boolean",
      default: false,
      description: "also stream a 10^7-row CSV through find_events.ts (peak RSS)",
    },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const sample = generateSample({ ...profileOptions("realistic"), duration: flags.seconds, seed: 1 });
  const x = sample.anomaly;
  const settings = {
    samplingRate: 1000,
    frequency: 50,
    referenceVoltage: rootMeanSquare(sample.normal),
    ...RMS_DEFAULTS,
  };
  let best = Number.POSITIVE_INFINITY;
  let events = 0;
  for (let run = 0; run < 6; run++) {
    const detector = new RmsEventDetector(settings);
    const t0 = performance.now();
    let found = 0;
    for (let s = 0; s < x.length; s += flags.block)
      found += detector.push(x.subarray(s, s + flags.block)).length;
    found += detector.finish().length;
    const ms = performance.now() - t0;
    if (run > 0) best = Math.min(best, ms);
    events = found;
  }
  console.log(
    `rms detector: ${(((x.length / best) * 1000) / 1e6).toFixed(1)} M samples/s (best of 5 after a warm-up; ${x.length} samples, ${events} events, blocks of ${flags.block})`,
  );
  if (!flags.csv) return;
  const dir = mkdtempSync(join(tmpdir(), "bench-rms-"));
  try {
    const csv = join(dir, "big.csv");
    writeDatasetCsv(csv, { ...profileOptions("realistic"), duration: 10_000, seed: 1 });
    const model = join(dir, "model.json");
    await Bun.write(model, JSON.stringify({ version: 1, detector: "rms", ...settings }));
    const root = resolve(import.meta.dir, "..");
    const t0 = performance.now();
    const child = Bun.spawn(
      [process.execPath, join(root, "scripts/find_events.ts"), "--model", model, "--dataset", csv, "--json"],
      { stdout: "pipe", stderr: "inherit" },
    );
    const out = await new Response(child.stdout).text();
    await child.exited;
    const seconds = (performance.now() - t0) / 1000;
    const rss = child.resourceUsage()?.maxRSS ?? 0;
    console.log(
      `find_events.ts on 10^7 rows: ${seconds.toFixed(1)} s, ${JSON.parse(out).length} events, peak RSS ${(rss / 1024 / 1024).toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
