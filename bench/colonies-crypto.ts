/**
 * Cost of the Colonies crypto and envelope work per request (run by hand: `bun bench/colonies-crypto.ts`).
 * Prints microseconds per operation (median of 5 rounds): first sign and recover on each secp256k1
 * backend side by side, then the SDK's operations on the backend COLONIES_CRYPTO selects.
 */
import { sha3_256 } from "@noble/hashes/sha3.js";
import { hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { cryptoBackend, idFromPrivateKey, recoverId, sign } from "../lib/colonies-sdk/crypto.ts";
import { decodeReply, encodeReply, encodeRequest } from "../lib/colonies-sdk/envelope.ts";
import { messages } from "../lib/colonies-sdk/messages.ts";
import type { Secp256k1Backend } from "../lib/colonies-sdk/secp256k1/backend.ts";
import { loadNativeBackend } from "../lib/colonies-sdk/secp256k1/native.ts";
import { nobleBackend } from "../lib/colonies-sdk/secp256k1/noble.ts";
import { recoverSignerId } from "../lib/colonies-sdk/signer.ts";
import { funcSpec } from "../lib/colonies-sdk/spec.ts";

parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/colonies-crypto.ts",
    summary:
      "Microseconds per Colonies crypto / envelope operation (median of 5 rounds); sign and recover on both secp256k1 backends.",
    flags: {},
  }),
);

const prvkey = "6d2fb6f546bacfd98c68769e61e0b44a697a30596c018a50e28200aa59b01c0a";
const assignEnvelope = encodeRequest(messages.assign("dev", 10), prvkey);

function measure(name: string, iterations: number, operation: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(iterations, 50); i++) operation(i); // warm-up (JIT, noble's base-point tables)
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = Bun.nanoseconds();
    for (let i = 0; i < iterations; i++) operation(i);
    rounds.push((Bun.nanoseconds() - start) / iterations / 1000);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[2]!;
  console.log(
    `${name.padEnd(52)} ${median.toFixed(1).padStart(8)} µs/op  ${Math.round(1e6 / median)
      .toString()
      .padStart(8)} ops/s`,
  );
  return median;
}

/** sign and recover as crypto.ts does them (sha3 of the message included), on one backend. */
function compareBackends(backends: readonly Secp256k1Backend[]): void {
  const key = hexToBytes(prvkey);
  const signature = hexToBytes(assignEnvelope.signature);
  const results = backends.map((backend) => ({
    name: backend.name,
    sign: measure(`sign, ${backend.name}`, 400, (i) =>
      backend.sign(sha3_256(utf8ToBytes(`payload-${i}`)), key),
    ),
    recover: measure(`recover, ${backend.name}`, 400, () =>
      backend.recover(
        sha3_256(utf8ToBytes(assignEnvelope.payload)),
        signature.subarray(0, 64),
        signature[64]!,
      ),
    ),
  }));
  const [noble, native] = results;
  if (noble && native)
    console.log(
      `libsecp256k1 against noble: sign ${(noble.sign / native.sign).toFixed(1)}× faster, recover ${(noble.recover / native.recover).toFixed(1)}× faster\n`,
    );
}

const process = {
  processid: "7b89e31868d23285b3cc0b3d98a61b35eea0f816f6fdc9c238fe387873ba3a36",
  prioritytime: 1726136699123456000n,
  state: 1,
  spec: funcSpec({
    funcname: "anomaly",
    args: ["a", "b"],
    colonyname: "dev",
    executortype: "anomaly-executor",
  }),
  in: [],
  out: [],
  errors: [],
};
const processReply = encodeReply("assignprocessmsg", process);

console.log(`Bun ${Bun.version}, ${navigator.hardwareConcurrency} CPUs`);
let native: Secp256k1Backend | undefined;
try {
  native = loadNativeBackend();
} catch (error) {
  console.log(`libsecp256k1 does not load here (${(error as Error).message}): noble alone`);
}
compareBackends(native ? [nobleBackend, native] : [nobleBackend]);
console.log(
  `The SDK's operations, on ${cryptoBackend()} (COLONIES_CRYPTO=${Bun.env.COLONIES_CRYPTO ?? "auto"}):`,
);
measure("sign (secp256k1 + sha3, RFC 6979)", 400, (i) => sign(`payload-${i}`, prvkey));
measure(
  "recoverId (server-side verification)",
  400,
  (i) => recoverId(assignEnvelope.payload, assignEnvelope.signature) && i,
);
measure("recoverSignerId, repeated envelope (memo hit)", 20_000, () =>
  recoverSignerId(assignEnvelope.payload, assignEnvelope.signature),
);
measure("idFromPrivateKey", 400, () => idFromPrivateKey(prvkey));
measure("encodeRequest, new payload (closeSuccessful)", 400, (i) =>
  encodeRequest(messages.closeSuccessful(`process-${i}`, []), prvkey),
);
measure("encodeRequest, repeated payload (assign, memo hit)", 20_000, () =>
  encodeRequest(messages.assign("dev", 10), prvkey),
);
measure("decodeReply, one Process with int64 prioritytime", 20_000, () => decodeReply(processReply, 200));
