/**
 * Write tokens: with STORE_TOKEN set, PUT, PATCH and DELETE need `Authorization: Bearer <token>`. Tokens are
 * compared as SHA-256 digests with timingSafeEqual, against every configured token, so the time taken says
 * nothing about how much of a guess matched. Tokens are never logged.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export const WRITE_METHODS = new Set(["PUT", "PATCH", "DELETE", "POST"]);
const REALM = 'Bearer realm="timeseries-store"';

/** STORE_TOKEN: one token, or several separated by commas (to rotate without downtime). */
export function parseStoreTokens(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Checks write requests against the tokens; null when the request may go on, else the 401 reply. */
export function writeTokenCheck(tokens: readonly string[]): (request: Request) => Response | null {
  const digests = tokens.map(digest);
  return (request) => {
    if (digests.length === 0 || !WRITE_METHODS.has(request.method)) return null;
    const header = request.headers.get("authorization");
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (bearer === undefined) {
      return unauthorized(
        header === null
          ? "This store needs a write token: send Authorization: Bearer <token> (set STORE_TOKEN for our tools)."
          : "Authorization must be 'Bearer <token>'.",
      );
    }
    const presented = digest(bearer);
    let matched = false;
    for (const expected of digests) matched = timingSafeEqual(presented, expected) || matched;
    return matched ? null : unauthorized("Invalid write token: check STORE_TOKEN against the store's.");
  };
}

function unauthorized(detail: string): Response {
  return Response.json({ detail }, { status: 401, headers: { "www-authenticate": REALM } });
}
