/**
 * The tutorial's anomaly_detector_backend_test.py: fetches a series from the store, runs the calibrated
 * detector (model.json, or the tutorial's threshold with a warning) and writes the verdict back.
 */
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { defaultModelPath, loadModel } from "../lib/model-file.ts";
import { pythonFloatString } from "../lib/signal/index.ts";
import { storeSeriesFlags } from "../lib/timeseries/cli-flags.ts";
import {
  pointValues,
  pythonBool,
  TimeSeriesApiError,
  TimeSeriesClient,
  toWireEvent,
} from "../lib/timeseries/index.ts";

const spec = defineCommand({
  usage: "bun scripts/anomaly_detector_backend_test.ts",
  summary: "Check a stored series for anomalies and record the result in the store.",
  flags: {
    ...storeSeriesFlags("series id to check"),
    processId: { type: "string", default: "5678", description: "process id to record with the verdict" },
    model: {
      type: "string",
      default: defaultModelPath(),
      description: "model file (env MODEL_PATH)",
      placeholder: "PATH",
    },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const { detector, warning } = await loadModel(flags.model);
  if (warning) console.warn(`warning: ${warning}`);

  const client = new TimeSeriesClient(flags.db);
  let values: Float64Array;
  try {
    values = pointValues((await client.get(flags.id)).data);
  } catch (error) {
    if (!(error instanceof TimeSeriesApiError)) throw error;
    console.log(`Failed to fetch time series. Status code: ${error.status}`);
    process.exit(1);
  }

  const { anomaly, klDivergence, events } = detector.detect(values);
  const measure =
    klDivergence === null
      ? `${events?.length ?? 0} event(s)`
      : `KL Divergence: ${pythonFloatString(klDivergence)}`;
  console.log(anomaly ? `Anomaly detected! ${measure}` : `No anomaly detected. ${measure}`);

  try {
    await client.setAnomaly(flags.id, {
      anomaly,
      process_id: flags.processId,
      ...(klDivergence === null ? {} : { kl_divergence: klDivergence }),
      ...(events === null ? {} : { events: events.map(toWireEvent) }),
    });
  } catch (error) {
    if (!(error instanceof TimeSeriesApiError)) throw error;
    console.log(`Failed to update the database. Status code: ${error.status}`);
    console.log(`Response: ${error.body}`);
    process.exit(1);
  }
  console.log(
    `Database updated successfully. Timeseries ID: ${flags.id}, Anomaly: ${pythonBool(anomaly)}, Process ID: ${flags.processId}`,
  );
});
