/**
 * Body reader for the store's routes: enforces the documented size limit with a clear 413 (the transport's
 * hard cap sits above it) and turns malformed JSON, including Python's bare NaN/Infinity tokens, into a 422.
 */
import { StoreHttpError, unprocessable } from "./errors.ts";

/** An empty body reads as `{}` (the PATCH of the tutorial sends none; a PUT then misses its fields). */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > maxBytes) throw tooLarge(declared, maxBytes);
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength, maxBytes);
  // {} rather than undefined: undefined would hand the consumed body to Elysia's next parser.
  if (bytes.byteLength === 0) return {};
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    const hint = /\b(NaN|Infinity)\b/.test(text)
      ? " NaN and Infinity are not JSON: every value must be a finite number."
      : "";
    throw unprocessable(`Malformed JSON body: ${(error as Error).message}.${hint}`);
  }
}

function tooLarge(bytes: number, maxBytes: number): StoreHttpError {
  return new StoreHttpError(
    413,
    `Request body is ${bytes} bytes; the limit is ${maxBytes} bytes. Split the series into smaller ones.`,
  );
}
