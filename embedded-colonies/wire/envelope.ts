/** The real server's reply envelope: text/plain body {"payloadtype","payload"(base64 JSON),"error"}. */
import { decodeBase64, encodeErrorReply, encodeReply } from "../../lib/colonies-sdk/envelope.ts";

const TEXT_PLAIN = { "content-type": "text/plain; charset=utf-8" };

export function replyOk(payloadtype: string, value: unknown): Response {
  return new Response(encodeReply(payloadtype, value), { status: 200, headers: TEXT_PLAIN });
}

export function replyError(status: number, message: string): Response {
  return new Response(encodeErrorReply(status, message), { status, headers: TEXT_PLAIN });
}

export interface RequestEnvelope {
  payloadtype: string;
  payload: string;
  signature: string;
}

/** Go's name for a JSON value's kind in its unmarshal errors. */
function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value === "object" ? "object" : typeof value;
}

/**
 * Go decodes the envelope into three strings: missing = "", wrong JSON type = error, with Go's texts.
 * Deviations (README): a body that is not JSON at all gets our parser's text, and `null` is an empty
 * envelope (the real server answers 500 with an empty body).
 */
export function parseRequestEnvelope(text: string): RequestEnvelope | string {
  if (text.trim() === "") return "unexpected end of JSON input";
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return `Failed to parse the request envelope as JSON: ${(error as Error).message}`;
  }
  if (raw === null) return { payloadtype: "", payload: "", signature: "" };
  if (typeof raw !== "object" || Array.isArray(raw))
    return `json: cannot unmarshal ${goJsonKind(raw)} into Go value of type rpc.RPCMsg`;
  const o = raw as Record<string, unknown>;
  const out: Record<string, string> = { payloadtype: "", payload: "", signature: "" };
  for (const [key, v] of Object.entries(o)) {
    if (!(key in out) || v === null) continue;
    if (typeof v !== "string")
      return `json: cannot unmarshal ${goJsonKind(v)} into Go struct field RPCMsg.${key} of type string`;
    out[key] = v;
  }
  return out as unknown as RequestEnvelope;
}

export { decodeBase64 };
