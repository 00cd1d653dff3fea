/** A demo failure with a message that says what to do; the CLI prints it as one line and exits 1. */
export class DemoError extends Error {
  override name = "DemoError";
}
