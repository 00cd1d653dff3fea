/** Why an `anomaly` process cannot be done; the message is what the process is closed failed with. */
export class AnomalyJobError extends Error {
  override name = "AnomalyJobError";
}
