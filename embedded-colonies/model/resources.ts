/** CPU and memory quantities as the real server reads and echoes them ("500m", "2" → 2000m; "1Gi" → "1024Mi"). */
import { badRequest } from "../errors.ts";

export function parseCpuMillis(value: string): number {
  if (value === "") return 0;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(value.trim());
  if (!m) throw badRequest(`Invalid CPU value <${value}>, use millicores like 500m or cores like 2`);
  const n = Number(m[1]);
  return Math.floor(m[2] === "m" ? n : n * 1000);
}

const MEMORY_UNITS: Record<string, number> = {
  "": 1,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

export function parseMemoryBytes(value: string): number {
  if (value === "") return 0;
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(value.trim());
  if (!m) throw badRequest(`Invalid memory value <${value}>, use a quantity like 512Mi or 2Gi`);
  return Math.floor(Number(m[1]) * MEMORY_UNITS[m[2] ?? ""]!);
}

export const formatCpu = (millis: number) => `${millis}m`;
export const formatMemory = (bytes: number) => `${Math.floor(bytes / 1024 ** 2)}Mi`;
