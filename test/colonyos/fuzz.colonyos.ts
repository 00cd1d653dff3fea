/**
 * The seeded fuzz of test/embedded-colonies/fuzz.test.ts against both servers: the same malformed messages in
 * the same order, each answered with the same status by the embedded and the real server (the exceptions
 * below, each with its reason), and after each batch both colonies still work end to end.
 */
import { beforeAll, expect, test } from "bun:test";
import { errorOf, send } from "../support/colonies-server.ts";
import {
  colonyStillWorks,
  type FuzzMessage,
  fuzzMessages,
  type PreparedFuzzColony,
  prepareFuzzColony,
} from "../support/fuzz-messages.ts";
import { type BackendName, useBackends } from "./backends.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const COUNT = Number(process.env.FUZZ_COUNT ?? 1000);
const BATCH = 100;

const servers = useBackends();

interface Answer {
  status: number;
  message: string;
}

/** Where the servers may answer differently, each with its reason (docs/embedded-server.md lists them). */
const EXCEPTIONS: { reason: string; applies(fuzz: FuzzMessage, embedded: Answer, real: Answer): boolean }[] =
  [
    {
      reason:
        "a cpu quantity without the m suffix: the real server reads it as 0 whatever it says; ours reads cores (2 = 2000m) and refuses what is not a number",
      applies: (fuzz, embedded, real) =>
        fuzz.changes.some((change) => change.startsWith("cpu = ")) &&
        /^Invalid CPU value|failed to add process$/.test(embedded.message) &&
        real.status === 200,
    },
    {
      reason:
        "time limits that would expire at once (maxexectime 0, also when left out, or < -1; maxwaittime < -1): refused by the embedded server only",
      applies: (_fuzz, embedded, real) =>
        / would (expire|fail) at once; /.test(embedded.message) && real.status === 200,
    },
  ];

const sides = {} as Record<BackendName, PreparedFuzzColony & { name: BackendName }>;

beforeAll(async () => {
  for (const b of [servers().embedded, servers().real]) {
    const colony = await prepareFuzzColony({
      url: b.url,
      client: b.client,
      colonyname: b.colonyname,
      colonyPrvkey: b.keys.COLONIES_COLONY_PRVKEY,
      userPrvkey: b.keys.COLONIES_PRVKEY,
    });
    sides[b.name] = { ...colony, name: b.name };
  }
}, 120_000);

test(`${COUNT} malformed messages (seed ${SEED}): both servers answer each with the same status`, async () => {
  const streams = {
    embedded: fuzzMessages(SEED, COUNT, sides.embedded.target),
    real: fuzzMessages(SEED, COUNT, sides.real.target),
  };
  const differences: string[] = [];
  for (let start = 0; start < COUNT; start += BATCH) {
    for (let i = start; i < Math.min(COUNT, start + BATCH); i++) {
      const answers = await Promise.all(
        (["embedded", "real"] as const).map(async (name) => {
          const side = sides[name];
          const fuzz = streams[name][i] as FuzzMessage;
          const reply = await send(side.url, fuzz.message, side.userPrvkey);
          return { status: reply.status, message: reply.status === 200 ? "" : errorOf(reply).message };
        }),
      );
      const [embedded, real] = answers as [Answer, Answer];
      const fuzz = streams.embedded[i] as FuzzMessage;
      if (embedded.status !== real.status && !EXCEPTIONS.some((e) => e.applies(fuzz, embedded, real)))
        differences.push(
          `${i} ${fuzz.base} (${fuzz.changes.join(", ")}): embedded ${embedded.status} ${embedded.message.slice(0, 90)} | real ${real.status} ${real.message.slice(0, 90)}`,
        );
    }
    for (const side of Object.values(sides))
      expect({ server: side.name, works: await colonyStillWorks(side) }).toEqual({
        server: side.name,
        works: true,
      });
  }
  expect(differences).toEqual([]);
}, 600_000);
