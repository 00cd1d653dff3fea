/**
 * Signed messages with a value the real Colonies server refuses, each with the answer it gives (v1.9.12,
 * checked against both servers by test/colonyos/malformed.colonyos.ts; the embedded suite holds the embedded
 * server to the same answers).
 */
import type { ColoniesMessage } from "../../lib/colonies-sdk/envelope.ts";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";

export interface MalformedCase {
  name: string;
  message(colonyname: string): ColoniesMessage;
  status: number;
  error?: string;
}

const INT64_PAST_MAX = 2n ** 63n;
const OUT_OF_INT32 = 2 ** 31;

const INVALID_SUBMIT = "Failed to submit process, invalid JSON";
const outOfInt32 = (value: number | bigint) => `pq: value "${value}" is out of range for type integer`;
const NUL = 'pq: invalid byte sequence for encoding "UTF8": 0x00';
const NEGATIVE_LIMIT = "pq: LIMIT must not be negative";

function spec(
  colonyname: string,
  fields: Record<string, unknown> = {},
  conditions: Record<string, unknown> = {},
) {
  const base = funcSpec({ funcname: "malformed", colonyname, executortype: "malformed-test" });
  return { ...base, ...fields, conditions: { ...base.conditions, ...conditions } };
}

const submit =
  (fields: Record<string, unknown>, conditions: Record<string, unknown> = {}) =>
  (colonyname: string) =>
    messages.submitFunctionSpec(spec(colonyname, fields, conditions) as never);

const listProcesses = (fields: Record<string, unknown>) => (colonyname: string) => ({
  ...messages.getProcesses({ colonyname, count: 10, state: 0 }),
  ...fields,
});

export const MALFORMED_CASES: MalformedCase[] = [
  // The poison message: stored with a wait deadline that is not a date, it failed every later listing.
  {
    name: "maxwaittime 2^63",
    message: submit({ maxwaittime: INT64_PAST_MAX }),
    status: 400,
    error: INVALID_SUBMIT,
  },
  {
    name: "maxwaittime 10^15",
    message: submit({ maxwaittime: 10 ** 15 }),
    status: 400,
    error: outOfInt32(10 ** 15),
  },
  {
    name: "maxwaittime 2^31",
    message: submit({ maxwaittime: OUT_OF_INT32 }),
    status: 400,
    error: outOfInt32(OUT_OF_INT32),
  },
  { name: "maxwaittime 1e308", message: submit({ maxwaittime: 1e308 }), status: 400, error: INVALID_SUBMIT },
  { name: "maxwaittime 1.5", message: submit({ maxwaittime: 1.5 }), status: 400, error: INVALID_SUBMIT },
  { name: "maxwaittime 2^31 - 1", message: submit({ maxwaittime: OUT_OF_INT32 - 1 }), status: 200 },
  {
    name: "maxretries 2^63",
    message: submit({ maxretries: INT64_PAST_MAX }),
    status: 400,
    error: INVALID_SUBMIT,
  },
  { name: "maxretries 1e308", message: submit({ maxretries: 1e308 }), status: 400, error: INVALID_SUBMIT },
  {
    name: "maxretries 2^31",
    message: submit({ maxretries: OUT_OF_INT32 }),
    status: 400,
    error: outOfInt32(OUT_OF_INT32),
  },
  {
    name: "maxexectime 2^31",
    message: submit({ maxexectime: OUT_OF_INT32 }),
    status: 400,
    error: outOfInt32(OUT_OF_INT32),
  },
  {
    name: "nodes 2^31",
    message: submit({}, { nodes: OUT_OF_INT32 }),
    status: 400,
    error: outOfInt32(OUT_OF_INT32),
  },
  {
    name: "processes 2^31",
    message: submit({}, { processes: OUT_OF_INT32 }),
    status: 400,
    error: outOfInt32(OUT_OF_INT32),
  },
  {
    name: "processespernode 2^31",
    message: submit({}, { processespernode: OUT_OF_INT32 }),
    status: 400,
    error: outOfInt32(OUT_OF_INT32),
  },
  {
    name: "walltime 2^63",
    message: submit({}, { walltime: INT64_PAST_MAX }),
    status: 400,
    error: INVALID_SUBMIT,
  },
  { name: "a label with NUL", message: submit({ label: "a\u0000b" }), status: 400, error: NUL },
  { name: "a funcname with NUL", message: submit({ funcname: "a\u0000b" }), status: 400, error: NUL },
  {
    name: "NUL inside kwargs (stored as JSON)",
    message: submit({ kwargs: { text: "x\u0000" } }),
    status: 200,
  },
  { name: "a process id with NUL", message: () => messages.getProcess("ab\u0000c"), status: 400, error: NUL },
  {
    name: "getprocesses count -1",
    message: listProcesses({ count: -1 }),
    status: 400,
    error: NEGATIVE_LIMIT,
  },
  {
    name: "getprocesses count 1e308",
    message: listProcesses({ count: 1e308 }),
    status: 400,
    error: "Failed to get processes, invalid JSON",
  },
  {
    name: "searchlogs count -1",
    message: (colonyname) => ({ msgtype: "searchlogsmsg", colonyname, text: "x", days: 1, count: -1 }),
    status: 400,
    error: NEGATIVE_LIMIT,
  },
  {
    name: "assign timeout 1e308",
    message: (colonyname) => messages.assign(colonyname, 1e308),
    status: 400,
    error: "Failed to assign process, invalid JSON",
  },
  {
    name: "workflow maxwaittime 10^15",
    message: (colonyname) =>
      messages.submitWorkflowSpec({
        colonyname,
        functionspecs: [{ ...spec(colonyname, { maxwaittime: 10 ** 15 }), nodename: "n1" }],
      } as never),
    status: 500,
    error: "Failed to submit workflow, failed to add process",
  },
  ...(["trigger", "timeout"] as const).map((field) => ({
    name: `generator ${field} 2^31`,
    message: (colonyname: string) =>
      messages.addGenerator({
        colonyname,
        name: `malformed-${field}`,
        workflowspec: { colonyname, functionspecs: [spec(colonyname)] },
        trigger: 1,
        timeout: 1,
        [field]: OUT_OF_INT32,
      } as never),
    status: 400,
    error: outOfInt32(OUT_OF_INT32),
  })),
];
