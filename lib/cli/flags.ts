import { CliError } from "./errors.ts";
import { type NumberOrRangeValue, parseRange } from "./values.ts";

/** "range" takes a number or MIN..MAX (parseRange). */
type FlagType = "number" | "integer" | "string" | "boolean" | "range";
type ValueOf<T extends FlagType> = T extends "string"
  ? string
  : T extends "boolean"
    ? boolean
    : T extends "range"
      ? NumberOrRangeValue
      : number;

export interface FlagDef<T extends FlagType = FlagType> {
  type: T;
  description: string;
  default?: ValueOf<T>;
  /** Returns an error message for a bad value, or undefined when it is fine. */
  check?: (value: ValueOf<T>) => string | undefined;
  /** Placeholder shown in --help, e.g. "PATH". */
  placeholder?: string;
}

export type AnyFlagDef =
  | FlagDef<"number">
  | FlagDef<"integer">
  | FlagDef<"string">
  | FlagDef<"boolean">
  | FlagDef<"range">;

export type FlagSpec = Record<string, AnyFlagDef>;

export type FlagValues<S extends FlagSpec> = {
  [K in keyof S]: S[K] extends { default: unknown }
    ? ValueOf<S[K]["type"]>
    : ValueOf<S[K]["type"]> | undefined;
};

export interface CommandSpec<S extends FlagSpec> {
  /** e.g. "bun scripts/gen_dataset.ts" */
  usage: string;
  summary: string;
  flags: S;
}

/** camelCase key -> --kebab-case flag. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function helpText<S extends FlagSpec>(spec: CommandSpec<S>): string {
  const rows = Object.entries(spec.flags).map(([key, def]) => {
    const left =
      def.type === "boolean"
        ? flagName(key)
        : `${flagName(key)} ${def.placeholder ?? def.type.toUpperCase()}`;
    const fallback = def.default === undefined ? "" : ` (default: ${showDefault(def.default)})`;
    return [left, `${def.description}${fallback}`] as const;
  });
  rows.push(["--help", "show this help and exit"]);
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
  return `${spec.summary}\n\nUsage: ${spec.usage} [options]\n\nOptions:\n${lines.join("\n")}\n`;
}

function showDefault(value: unknown): string {
  return Array.isArray(value) ? value.join("..") : String(value);
}

function convert(key: string, def: AnyFlagDef, raw: string): string | number | boolean | NumberOrRangeValue {
  const name = flagName(key);
  if (def.type === "range") return parseRange(raw, name);
  if (def.type === "string") {
    if (raw === "") throw new CliError(`${name} needs a value`);
    return raw;
  }
  if (def.type === "boolean") {
    if (raw === "true") return true;
    if (raw === "false") return false;
    throw new CliError(`${name} takes true or false, got "${raw}"`);
  }
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw new CliError(`${name} must be a number, got "${raw}"`);
  if (def.type === "integer" && !Number.isInteger(value))
    throw new CliError(`${name} must be a whole number, got "${raw}"`);
  return value;
}

/**
 * Parses `--flag value`, `--flag=value` and bare boolean flags. Unknown flags, missing values and values failing a
 * flag's check throw CliError. Returns null when --help/-h was given (the caller prints helpText and exits 0).
 */
export function parseFlags<S extends FlagSpec>(spec: CommandSpec<S>, argv: string[]): FlagValues<S> | null {
  const byName = new Map(Object.entries(spec.flags).map(([key, def]) => [flagName(key), { key, def }]));
  const values: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(spec.flags)) values[key] = def.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return null;
    if (!arg.startsWith("--")) throw new CliError(`unexpected argument "${arg}" (see --help)`);
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const flag = byName.get(name);
    if (flag === undefined) throw new CliError(`unknown flag ${name} (see --help)`);
    const { key, def } = flag;
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else if (def.type === "boolean") raw = "true";
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && !/^--?\d/.test(next))) {
        throw new CliError(`${name} needs a value`);
      }
      raw = next;
      i++;
    }
    const value = convert(key, def, raw);
    const problem = (def.check as ((v: unknown) => string | undefined) | undefined)?.(value);
    if (problem) throw new CliError(`${name} ${problem}, got ${raw}`);
    values[key] = value;
  }
  return values as FlagValues<S>;
}

/** Identity helper that keeps the flag types literal, so parsed values are typed. */
export function defineCommand<S extends FlagSpec>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

/** parseFlags for a script: prints help and exits 0 on --help; errors propagate to runMain. */
export function parseArgsOrHelp<S extends FlagSpec>(
  spec: CommandSpec<S>,
  argv = process.argv.slice(2),
): FlagValues<S> {
  const values = parseFlags(spec, argv);
  if (values === null) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  return values;
}

/**
 * A command whose first argument is a file (or id), then flags: both, or the help printed and exit 0. `what`
 * names the argument in the error when it is missing.
 */
export function parseArgAndFlags<S extends FlagSpec>(
  spec: CommandSpec<S>,
  what: string,
  argv = process.argv.slice(2),
): { arg: string; flags: FlagValues<S> } {
  const [arg, ...rest] = argv;
  const flags = argv.includes("--help") || argv.includes("-h") ? null : parseFlags(spec, rest);
  if (flags === null) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  // "-" alone is a value (standard input), not a flag.
  if (arg === undefined || (arg.startsWith("-") && arg !== "-"))
    throw new CliError(`give ${what} first: ${spec.usage} [options] (see --help)`);
  return { arg, flags };
}
