/** The `anomaly` job: its function spec, its arguments, and checking one series. */
export { type AnomalyRequest, anomalyRequest } from "./args.ts";
export { type CheckHooks, checkSeries, type SeriesResult } from "./check.ts";
export { AnomalyJobError } from "./errors.ts";
export { countKinds, describeEvents, eventDepth } from "./event-summary.ts";
export { logLines, type VerdictDetail, verdictDetail } from "./log-lines.ts";
export { ANOMALY_FUNCNAME, DEFAULT_ANOMALY_EXECUTOR_TYPE, STORE_URL_ENV } from "./names.ts";
export {
  type AnomalySpecOptions,
  anomalyFuncSpec,
  DEFAULT_MAXEXECTIME,
  DEFAULT_MAXRETRIES,
} from "./spec.ts";
