import { describe, expect, test } from "bun:test";
import { CliError, defineCommand, flagName, helpText, parseFlags } from "../../../lib/cli/index.ts";

const spec = defineCommand({
  usage: "bun x.ts",
  summary: "Test command.",
  flags: {
    samplingRate: {
      type: "number",
      default: 1000,
      description: "rate",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    count: { type: "integer", description: "how many" },
    out: { type: "string", default: "a.csv", description: "path" },
    trim: { type: "boolean", default: true, description: "trim" },
  },
});

describe("parseFlags", () => {
  test("defaults, --flag value, --flag=value, bare booleans, negative numbers", () => {
    expect(parseFlags(spec, [])).toEqual({ samplingRate: 1000, count: undefined, out: "a.csv", trim: true });
    expect(
      parseFlags(spec, ["--sampling-rate", "250", "--count=3", "--out", "b.csv", "--trim=false"]),
    ).toEqual({
      samplingRate: 250,
      count: 3,
      out: "b.csv",
      trim: false,
    });
    expect(parseFlags(spec, ["--count", "-2"])?.count).toBe(-2);
    expect(parseFlags(spec, ["--help"])).toBeNull();
  });

  test("errors name the flag and what is wrong", () => {
    expect(() => parseFlags(spec, ["--nope"])).toThrow(new CliError("unknown flag --nope (see --help)"));
    expect(() => parseFlags(spec, ["--sampling-rate", "0"])).toThrow(
      "--sampling-rate must be greater than 0, got 0",
    );
    expect(() => parseFlags(spec, ["--count", "1.5"])).toThrow("--count must be a whole number");
    expect(() => parseFlags(spec, ["--out"])).toThrow("--out needs a value");
    expect(() => parseFlags(spec, ["stray"])).toThrow('unexpected argument "stray"');
  });

  test("help text lists flags with defaults", () => {
    expect(flagName("anomalyProbability")).toBe("--anomaly-probability");
    const help = helpText(spec);
    expect(help).toContain("--sampling-rate NUMBER");
    expect(help).toContain("(default: 1000)");
    expect(help).toContain("--help");
  });
});
