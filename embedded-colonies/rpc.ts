/**
 * One POST /api request, in the real server's order (docs/protocol.md §1): envelope (400) → unsigned
 * version/serverinfo → signature recovery (403) → payload type (403) → message decode (400) → msgtype (400)
 * → role checks and the operation. Every outcome is a reply envelope; nothing here throws.
 */
import { ColoniesCryptoError } from "../lib/colonies-sdk/crypto.ts";
import { parseJson } from "../lib/colonies-sdk/json.ts";
import { ColoniesServerError } from "./errors.ts";
import { MESSAGE_HANDLERS } from "./handlers/index.ts";
import type { ServerContext } from "./handlers/types.ts";
import { decodeBase64, parseRequestEnvelope, replyError, replyOk } from "./wire/envelope.ts";
import { InvalidMessageError, isObject, type JsonObject, readString } from "./wire/fields.ts";

export const BUILD_VERSION = "v1.9.12-bun";
export const BUILD_TIME = "embedded";

export type RecoverSigner = (payload: string, signature: string) => string | Promise<string>;

function unsignedReply(ctx: ServerContext, payloadtype: string, payload: string): Response {
  if (payloadtype === "getserverinfomsg") {
    const backend: Record<string, unknown> = { type: "http", port: ctx.port };
    if (ctx.hostname !== "") backend.host = ctx.hostname;
    return replyOk(payloadtype, { buildversion: BUILD_VERSION, buildtime: BUILD_TIME, backends: [backend] });
  }
  const message = decodeMessage(payload);
  if (message === undefined) return replyError(400, "Failed to get server version, invalid JSON");
  if ((message === null ? "" : message.msgtype) !== payloadtype)
    return replyError(400, "Failed to get server version, msg.MsgType does not match payloadType");
  return replyOk(payloadtype, { msgtype: "versionmsg", buildversion: BUILD_VERSION, buildtime: BUILD_TIME });
}

/** The message object, null for JSON null, undefined when it is not a JSON object. */
function decodeMessage(payload: string): JsonObject | null | undefined {
  try {
    const value = parseJson(decodeBase64(payload));
    if (value === null) return null;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function handleRpc(
  ctx: ServerContext,
  body: string,
  signal: AbortSignal,
  recoverSigner: RecoverSigner,
): Promise<Response> {
  const envelope = parseRequestEnvelope(body);
  if (typeof envelope === "string") return replyError(400, envelope);
  const { payloadtype, payload, signature } = envelope;
  if (payloadtype === "versionmsg" || payloadtype === "getserverinfomsg")
    return unsignedReply(ctx, payloadtype, payload);

  let signer: string;
  try {
    signer = await recoverSigner(payload, signature);
  } catch (error) {
    const message =
      error instanceof ColoniesCryptoError ? error.message : `Failed to recover signer: ${error}`;
    return replyError(403, message);
  }

  const handler = MESSAGE_HANDLERS.get(payloadtype);
  if (!handler) {
    return replyError(
      403,
      payloadtype === ""
        ? "invalid rpcMsg.PayloadType: empty (this usually means the client is misconfigured - check that COLONIES_PRVKEY and other environment variables are set correctly)"
        : `invalid rpcMsg.PayloadType: ${payloadtype}`,
    );
  }

  try {
    const message = decodeMessage(payload);
    if (message === undefined) return replyError(400, handler.invalidJson);
    const fields = message ?? {};
    const msgtype = readString(fields, "msgtype");
    const decoded = handler.decode(fields);
    if (msgtype !== payloadtype) return replyError(400, handler.mismatch);
    const result = await handler.run(ctx, { signer, signal }, decoded);
    return replyOk(payloadtype, result);
  } catch (error) {
    if (error instanceof InvalidMessageError) return replyError(400, handler.invalidJson);
    if (error instanceof ColoniesServerError) return replyError(error.status, error.message);
    console.error(`colonies: ${payloadtype} failed:`, error);
    return replyError(500, `Internal error while handling ${payloadtype}: ${(error as Error).message}`);
  }
}
