/**
 * Signed messages with out-of-range numbers, NUL bytes and the like get the real server's answers, nothing of
 * them is stored, and the colony keeps working: the poison message (maxwaittime 2^63) used to be stored and
 * then fail every assign and listing of its colony with 500 "Invalid Date".
 */

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import { approvedExecutor, errorOf, type Fixture, send, startFixture } from "../support/colonies-server.ts";
import { MALFORMED_CASES } from "../support/malformed-messages.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.close());

async function waitingProcesses(): Promise<unknown[]> {
  const reply = await send(
    f.server.url,
    messages.getProcesses({ colonyname: f.colonyname, count: 100, state: 0 }),
    f.user.prvkey,
  );
  expect(reply.status).toBe(200);
  return (reply.payload as unknown[] | null) ?? [];
}

describe("malformed but signed messages", () => {
  for (const c of MALFORMED_CASES) {
    test(`${c.name}: ${c.status}${c.error ? ` "${c.error}"` : ""}`, async () => {
      const before = (await waitingProcesses()).length;
      const reply = await send(f.server.url, c.message(f.colonyname), f.user.prvkey);
      expect(reply.status).toBe(c.status);
      if (c.error !== undefined) {
        expect(errorOf(reply).message).toBe(c.error);
        expect((await waitingProcesses()).length).toBe(before);
      }
    });
  }

  test("a process stored with a deadline no date can hold (before limits were checked) breaks no reply", async () => {
    const submitted = await f.client.submitFunctionSpec(
      funcSpec({ funcname: "old-poison", colonyname: f.colonyname, executortype: "old-poison" }),
      f.user.prvkey,
    );
    const db = new Database(f.databasePath);
    db.run("UPDATE processes SET waitdeadline = ?, execdeadline = ? WHERE processid = ?", [
      1e21,
      1e21,
      submitted.processid,
    ]);
    db.close();
    const listed = await waitingProcesses();
    const poisoned = listed.find((p) => (p as { processid: string }).processid === submitted.processid);
    expect((poisoned as { waitdeadline: string }).waitdeadline).toBe("9999-12-31T23:59:59.999999Z");
    const executor = await approvedExecutor(f, "old-poison");
    const assigned = await f.client.assign(f.colonyname, 5, executor.prvkey);
    expect(assigned?.processid).toBe(submitted.processid);
  });

  test("after all of them an executor is still assigned work and the colony lists its processes", async () => {
    const poison = await send(
      f.server.url,
      messages.submitFunctionSpec({
        ...funcSpec({ funcname: "f", colonyname: f.colonyname, executortype: "poison-test" }),
        maxwaittime: 2n ** 63n,
      } as never),
      f.user.prvkey,
    );
    expect(poison.status).toBe(400);
    const executor = await approvedExecutor(f, "poison-test");
    const submitted = await f.client.submitFunctionSpec(
      funcSpec({ funcname: "after-poison", colonyname: f.colonyname, executortype: "poison-test" }),
      f.user.prvkey,
    );
    const assigned = await f.client.assign(f.colonyname, 5, executor.prvkey);
    expect(assigned?.processid).toBe(submitted.processid);
    expect((await waitingProcesses()).length).toBeGreaterThan(0);
  });
});
