/** The real server's reply envelope: text/plain body {"payloadtype","payload"(base64 JSON),"error"}. */
import { decodeBase64, encodeErrorReply, encodeReply } from "../../lib/colonies/envelope.ts";

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

/** Go decodes the envelope into three strings: missing = "", wrong JSON type = error. */
export function parseRequestEnvelope(text: string): RequestEnvelope | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return `Failed to parse the request envelope as JSON: ${(error as Error).message}`;
  }
  if (raw === null) return { payloadtype: "", payload: "", signature: "" };
  if (typeof raw !== "object" || Array.isArray(raw))
    return "Failed to parse the request envelope: expected a JSON object {payloadtype, payload, signature}";
  const o = raw as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of ["payloadtype", "payload", "signature"]) {
    const v = o[key];
    if (v === undefined || v === null) out[key] = "";
    else if (typeof v === "string") out[key] = v;
    else return `Failed to parse the request envelope: field ${key} must be a string`;
  }
  return out as unknown as RequestEnvelope;
}

export { decodeBase64 };
