/** A generator request that cannot be carried out as asked (message says what to change). */
export class GeneratorError extends Error {
  override name = "GeneratorError";
}
