/** Worker side of the signature-recovery pool: recovers signer ids off the server's event loop. */
import { ColoniesCryptoError } from "../../lib/colonies-sdk/crypto.ts";
import { recoverSignerId } from "../../lib/colonies-sdk/signer.ts";
import type { RecoverReply, RecoverRequest } from "./pool.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent<RecoverRequest>) => {
  const { id, payload, signature } = event.data;
  let reply: RecoverReply;
  try {
    reply = { id, signer: recoverSignerId(payload, signature) };
  } catch (error) {
    reply = {
      id,
      error:
        error instanceof ColoniesCryptoError ? error.message : `Failed to recover signer: ${String(error)}`,
    };
  }
  self.postMessage(reply);
};
