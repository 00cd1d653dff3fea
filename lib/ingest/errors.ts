/** A recording that cannot be ingested as asked (bad segment length, store refusal): the CLI prints it, exit 1. */
export class IngestError extends Error {
  override name = "IngestError";
}
