/**
 * `bun executor/detect.ts [--db URL] [--process-id ID] [--] TS_ID…`: the container's detector command. For
 * each series: fetch it from the store, detect with the calibrated model (MODEL_PATH, default model.json),
 * write the result back (anomaly flag, KL divergence or events, process id) and print one JSON line
 * `{"ts_id","anomaly","kl_divergence","events"}`. Errors go to stderr; any failed series makes the exit code 1.
 *
 * --db defaults to STORE_URL, else http://127.0.0.1:8000; --process-id defaults to
 * COLONIES_PROCESS_ID (set by ColonyOS's docker executor in the container).
 */
import { checkSeries } from "../lib/anomaly/index.ts";
import { PROCESS_ID_ENV, parseDetectArgs } from "../lib/container/detect-args.ts";
import { ContainerArgsError } from "../lib/container/errors.ts";
import { loadModel } from "../lib/model-file.ts";
import { defaultStoreUrl, TimeSeriesClient } from "../lib/timeseries/client.ts";

const USAGE = "usage: bun executor/detect.ts [--db URL] [--process-id ID] [--] TS_ID...";

async function main(argv: string[]): Promise<number> {
  let invocation: ReturnType<typeof parseDetectArgs>;
  try {
    invocation = parseDetectArgs(argv, {
      db: defaultStoreUrl(),
      processId: process.env[PROCESS_ID_ENV],
    });
  } catch (error) {
    if (!(error instanceof ContainerArgsError)) throw error;
    console.error(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { detector, warning } = await loadModel();
  if (warning) console.error(`warning: ${warning}`);
  const store = new TimeSeriesClient(invocation.db);
  let failures = 0;
  for (const tsId of invocation.tsIds) {
    try {
      console.log(JSON.stringify(await checkSeries(store, detector, tsId, invocation.processId)));
    } catch (error) {
      failures++;
      const message = (error as Error).message;
      console.error(`error: ${message.includes(tsId) ? message : `series ${tsId}: ${message}`}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`error: ${(error as Error).message}`);
  return 1;
});
