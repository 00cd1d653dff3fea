/**
 * Writes the client settings of a server into an .env-style file without ever silently replacing another
 * server's keys: a file holding different keys is refused unless `force` (then it is kept as a backup).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseEnvFile } from "../colonies-sdk/dev-colony.ts";

const KEY_VARS = ["COLONIES_SERVER_PRVKEY", "COLONIES_COLONY_PRVKEY", "COLONIES_PRVKEY"] as const;

export class EnvFileConflictError extends Error {
  override name = "EnvFileConflictError";
}

export interface EnvFileResult {
  action: "created" | "updated" | "replaced";
  /** Where the replaced file was copied (action "replaced"). */
  backup?: string;
}

/** The key variables whose values in `path` (if it exists) differ from `values`. */
export function conflictingKeys(path: string, values: Record<string, string>): string[] {
  if (!existsSync(path)) return [];
  const current = parseEnvFile(readFileSync(path, "utf8"));
  return KEY_VARS.filter((name) => current[name] && values[name] && current[name] !== values[name]);
}

/**
 * Sets `values` in `path`: other lines (STORE_URL, MODEL_PATH, comments) are kept, our variables are
 * replaced in place or appended. `header` goes first in a new file.
 */
export function writeEnvFile(
  path: string,
  values: Record<string, string>,
  options: {
    force?: boolean;
    header?: string;
    conflictHint?: string;
    /** Set only when the file does not have them yet (e.g. STORE_URL). */
    defaults?: Record<string, string>;
  } = {},
): EnvFileResult {
  const existing = existsSync(path) ? parseEnvFile(readFileSync(path, "utf8")) : {};
  const missingDefaults = Object.entries(options.defaults ?? {}).filter(
    ([name]) => existing[name] === undefined,
  );
  values = { ...values, ...Object.fromEntries(missingDefaults) };
  if (!existsSync(path)) {
    const lines = [
      ...(options.header ? [options.header] : []),
      ...Object.entries(values).map(([k, v]) => `${k}=${v}`),
    ];
    writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
    return { action: "created" };
  }
  const text = readFileSync(path, "utf8");
  const differing = conflictingKeys(path, values);
  let backup: string | undefined;
  if (differing.length > 0) {
    if (!options.force) {
      throw new EnvFileConflictError(
        `${path} holds other Colonies keys (${differing.join(", ")} differ from this server's)${options.conflictHint ? `: ${options.conflictHint}` : ""}`,
      );
    }
    backup = `${path}.bak-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    copyFileSync(path, backup);
  }
  const pending = new Map(Object.entries(values));
  const lines = text
    .replace(/\n$/, "")
    .split(/\r?\n/)
    .map((line) => {
      const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
      if (name === undefined || line.trimStart().startsWith("#") || !pending.has(name)) return line;
      const value = pending.get(name)!;
      pending.delete(name);
      return `${name}=${value}`;
    });
  for (const [name, value] of pending) lines.push(`${name}=${value}`);
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  return backup ? { action: "replaced", backup } : { action: "updated" };
}
