/** A failure starting or stopping the local stack, with a message that says what to do (CLIs print it as one line). */
export class StackError extends Error {
  override name = "StackError";
}
