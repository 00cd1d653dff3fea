/**
 * Generators on the embedded server: packed args trigger a workflow by count and by timeout, the roots get
 * the packed args (kwargs emptied), non-roots keep theirs; a trigger below 1 is refused (documented deviation).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import type { Process } from "../../lib/colonies-sdk/types.ts";
import { approvedExecutor, type Fixture, startFixture } from "../support/colonies-server.ts";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ checkerPeriodMs: 100 });
});
afterAll(() => f.close());

function workflow(executortype: string) {
  const root = funcSpec({
    nodename: "root",
    funcname: "sum",
    args: ["ignored"],
    kwargs: { k: 1 },
    colonyname: "dev",
    executortype,
  });
  const child = funcSpec({
    nodename: "child",
    funcname: "report",
    args: ["kept"],
    kwargs: {},
    colonyname: "dev",
    executortype,
  });
  child.conditions.dependencies = ["root"];
  return JSON.stringify({ colonyname: "dev", functionspecs: [root, child] });
}

async function waitingOf(executortype: string, expected: number): Promise<Process[]> {
  for (;;) {
    const waiting = await f.client.getProcesses(
      { colonyname: "dev", state: 0, count: 100, executortype },
      f.user.prvkey,
    );
    if (waiting.length >= expected) return waiting;
    await Bun.sleep(50);
  }
}

test("reaching the trigger count submits one workflow per `trigger` packed args, FIFO", async () => {
  const type = "gen-count";
  const g = await f.client.addGenerator(
    { colonyname: "dev", name: "by-count", workflowspec: workflow(type), trigger: 2, timeout: 0 },
    f.user.prvkey,
  );
  for (const arg of ["a", "b", "c", "d", "e"])
    await f.client.packGenerator(g.generatorid, arg, f.user.prvkey);
  const waiting = await waitingOf(type, 4); // 2 workflows × (root + child)
  const roots = waiting.filter((p) => p.spec.nodename === "root");
  const children = waiting.filter((p) => p.spec.nodename === "child");
  expect(roots.map((p) => p.spec.args)).toEqual([
    ["a", "b"],
    ["c", "d"],
  ]);
  expect(roots.every((p) => JSON.stringify(p.spec.kwargs) === "{}")).toBe(true);
  expect(children.map((p) => p.spec.args)).toEqual([["kept"], ["kept"]]);
  expect(children.every((p) => p.waitforparents)).toBe(true);
  expect(roots[0]!.initiatorname).toBe("myuser");
  const after = await f.client.getGenerator(g.generatorid, f.user.prvkey);
  expect(after.queuesize).toBe(1);
  expect(after.lastrun).not.toBe("0001-01-01T00:00:00Z");

  // The workflow runs: the child gets the root's output.
  const e = await approvedExecutor(f, type);
  const root = (await f.client.assign("dev", -1, e.prvkey))!;
  expect(root.spec.nodename).toBe("root");
  await f.client.closeSuccessful(root.processid, ["sum-of-a-b"], e.prvkey);
  const next = (await f.client.assign("dev", -1, e.prvkey))!;
  const child = next.spec.nodename === "child" ? next : (await f.client.assign("dev", -1, e.prvkey))!;
  expect(child.in).toEqual(["sum-of-a-b"]);
});

test("the timeout submits what is queued when the count is not reached", async () => {
  const type = "gen-timeout";
  const g = await f.client.addGenerator(
    { colonyname: "dev", name: "by-timeout", workflowspec: workflow(type), trigger: 10, timeout: 1 },
    f.user.prvkey,
  );
  await f.client.packGenerator(g.generatorid, "only", f.user.prvkey);
  await f.client.packGenerator(g.generatorid, "two", f.user.prvkey);
  const waiting = await waitingOf(type, 2);
  expect(waiting.find((p) => p.spec.nodename === "root")!.spec.args).toEqual(["only", "two"]);
  expect((await f.client.getGenerator(g.generatorid, f.user.prvkey)).queuesize).toBe(0);
});

test("a trigger below 1 is refused with a clear 400 (the real server divides by zero)", async () => {
  for (const trigger of [0, -1]) {
    await expect(
      f.client.addGenerator(
        { colonyname: "dev", name: `bad-${trigger}`, workflowspec: workflow("x"), trigger, timeout: 1 },
        f.user.prvkey,
      ),
    ).rejects.toMatchObject({
      status: 400,
      message: `Failed to add generator, trigger must be at least 1 (got ${trigger})`,
    });
  }
});

test("a workflowspec that is not JSON or has bad dependencies is refused", async () => {
  await expect(
    f.client.addGenerator(
      { colonyname: "dev", name: "bad-json", workflowspec: "{nope", trigger: 1, timeout: 0 },
      f.user.prvkey,
    ),
  ).rejects.toMatchObject({ status: 400 });
  const broken = JSON.parse(workflow("x"));
  broken.functionspecs[1].conditions.dependencies = ["missing"];
  await expect(
    f.client.addGenerator(
      { colonyname: "dev", name: "bad-deps", workflowspec: JSON.stringify(broken), trigger: 1, timeout: 0 },
      f.user.prvkey,
    ),
  ).rejects.toMatchObject({
    status: 400,
    message:
      "Failed to submit workflow, invalid dependencies, are you depending on a nodename that does not exits?",
  });
});
