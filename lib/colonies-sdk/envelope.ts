/**
 * The RPC envelope (docs/protocol.md §1): message JSON → standard padded base64 → signature over that
 * base64 text. Replies are decoded from the body text whatever the HTTP status and content type
 * (the real server answers text/plain, and error replies carry their own status).
 */
import { ColoniesError } from "./errors.ts";
import { parseJson, stringifyJson } from "./json.ts";
import { signPayload } from "./signer.ts";
import type { ErrorPayload, ReplyEnvelope, RequestEnvelope } from "./types.ts";

export { parseJson, stringifyJson };

/** A Colonies message: `msgtype` plus its fields (bigints are written as bare integers). */
export interface ColoniesMessage {
  msgtype: string;
  [field: string]: unknown;
}

/** Handled by the server before signature recovery; clients send `"signature": ""`. */
export const UNSIGNED_MSGTYPES: ReadonlySet<string> = new Set(["versionmsg", "getserverinfomsg"]);

export function encodeBase64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** Lenient like the Go server (it ignores base64 errors): invalid characters are skipped. */
export function decodeBase64(base64: string): string {
  return Buffer.from(base64, "base64").toString("utf8");
}

/** Builds the request envelope; `prvkey` null only for the unsigned message types. */
export function encodeRequest(message: ColoniesMessage, prvkey: string | null): RequestEnvelope {
  const payload = encodeBase64(stringifyJson(message));
  return {
    payloadtype: message.msgtype,
    payload,
    signature: prvkey === null ? "" : signPayload(payload, prvkey),
  };
}

/** Decodes and parses a request payload (int64 fields as bigint). Throws SyntaxError on bad JSON. */
export function decodePayload(base64: string): unknown {
  return parseJson(decodeBase64(base64));
}

/** A success reply body: `value` (object, array or null) as base64 JSON. */
export function encodeReply(payloadtype: string, value: unknown): string {
  const reply: ReplyEnvelope = { payloadtype, payload: encodeBase64(stringifyJson(value)), error: false };
  return JSON.stringify(reply);
}

/** An error reply body exactly as the real server writes it (status also belongs in the HTTP status). */
export function encodeErrorReply(status: number, message: string): string {
  const payload: ErrorPayload = { status, message };
  const reply: ReplyEnvelope = {
    payloadtype: "error",
    payload: encodeBase64(JSON.stringify(payload)),
    error: true,
  };
  return JSON.stringify(reply);
}

function snippet(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function isReplyEnvelope(value: unknown): value is ReplyEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ReplyEnvelope).payload === "string" &&
    typeof (value as ReplyEnvelope).error === "boolean"
  );
}

/**
 * Decodes a reply body to its payload value (int64 fields as bigint, `null` kept as null).
 * Error envelopes throw `ColoniesError` with the server's status and message; a body that is not an
 * envelope throws `ColoniesError` with the HTTP status (0 when unknown).
 */
export function decodeReply(text: string, httpStatus = 0, msgtype?: string): unknown {
  if (text.trim() === "") {
    throw new ColoniesError(
      httpStatus,
      `Colonies server sent an empty reply (HTTP ${httpStatus}); the real server does so for getcolonystatsmsg when the signer is not a member of the colony`,
      msgtype,
    );
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new ColoniesError(
      httpStatus,
      `Not a Colonies reply envelope (HTTP ${httpStatus}): ${snippet(text)}`,
      msgtype,
    );
  }
  if (!isReplyEnvelope(envelope)) {
    throw new ColoniesError(
      httpStatus,
      `Not a Colonies reply envelope (HTTP ${httpStatus}): ${snippet(text)}`,
      msgtype,
    );
  }
  let value: unknown;
  try {
    value = parseJson(decodeBase64(envelope.payload));
  } catch {
    throw new ColoniesError(
      httpStatus,
      `Colonies reply payload is not base64 JSON: ${snippet(envelope.payload)}`,
      msgtype,
    );
  }
  if (envelope.error) {
    const error = (value ?? {}) as Partial<Record<keyof ErrorPayload, unknown>>;
    // v1.9.12 sends status as an int; older servers sent a string.
    const status = Number(error.status ?? httpStatus) || httpStatus;
    throw new ColoniesError(status, String(error.message ?? `Colonies error (HTTP ${httpStatus})`), msgtype);
  }
  return value;
}
