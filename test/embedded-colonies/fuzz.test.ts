/**
 * Seeded fuzz of the embedded Colonies server: thousands of signed, malformed messages (test/support/
 * fuzz-messages.ts). None may get the generic "Internal error" 500 (an unhandled throw), and after each batch
 * the colony still works end to end: a new process is assigned to an executor and closed, and the colony's
 * processes list. FUZZ_SEED repeats a run; FUZZ_COUNT makes it longer.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { errorOf, type Fixture, send, startFixture } from "../support/colonies-server.ts";
import {
  colonyStillWorks,
  fuzzMessages,
  type PreparedFuzzColony,
  prepareFuzzColony,
} from "../support/fuzz-messages.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const BATCH = 100;

let f: Fixture;
let colony: PreparedFuzzColony;

beforeAll(async () => {
  f = await startFixture();
  colony = await prepareFuzzColony({
    url: f.server.url,
    client: f.client,
    colonyname: f.colonyname,
    colonyPrvkey: f.colony.prvkey,
    userPrvkey: f.user.prvkey,
  });
});
afterAll(() => f.close());

test(`${COUNT} malformed messages (seed ${SEED}): no unhandled error, the colony works after every batch of ${BATCH}`, async () => {
  const all = fuzzMessages(SEED, COUNT, colony.target);
  const statuses = new Map<number, number>();
  for (let start = 0; start < all.length; start += BATCH) {
    for (const [i, fuzz] of all.slice(start, start + BATCH).entries()) {
      const reply = await send(f.server.url, fuzz.message, f.user.prvkey);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      const what = `message ${start + i} (${fuzz.base}: ${fuzz.changes.join(", ")})`;
      const internal = reply.status === 500 && /^Internal error/.test(errorOf(reply).message);
      expect({ what, internal }).toEqual({ what, internal: false });
    }
    expect({ after: start + BATCH, works: await colonyStillWorks(colony) }).toEqual({
      after: start + BATCH,
      works: true,
    });
    const listed = await send(
      f.server.url,
      messages.getProcesses({ colonyname: f.colonyname, count: 100, state: 0 }),
      f.user.prvkey,
    );
    expect(listed.status).toBe(200);
  }
  // Refused in several ways and sometimes accepted: a fuzzer that only ever hits one answer tests nothing.
  expect([...statuses.keys()].filter((status) => status !== 200).length).toBeGreaterThan(2);
  expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
}, 300_000);
