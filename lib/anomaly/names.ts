/** The names the anomaly job is known by on ColonyOS: its function, its executor type, its store variable. */
export const ANOMALY_FUNCNAME = "anomaly";
export const DEFAULT_ANOMALY_EXECUTOR_TYPE = "anomaly-executor";
/** The spec env entry holding the store URL (same name as the executor's own fallback variable). */
export const STORE_URL_ENV = "STORE_URL";
