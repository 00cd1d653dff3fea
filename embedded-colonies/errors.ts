/** An error the server answers with: HTTP status + message, sent as the real error reply envelope. */
export class ColoniesServerError extends Error {
  override name = "ColoniesServerError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ColoniesServerError(400, message);
export const forbidden = (message: string) => new ColoniesServerError(403, message);
export const notFound = (message: string) => new ColoniesServerError(404, message);
export const internal = (message: string) => new ColoniesServerError(500, message);
