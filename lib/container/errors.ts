/** A container function spec or detector command line that does not have the expected shape. */
export class ContainerArgsError extends Error {
  override name = "ContainerArgsError";
}
