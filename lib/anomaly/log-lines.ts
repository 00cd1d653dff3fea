/**
 * The executor's log lines, worded as the tutorial's executor.py writes them with add_log (so that
 * `colonies log search --text Anom` finds the verdicts). One deliberate change: the first line names the
 * series being checked, where the tutorial prints the whole argument list.
 */
import { pythonFloatString } from "../signal/index.ts";

export const logLines = {
  checking: (tsId: string) => `Checking anomalies in time series with ID: ${tsId}`,
  fetching: (tsId: string, db: string) => `Fetching time series data with ID: ${tsId} from database ${db}`,
  detecting: (tsId: string) => `Detecting anomalies in time series with ID: ${tsId}`,
  verdict: (tsId: string, anomaly: boolean, klDivergence: number | null) => {
    const kl = klDivergence === null ? "" : ` KL Divergence: ${pythonFloatString(klDivergence)},`;
    return anomaly
      ? `Anomaly detected!${kl} time series ID: ${tsId}`
      : `No anomaly detected.${kl} time series ID: ${tsId}`;
  },
};
