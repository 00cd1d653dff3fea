/**
 * FunctionSpec decoding (Go field types) and the normalised shape the real server echoes back
 * (docs/protocol.md §5: cpu "<n>m", memory "<n>Mi", env {}, dependencies [], locationname omitted when ""; `channels`
 * omitted when empty, as the running v1.9.12 server does).
 */

import type { Conditions, FunctionSpec } from "../../lib/colonies-sdk/types.ts";
import { badRequest } from "../errors.ts";
import {
  InvalidMessageError,
  type JsonObject,
  readArray,
  readInt,
  readInt64,
  readObject,
  readString,
  readStringArray,
  readStringMap,
} from "../wire/fields.ts";
import { isInt32 } from "../wire/pq-errors.ts";
import { formatCpu, formatMemory, parseCpuMillis, parseMemoryBytes } from "./resources.ts";

/** The wire Conditions as this server always echoes them: `dependencies` is a list, never null. */
export type SpecConditions = Omit<Conditions, "dependencies"> & { dependencies: string[] };

export interface Spec {
  nodename: string;
  funcname: string;
  args: unknown[] | null;
  kwargs: JsonObject | null;
  priority: number;
  maxwaittime: number;
  maxexectime: number;
  maxretries: number;
  conditions: SpecConditions;
  label: string;
  fs: FunctionSpec["fs"];
  env: Record<string, string>;
  /** Omitted when empty (the real server's `omitempty`). */
  channels?: string[];
}

/** Go decodes these lists into structs: every item must be an object (or null). */
function readObjectArray(o: JsonObject, key: string): unknown[] | null {
  const items = readArray(o, key);
  if (items?.some((item) => item !== null && (typeof item !== "object" || Array.isArray(item))))
    throw new InvalidMessageError(`field ${key}: expected an array of objects`);
  return items;
}

function expectObject(value: unknown, what: string): JsonObject {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new InvalidMessageError(`${what}: expected an object`);
  return value as JsonObject;
}

/** Decodes a FunctionSpec object; field type errors throw InvalidMessageError, bad quantities a 400. */
export function decodeSpec(raw: unknown): Spec {
  const o = expectObject(raw, "spec");
  const c = readObject(o, "conditions") ?? {};
  const gpu = readObject(c, "gpu") ?? {};
  const fs = readObject(o, "fs") ?? {};
  const walltime = readInt64(c, "walltime");
  readInt(gpu, "nodecount"); // typed as Go decodes it; the server always echoes 0
  const conditions: SpecConditions = {
    colonyname: readString(c, "colonyname"),
    executornames: readStringArray(c, "executornames"),
    executortype: readString(c, "executortype"),
    dependencies: readStringArray(c, "dependencies") ?? [],
    nodes: readInt(c, "nodes"),
    cpu: readString(c, "cpu"),
    processes: readInt(c, "processes"),
    processespernode: readInt(c, "processespernode"),
    mem: readString(c, "mem"),
    storage: readString(c, "storage"),
    gpu: {
      name: readString(gpu, "name"),
      mem: readString(gpu, "mem"),
      count: readInt(gpu, "count"),
      nodecount: 0,
    },
    walltime: Number(walltime),
  };
  const locationname = readString(c, "locationname");
  if (locationname !== "") conditions.locationname = locationname;
  const spec: Spec = {
    nodename: readString(o, "nodename"),
    funcname: readString(o, "funcname"),
    args: readArray(o, "args"),
    kwargs: readObject(o, "kwargs"),
    priority: readInt(o, "priority"),
    maxwaittime: readInt(o, "maxwaittime"),
    maxexectime: readInt(o, "maxexectime"),
    maxretries: readInt(o, "maxretries"),
    conditions,
    label: readString(o, "label"),
    fs: {
      mount: readString(fs, "mount"),
      snapshots: readObjectArray(fs, "snapshots") as FunctionSpec["fs"]["snapshots"],
      dirs: readObjectArray(fs, "dirs") as FunctionSpec["fs"]["dirs"],
    },
    env: readStringMap(o, "env") ?? {},
  };
  const channels = readStringArray(o, "channels");
  if (channels && channels.length > 0) spec.channels = channels;
  // Quantities are parsed once every field has its type, as Go decodes the whole message first.
  conditions.cpu = formatCpu(parseCpuMillis(conditions.cpu));
  conditions.mem = formatMemory(parseMemoryBytes(conditions.mem));
  conditions.storage = formatMemory(parseMemoryBytes(conditions.storage));
  conditions.gpu.mem = formatMemory(parseMemoryBytes(conditions.gpu.mem));
  return spec;
}

/**
 * Deviation from the real server (documented): limits it would turn into an immediate expiry are refused.
 * There, maxexectime 0 (or < -1) has no deadline and the process is requeued or failed about a second
 * after assignment; maxwaittime < -1 fails at the first timeout check.
 */
export function rejectTimeLimitTraps(spec: Spec): void {
  if (spec.maxexectime === 0 || spec.maxexectime < -1)
    throw badRequest(
      `Failed to submit function spec, maxexectime ${spec.maxexectime} would expire at once; use -1 for no limit or a number of seconds > 0`,
    );
  if (spec.maxwaittime < -1)
    throw badRequest(
      `Failed to submit function spec, maxwaittime ${spec.maxwaittime} would fail at once; use -1 for no limit or a number of seconds > 0`,
    );
}

/**
 * The first spec number the real server's INTEGER columns cannot hold (its PROCESSES table: MAX_WAIT_TIME,
 * MAX_EXEC_TIME, MAX_RETRIES, NODES, PROCESSES, PROCESSES_PER_NODE), or undefined. Checked before anything
 * is stored: a wait deadline 10^15 s away is not a date, and a stored one would fail every later listing.
 */
export function outOfRangeSpecValue(spec: Spec): number | undefined {
  const { conditions: c } = spec;
  return [spec.maxwaittime, spec.maxexectime, spec.maxretries, c.nodes, c.processes, c.processespernode].find(
    (value) => !isInt32(value),
  );
}
