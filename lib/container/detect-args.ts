/**
 * The detector command line, `executor/detect.ts [--db URL] [--process-id ID] [--] TS_ID…`, parsed and
 * built in one place: detect.ts parses it, the container spec builds it, the command executor validates it.
 */
import { TS_ID_PATTERN } from "../timeseries/limits.ts";
import { ContainerArgsError } from "./errors.ts";

export interface DetectInvocation {
  /** Base URL of the time-series store (http or https). */
  db: string;
  /** Written to the store with each result; "" when the command runs outside Colonies. */
  processId: string;
  tsIds: string[];
}

const SAFE_TS_ID = new RegExp(TS_ID_PATTERN);
/** Colonies process ids are 64 hex characters; the docker executor substitutes `{processid}`. */
const PROCESS_ID = /^[0-9a-f]{64}$/;

export function checkStoreUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ContainerArgsError(
      `--db "${text}" is not a URL: give the store's base URL, e.g. http://127.0.0.1:8000`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ContainerArgsError(`--db "${text}" must be an http:// or https:// URL`);
  }
  return text;
}

export function checkTsId(id: string): string {
  if (!SAFE_TS_ID.test(id)) {
    throw new ContainerArgsError(
      `series id "${id}" is not in the store's id set (1-128 of A-Z a-z 0-9 _ - . ~, not starting with a dot)`,
    );
  }
  return id;
}

export function checkProcessId(id: string): string {
  if (id !== "" && !PROCESS_ID.test(id)) {
    throw new ContainerArgsError(`--process-id "${id}" is not a Colonies process id (64 hex characters)`);
  }
  return id;
}

/**
 * Parses the detector's arguments (everything after `executor/detect.ts`). Ids may follow `--` so that
 * an id starting with "-" is never read as a flag. Throws ContainerArgsError naming the bad argument.
 */
export function parseDetectArgs(argv: readonly string[], defaults: { db?: string; processId?: string } = {}) {
  let db = defaults.db;
  let processId = defaults.processId ?? "";
  const tsIds: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      tsIds.push(...argv.slice(i + 1));
      break;
    }
    const [name, inline] = arg.startsWith("--") ? splitInline(arg) : [arg, undefined];
    if (name === "--db" || name === "--process-id") {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new ContainerArgsError(`${name} needs a value`);
      if (name === "--db") db = value;
      else processId = value;
    } else if (arg.startsWith("-")) {
      throw new ContainerArgsError(
        `unknown flag ${name}: expected --db URL, --process-id ID, then series ids`,
      );
    } else {
      tsIds.push(arg);
    }
  }
  if (db === undefined) throw new ContainerArgsError("--db URL is required (or set STORE_URL)");
  if (tsIds.length === 0) throw new ContainerArgsError("give at least one series id after the flags");
  return {
    db: checkStoreUrl(db),
    processId: checkProcessId(processId),
    tsIds: tsIds.map(checkTsId),
  } satisfies DetectInvocation;
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** The script path inside the repository (and inside the image, relative to its working directory). */
export const DETECT_SCRIPT = "executor/detect.ts";

/**
 * The arguments after the command `bun`. The process id is not passed: ColonyOS's docker executor sets
 * COLONIES_PROCESS_ID in the container's environment (the command executor does the same).
 */
export function detectArgs(invocation: { db: string; tsIds: readonly string[] }): string[] {
  checkShellWord(checkStoreUrl(invocation.db));
  for (const id of invocation.tsIds) checkShellWord(checkTsId(id));
  return [DETECT_SCRIPT, "--db", invocation.db, "--", ...invocation.tsIds];
}

/**
 * ColonyOS's docker executor joins cmd and args with spaces and runs them with `sh -c`, so every word we
 * submit must mean the same to a shell: no metacharacters, no quotes, no leading `~` (tilde expansion).
 */
const SHELL_SAFE_WORD = /^[A-Za-z0-9._:/@%+=,-][A-Za-z0-9._~:/@%+=,-]*$/;

function checkShellWord(word: string): string {
  if (!SHELL_SAFE_WORD.test(word)) {
    throw new ContainerArgsError(
      `"${word}" cannot be passed through the docker executor's sh -c unchanged: use only A-Z a-z 0-9 . _ : / @ % + = , - (and ~ not first)`,
    );
  }
  return word;
}

/** The environment variable ColonyOS's docker executor sets to the process id inside the container. */
export const PROCESS_ID_ENV = "COLONIES_PROCESS_ID";
