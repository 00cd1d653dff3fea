/**
 * Seeded malformed messages for the embedded server's fuzz tests: a valid message of each kind a colony
 * member sends, with one to three of its fields (at any depth) replaced by a wrong type, an out-of-range
 * number, a huge or NUL-carrying string or deep nesting, or removed, or joined by an unknown key.
 */
import type { ColoniesClient } from "../../lib/colonies-sdk/client.ts";
import { generatePrivateKey, idFromPrivateKey } from "../../lib/colonies-sdk/crypto.ts";
import type { ColoniesMessage } from "../../lib/colonies-sdk/envelope.ts";
import { stringifyJson } from "../../lib/colonies-sdk/json.ts";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import { Xoshiro128 } from "../../lib/signal/random.ts";

/** What the messages refer to on the server they are sent to. */
export interface FuzzTarget {
  colonyname: string;
  processid: string;
  executorname: string;
  generatorid: string;
}

type Json = unknown;

function nested(depth: number, leaf: Json, asArray: boolean): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { n: value };
  return value;
}

const NUMBERS: Json[] = [
  -1,
  0,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2n ** 63n,
  -(2n ** 63n) - 1n,
  1e308,
  -1e308,
  1.5,
  -0.5,
];
const STRINGS: Json[] = ["", "a\u0000b", "\u0000", "x".repeat(70_000), "日本語 ✓"];
const OTHERS: Json[] = [
  "x",
  12,
  true,
  null,
  [],
  {},
  [1, "a", null],
  { a: 1 },
  nested(40, "deep", true),
  nested(40, 1, false),
];
const REPLACEMENTS: Json[] = [...NUMBERS, ...STRINGS, ...OTHERS];

function baseMessages(t: FuzzTarget): ColoniesMessage[] {
  const spec = funcSpec({
    funcname: "fuzz",
    colonyname: t.colonyname,
    executortype: "fuzz-nobody",
    maxwaittime: 60,
  });
  return [
    messages.submitFunctionSpec({ ...spec, kwargs: { a: 1 }, label: "fuzz" }),
    messages.submitWorkflowSpec({ colonyname: t.colonyname, functionspecs: [{ ...spec, nodename: "a" }] }),
    messages.getProcess(t.processid),
    messages.getProcesses({ colonyname: t.colonyname, count: 10, state: 0 }),
    messages.removeProcess(t.processid),
    messages.closeSuccessful(t.processid, ["out"]),
    messages.closeFailed(t.processid, ["error"]),
    messages.setOutput(t.processid, [1]),
    messages.addLog(t.processid, "fuzz log line"),
    messages.getLogs({ colonyname: t.colonyname, processid: t.processid, count: 10 }),
    { msgtype: "searchlogsmsg", colonyname: t.colonyname, text: "fuzz", days: 1, count: 10 },
    messages.assign(t.colonyname, 1),
    messages.getExecutors(t.colonyname),
    { msgtype: "getexecutormsg", colonyname: t.colonyname, executorname: t.executorname },
    messages.getFunctions(t.colonyname, t.executorname),
    messages.getColonyStatistics(t.colonyname),
    messages.addGenerator({
      colonyname: t.colonyname,
      name: "fuzz-generator",
      workflowspec: { colonyname: t.colonyname, functionspecs: [spec] },
      trigger: 5,
      timeout: 60,
    }),
    messages.getGenerator(t.generatorid),
    messages.getGenerators(t.colonyname, 10),
    messages.packGenerator(t.generatorid, "fuzz-arg"),
    { msgtype: "getprocessgraphmsg", processgraphid: t.processid },
  ];
}

/** Every [holder, key] below the message's top level, msgtype excepted (a wrong msgtype is one known 400). */
function slots(value: Json, out: [Record<string, Json> | Json[], string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      slots(item, out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "msgtype") continue;
      out.push([value as Record<string, Json>, key]);
      slots(item, out);
    }
  }
  return out;
}

export interface FuzzMessage {
  /** Index of the base message it was made from, and what was changed (to read a failure). */
  base: string;
  changes: string[];
  message: ColoniesMessage;
}

/** `count` malformed messages for `target`; the same seed gives the same changes on any server. */
export function fuzzMessages(seed: number, count: number, target: FuzzTarget): FuzzMessage[] {
  const random = new Xoshiro128(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)] as T;
  const out: FuzzMessage[] = [];
  for (let i = 0; i < count; i++) {
    const base = pick(baseMessages(target));
    const message = structuredClone(base);
    const changes: string[] = [];
    const edits = 1 + Math.floor(random.next() * 3);
    for (let e = 0; e < edits; e++) {
      const candidates = slots(message);
      const roll = random.next();
      if (roll < 0.1 || candidates.length === 0) {
        (message as Record<string, Json>)[`unknown${e}`] = structuredClone(pick(REPLACEMENTS));
        changes.push(`added unknown${e}`);
        continue;
      }
      const [holder, key] = pick(candidates);
      if (roll < 0.2 && !Array.isArray(holder)) {
        delete holder[key as string];
        changes.push(`removed ${key}`);
      } else {
        // A number is mostly replaced by another number, a string by another string: the values a
        // decoder accepts by type and that must still be checked by range.
        const current = (holder as Record<string | number, Json>)[key];
        const pool =
          random.next() < 0.6 && typeof current === "number"
            ? NUMBERS
            : random.next() < 0.5 && typeof current === "string"
              ? STRINGS
              : REPLACEMENTS;
        const replacement = structuredClone(pick(pool));
        (holder as Record<string | number, Json>)[key] = replacement;
        changes.push(`${key} = ${describe(replacement)}`);
      }
    }
    out.push({ base: base.msgtype, changes, message });
  }
  return out;
}

function describe(value: Json): string {
  if (typeof value === "string")
    return value.length > 20 ? `"${value.slice(0, 5)}…" (${value.length} chars)` : JSON.stringify(value);
  const text = stringifyJson(value);
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/** A colony to fuzz: where the messages point (target) and an executor that proves the colony still works. */
export interface FuzzColony {
  url: string;
  client: ColoniesClient;
  colonyname: string;
  colonyPrvkey: string;
  userPrvkey: string;
}

export interface PreparedFuzzColony extends FuzzColony {
  target: FuzzTarget;
  workerPrvkey: string;
}

/** Adds the health executor, a process nobody runs and a generator for the messages to refer to. */
export async function prepareFuzzColony(c: FuzzColony): Promise<PreparedFuzzColony> {
  const workerPrvkey = generatePrivateKey();
  const executorname = `fuzz-health-${crypto.randomUUID().slice(0, 8)}`;
  await c.client.addExecutor(
    {
      executorname,
      executorid: idFromPrivateKey(workerPrvkey),
      colonyname: c.colonyname,
      executortype: "fuzz-health",
    },
    c.colonyPrvkey,
  );
  await c.client.approveExecutor(c.colonyname, executorname, c.colonyPrvkey);
  const spec = (funcname: string) =>
    funcSpec({ funcname, colonyname: c.colonyname, executortype: "fuzz-nobody" });
  const idle = await c.client.submitFunctionSpec(spec("idle"), c.userPrvkey);
  const generator = await c.client.addGenerator(
    {
      colonyname: c.colonyname,
      name: "fuzz-target",
      workflowspec: { colonyname: c.colonyname, functionspecs: [spec("g")] },
      trigger: 100,
      timeout: 3600,
    },
    c.userPrvkey,
  );
  return {
    ...c,
    workerPrvkey,
    target: {
      colonyname: c.colonyname,
      processid: idle.processid,
      executorname,
      generatorid: generator.generatorid,
    },
  };
}

/** A new process is assigned to the health executor and closed: the colony works end to end. */
export async function colonyStillWorks(c: PreparedFuzzColony): Promise<boolean> {
  const submitted = await c.client.submitFunctionSpec(
    funcSpec({ funcname: "health", colonyname: c.colonyname, executortype: "fuzz-health" }),
    c.userPrvkey,
  );
  const assigned = await c.client.assign(c.colonyname, 5, c.workerPrvkey);
  if (assigned?.processid !== submitted.processid) return false;
  await c.client.closeSuccessful(submitted.processid, [], c.workerPrvkey);
  return true;
}
