/** Raised for invalid numeric input or options; the message says what to change. */
export class SignalError extends Error {
  override name = "SignalError";
}
