/** A Colonies error reply (or an unusable reply): the server's status and message, verbatim. */
export class ColoniesError extends Error {
  override name = "ColoniesError";
  constructor(
    /** HTTP-like status: the `status` of the error payload (equal to the HTTP status on the real server). */
    readonly status: number,
    message: string,
    /** The request's msgtype, when known. */
    readonly msgtype?: string,
  ) {
    super(message);
  }
}

/** The server could not be reached or did not answer in time. */
export class ColoniesConnectionError extends Error {
  override name = "ColoniesConnectionError";
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A missing or malformed environment variable; `variable` names it. */
export class ColoniesConfigError extends Error {
  override name = "ColoniesConfigError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}
