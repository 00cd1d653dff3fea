/**
 * `colonies generator ls|get|rm` against the embedded server on the test stack: tables in the colonies
 * CLI's style, --json, lookups by id and by name, removal, and clear errors.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ensureGenerator, packIntoGenerator } from "../../../lib/batching/generator.ts";
import { anomalyWorkflowSpec } from "../../../lib/batching/workflow.ts";
import { runGeneratorCli } from "../../../lib/colonies-cli/commands/generator.ts";
import { parseJson } from "../../../lib/colonies-sdk/index.ts";
import { runScript } from "../../support/child.ts";
import { startStack, type TestStack } from "../../support/stack.ts";

let stack: TestStack;
let batchId: string;

beforeAll(async () => {
  stack = await startStack();
  const key = stack.keys.user.prvkey;
  const workflow = anomalyWorkflowSpec({ colonyname: stack.colonyname, db: stack.storeUrl });
  for (const [name, trigger, timeout] of [
    ["nightly", 10, 30],
    ["manual", 5, 0],
  ] as const) {
    const { generator } = await ensureGenerator(
      stack.colonies,
      { colonyname: stack.colonyname, name, trigger, timeout, workflow },
      key,
    );
    if (name === "nightly") batchId = generator.generatorid;
  }
  await packIntoGenerator(stack.colonies, batchId, ["s1", "s2", "s3"], key);
});

afterAll(async () => {
  await stack?.stop();
});

async function cli(...argv: string[]): Promise<string> {
  const printed: string[] = [];
  await runGeneratorCli(argv, { print: (text) => printed.push(text), env: stack.env });
  return printed.join("\n");
}

describe("colonies generator", () => {
  test("ls prints a rounded table of the colony's generators", async () => {
    const out = await cli("ls");
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^╭─+┬/);
    expect(lines[1]).toMatch(/^│ NAME +│ GENERATORID +│ TRIGGER │ TIMEOUT │ LASTRUN │ INITIATOR │$/);
    expect(out).toMatch(new RegExp(`│ nightly +│ ${batchId} │ 10 +│ 30 s +│ never +│ myuser +│`));
    expect(out).toMatch(/│ manual +│ [0-9a-f]{64} │ 5 +│ never +│ never +│ myuser +│/);
    expect(lines.at(-1)).toMatch(/^╰─+┴/);
  });

  test("ls --json prints the records", async () => {
    const generators = parseJson(await cli("ls", "--json")) as { name: string }[];
    expect(generators.map((g) => g.name).toSorted()).toEqual(["manual", "nightly"]);
  });

  test("get by id or name shows the live queue size and the workflow", async () => {
    const byId = await cli("get", "-g", batchId);
    const byName = await cli("get", "--name", "nightly");
    expect(byName).toBe(byId);
    expect(byId).toContain("│ Generator");
    expect(byId).toMatch(/│ QueueSize +│ 3 +│/);
    expect(byId).toMatch(/│ Trigger +│ 10 +│/);
    expect(byId).toMatch(/│ Workflow +│ anomaly \(anomaly-executor\) +│/);
    expect(byId).toMatch(new RegExp(`│ Store +│ ${stack.storeUrl} +│`));
  });

  test("rm removes the generator", async () => {
    const workflow = anomalyWorkflowSpec({ colonyname: stack.colonyname, db: stack.storeUrl });
    const settings = { colonyname: stack.colonyname, name: "scratch", trigger: 2, timeout: 0, workflow };
    await ensureGenerator(stack.colonies, settings, stack.keys.user.prvkey);
    expect(await cli("rm", "--name", "scratch")).toMatch(/^Generator scratch \([0-9a-f]{64}\) removed$/);
    const left = parseJson(await cli("ls", "--json")) as { name: string }[];
    expect(left.map((g) => g.name)).not.toContain("scratch");
    await expect(cli("get", "--name", "scratch")).rejects.toThrow('no generator named "scratch"');
  });

  test("mistakes get messages that say what to do", async () => {
    await expect(cli("get")).rejects.toThrow("name the generator with -g/--generatorid ID or --name NAME");
    await expect(cli("get", "--name", "nope")).rejects.toThrow('no generator named "nope" in colony dev');
    await expect(cli("rename")).rejects.toThrow('unknown command "generator rename"');
    await expect(cli("ls", "--bogus")).rejects.toThrow("unknown flag --bogus");
    expect(await cli()).toContain("generator ls [--count N]");
  });

  test("bun run colonies generator ls goes through the same command", async () => {
    const run = await runScript("scripts/colonies.ts", ["generator", "ls"], stack.env);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`│ nightly +│ ${batchId} │ 10 +│`));
    const bad = await runScript("scripts/colonies.ts", ["generator", "get"], stack.env);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("name the generator with -g/--generatorid ID or --name NAME");
  });
});
