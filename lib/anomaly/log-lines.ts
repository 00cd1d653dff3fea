/**
 * The executor's log lines, worded as the tutorial's executor.py writes them with add_log (so that
 * `colonies log search --text Anom` finds the verdicts). One deliberate change: the first line names the
 * series being checked, where the tutorial prints the whole argument list. An RMS verdict names its events
 * where a KL verdict gives the divergence: "Anomaly detected! 2 dips, deepest to 21 % of 230.0 V, time series ID: 7".
 */
import { pythonFloatString } from "../signal/index.ts";
import type { VoltageEventWire } from "../timeseries/index.ts";
import { describeEvents } from "./event-summary.ts";

/** What a verdict measured: the KL divergence (kl detector) or the events (rms detector). */
export interface VerdictDetail {
  klDivergence: number | null;
  events: readonly VoltageEventWire[] | null;
}

/** " KL Divergence: 0.1," / " 2 dips, deepest to 21 % of 230.0 V," / "" (the tutorial's spacing). */
export function verdictDetail({ klDivergence, events }: VerdictDetail): string {
  if (klDivergence !== null) return ` KL Divergence: ${pythonFloatString(klDivergence)},`;
  if (events !== null && events.length > 0) return ` ${describeEvents(events)},`;
  return "";
}

export const logLines = {
  checking: (tsId: string) => `Checking anomalies in time series with ID: ${tsId}`,
  fetching: (tsId: string, db: string) => `Fetching time series data with ID: ${tsId} from database ${db}`,
  detecting: (tsId: string) => `Detecting anomalies in time series with ID: ${tsId}`,
  verdict: (tsId: string, anomaly: boolean, detail: VerdictDetail) => {
    const measured = verdictDetail(detail);
    return anomaly
      ? `Anomaly detected!${measured} time series ID: ${tsId}`
      : `No anomaly detected.${measured} time series ID: ${tsId}`;
  },
};
