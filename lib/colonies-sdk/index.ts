/** Colonies SDK public API. */
export {
  ASSIGN_HTTP_MARGIN_MS,
  ColoniesClient,
  type ColoniesClientOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from "./client.ts";
export {
  COLONIES_ENV_VARS,
  type ColoniesConfig,
  coloniesBaseUrl,
  DEFAULT_COLONIES_HOST,
  DEFAULT_COLONIES_PORT,
  DEFAULT_COLONY_NAME,
  loadColoniesConfig,
  type OptionalColoniesSetting,
  requireKeys,
} from "./config.ts";
export {
  ColoniesCryptoError,
  generatePrivateKey,
  idFromPrivateKey,
  isValidPrivateKey,
  recoverId,
  sha3Hex,
  sign,
} from "./crypto.ts";
export {
  type ColoniesMessage,
  decodeBase64,
  decodePayload,
  decodeReply,
  encodeBase64,
  encodeErrorReply,
  encodeReply,
  encodeRequest,
  parseJson,
  stringifyJson,
  UNSIGNED_MSGTYPES,
} from "./envelope.ts";
export { ColoniesConfigError, ColoniesConnectionError, ColoniesError } from "./errors.ts";
export {
  COLONIES_SERVERS_ENV,
  mayTryNextServer,
  neverDelivered,
  parseServerList,
  RESENDABLE_MSGTYPES,
  type ServerAddress,
} from "./failover.ts";
export { type GetLogsQuery, type GetProcessesQuery, messages, type SearchLogsQuery } from "./messages.ts";
export { recoverSignerId, signPayload } from "./signer.ts";
export { type FuncSpecOptions, funcSpec, PRIORITY_RANGE } from "./spec.ts";
export * from "./types.ts";
