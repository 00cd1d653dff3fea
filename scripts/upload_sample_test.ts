/**
 * The tutorial's upload_sample_test.py: makes a one-second sample (anomaly probability 0.001), prints where
 * anomalies were injected and stores it in the time-series store as series 1234.
 */
import { storeSample, tutorialSample } from "../lib/anomaly/sample.ts";
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { storeSeriesFlags } from "../lib/timeseries/cli-flags.ts";
import { TimeSeriesApiError, TimeSeriesClient } from "../lib/timeseries/index.ts";

const spec = defineCommand({
  usage: "bun scripts/upload_sample_test.ts",
  summary: "Generate a one-second sample wave and store it in the time-series store.",
  flags: {
    ...storeSeriesFlags("series id to store it under"),
    seed: { type: "integer", description: "PRNG seed for a reproducible sample (random when absent)" },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const sample = tutorialSample(0.001, flags.seed);
  for (const index of sample.anomalyStarts) console.log("Anomaly detected at index:", index);

  const client = new TimeSeriesClient(flags.db);
  try {
    await storeSample(client, flags.id, sample);
  } catch (error) {
    if (!(error instanceof TimeSeriesApiError)) throw error;
    console.log(`Failed to store the waveform. Status code: ${error.status}`);
    console.log(`Response: ${error.body}`);
    process.exit(1);
  }
  console.log("Sample waveform stored successfully.");
});
