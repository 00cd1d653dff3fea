/**
 * The embedded server remembers colonies, executors and users between requests (embedded-colonies/db/identity-memo.ts).
 * Each test first makes the server remember an identity (a request that is let through or refused), then
 * changes it and shows that the very next request sees the change: a rejected or removed executor is refused
 * at once, a newly added user, colony or executor is accepted at once (also one written into the file by
 * setup while the server runs), and a restart forgets nothing it needs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { registerInDatabase } from "../../embedded-colonies/bootstrap.ts";
import type { DevEnv } from "../../lib/colonies-sdk/dev-colony.ts";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import {
  approvedExecutor,
  errorOf,
  type Fixture,
  identity,
  send,
  startFixture,
} from "../support/colonies-server.ts";

let f: Fixture;

beforeAll(async () => {
  f = await startFixture({ allowExecutorReregister: true });
});
afterAll(() => f.close());

const notMember = { status: 403, message: "Access denied, not a member of Colony with name <dev>" };

/** Status and text of a signed message's reply (200 with an empty text when it succeeded). */
async function outcome(message: { msgtype: string }, key: string) {
  const reply = await send(f.server.url, message, key);
  return reply.envelope.error ? errorOf(reply) : { status: reply.status, message: "" };
}

/** An assign that finds nothing to do: allowed (404 no process) or refused (403). */
const assignOutcome = (key: string) => outcome(messages.assign("dev", -1), key);
const noWork = { status: 404, message: "No process available for assignment" };

describe("remembered identities follow every change at once", () => {
  test("rejecting, approving and removing an executor take effect on the next request", async () => {
    const exec = await approvedExecutor(f, "memo-a");
    expect(await assignOutcome(exec.prvkey)).toEqual(noWork);
    expect(await assignOutcome(exec.prvkey)).toEqual(noWork);

    await f.client.rejectExecutor("dev", exec.name, f.colony.prvkey);
    expect(await assignOutcome(exec.prvkey)).toEqual(notMember);

    await f.client.approveExecutor("dev", exec.name, f.colony.prvkey);
    expect(await assignOutcome(exec.prvkey)).toEqual(noWork);

    await f.client.removeExecutor("dev", exec.name, f.colony.prvkey);
    expect(await assignOutcome(exec.prvkey)).toEqual(notMember);
  });

  test("a removed executor can no longer log to, or close, the process it was running", async () => {
    const exec = await approvedExecutor(f, "memo-b");
    const submitted = await f.client.submitFunctionSpec(
      funcSpec({ funcname: "job", colonyname: "dev", executortype: "memo-b" }),
      f.user.prvkey,
    );
    const assigned = await f.client.assign("dev", -1, exec.prvkey);
    expect(assigned?.processid).toBe(submitted.processid);
    expect(await outcome(messages.addLog(submitted.processid, "first"), exec.prvkey)).toEqual({
      status: 200,
      message: "",
    });

    await f.client.removeExecutor("dev", exec.name, f.colony.prvkey);
    expect(await outcome(messages.addLog(submitted.processid, "second"), exec.prvkey)).toEqual(notMember);
    expect(await outcome(messages.closeSuccessful(submitted.processid, []), exec.prvkey)).toEqual(notMember);
    // Its process went back to the queue, and another executor gets it.
    const next = await approvedExecutor(f, "memo-b");
    expect((await f.client.assign("dev", -1, next.prvkey))?.processid).toBe(submitted.processid);
  });

  test("an id refused as a stranger is accepted as soon as it is added as a user", async () => {
    const newcomer = identity();
    expect(
      await outcome(messages.getProcesses({ colonyname: "dev", count: 10, state: 0 }), newcomer.prvkey),
    ).toEqual(notMember);
    await f.client.addUser(
      { colonyname: "dev", userid: newcomer.id, name: "newcomer", email: "", phone: "" },
      f.colony.prvkey,
    );
    expect(
      (await outcome(messages.getProcesses({ colonyname: "dev", count: 10, state: 0 }), newcomer.prvkey))
        .status,
    ).toBe(200);
  });

  test("an unknown colony is found as soon as it is added", async () => {
    const owner = identity();
    const member = identity();
    const missing = { status: 403, message: "Colony with name <later> does not exists" };
    expect(await outcome(messages.getColony("later"), member.prvkey)).toEqual(missing);
    await f.client.addColony({ colonyid: owner.id, name: "later" }, f.serverKey.prvkey);
    expect(await outcome(messages.getColony("later"), member.prvkey)).toEqual({
      status: 403,
      message: "Access denied, not a member of Colony with name <later>",
    });
    await f.client.addUser(
      { colonyname: "later", userid: member.id, name: "member", email: "", phone: "" },
      owner.prvkey,
    );
    expect(await outcome(messages.getColony("later"), member.prvkey)).toEqual({ status: 200, message: "" });
  });

  test("a colony and user that setup writes into the running server's file are found at once", async () => {
    const [colony, user] = [identity(), identity()];
    const env: DevEnv = {
      COLONIES_SERVER_PRVKEY: f.serverKey.prvkey,
      COLONIES_SERVER_ID: f.serverKey.id,
      COLONIES_COLONY_NAME: "written",
      COLONIES_COLONY_PRVKEY: colony.prvkey,
      COLONIES_COLONY_ID: colony.id,
      COLONIES_PRVKEY: user.prvkey,
      COLONIES_ID: user.id,
    };
    const missing = { status: 403, message: "Colony with name <written> does not exists" };
    expect(await outcome(messages.getColony("written"), user.prvkey)).toEqual(missing);
    registerInDatabase(f.databasePath, env);
    expect(await outcome(messages.getColony("written"), user.prvkey)).toEqual({ status: 200, message: "" });
  });

  test("an id first seen as a stranger is an executor once added, and must still be approved", async () => {
    const key = identity();
    expect(await assignOutcome(key.prvkey)).toEqual(notMember);
    expect(await outcome(messages.getExecutors("dev"), key.prvkey)).toEqual(notMember);
    await f.client.addExecutor(
      { executorname: "memo-late", executorid: key.id, colonyname: "dev", executortype: "memo-c" },
      f.colony.prvkey,
    );
    // Listing executors needs membership, not approval.
    expect((await outcome(messages.getExecutors("dev"), key.prvkey)).status).toBe(200);
    expect(await assignOutcome(key.prvkey)).toEqual(notMember);
    await f.client.approveExecutor("dev", "memo-late", f.colony.prvkey);
    expect(await assignOutcome(key.prvkey)).toEqual(noWork);
  });

  test("re-registering a name starts the new record pending, and the old id is refused", async () => {
    const first = await approvedExecutor(f, "memo-d", "memo-again");
    expect(await assignOutcome(first.prvkey)).toEqual(noWork);
    const second = identity();
    await f.client.addExecutor(
      { executorname: "memo-again", executorid: second.id, colonyname: "dev", executortype: "memo-d" },
      f.colony.prvkey,
    );
    expect(await assignOutcome(first.prvkey)).toEqual(notMember);
    expect(await assignOutcome(second.prvkey)).toEqual(notMember);
    await f.client.approveExecutor("dev", "memo-again", f.colony.prvkey);
    expect(await assignOutcome(second.prvkey)).toEqual(noWork);
    expect(await assignOutcome(first.prvkey)).toEqual(notMember);
  });

  test("an assign's last-heard-from time shows in the next getexecutorbyidmsg", async () => {
    const exec = await approvedExecutor(f, "memo-f");
    const before = await f.client.getExecutorById("dev", exec.id, f.user.prvkey);
    expect(before.lastheardfromtime).toBe("0001-01-01T00:00:00Z");
    expect(await assignOutcome(exec.prvkey)).toEqual(noWork);
    const after = await f.client.getExecutorById("dev", exec.id, f.user.prvkey);
    expect(Date.parse(after.lastheardfromtime)).toBeGreaterThan(Date.now() - 60_000);
  });

  test("after a restart the stored identities answer as before", async () => {
    const exec = await approvedExecutor(f, "memo-e");
    const rejected = await approvedExecutor(f, "memo-e");
    await f.client.rejectExecutor("dev", rejected.name, f.colony.prvkey);
    await f.restart();
    expect(await assignOutcome(exec.prvkey)).toEqual(noWork);
    expect(await assignOutcome(rejected.prvkey)).toEqual(notMember);
  });
});
