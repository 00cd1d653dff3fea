/**
 * The tutorial's upload_sample_test.py: makes a one-second sample (anomaly probability 0.001), prints where
 * anomalies were injected and stores it in the time-series store as series 1234.
 */
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { generateSample } from "../lib/signal/index.ts";
import {
  defaultStoreUrl,
  sampleToPoints,
  TimeSeriesApiError,
  TimeSeriesClient,
} from "../lib/timeseries/index.ts";

const spec = defineCommand({
  usage: "bun scripts/upload_sample_test.ts",
  summary: "Generate a one-second sample wave and store it in the time-series store.",
  flags: {
    db: {
      type: "string",
      default: defaultStoreUrl(),
      description: "store URL (env STORE_URL)",
      placeholder: "URL",
    },
    id: { type: "string", default: "1234", description: "series id to store it under" },
    seed: { type: "integer", description: "PRNG seed for a reproducible sample (random when absent)" },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const sample = generateSample({
    duration: 1,
    samplingRate: 1000,
    frequency: 50,
    amplitude: 230,
    anomalyProbability: 0.001,
    anomalyDuration: 100,
    anomalyDrop: 0.2,
    seed: flags.seed,
  });
  for (const index of sample.anomalyStarts) console.log("Anomaly detected at index:", index);

  const client = new TimeSeriesClient(flags.db);
  try {
    await client.put({ ts_id: flags.id, process_id: "", data: sampleToPoints(sample), anomaly: false });
  } catch (error) {
    if (!(error instanceof TimeSeriesApiError)) throw error;
    console.log(`Failed to store the waveform. Status code: ${error.status}`);
    console.log(`Response: ${error.body}`);
    process.exit(1);
  }
  console.log("Sample waveform stored successfully.");
});
