/** `bun run colonies` argument handling: help, unknown commands, bad flags, missing keys (no server needed). */
import { describe, expect, test } from "bun:test";
import { runColoniesCli } from "../../../lib/colonies-cli/main.ts";
import { runScript } from "../../support/child.ts";

async function cli(argv: string[], env: Record<string, string | undefined> = {}) {
  const printed: string[] = [];
  await runColoniesCli(argv, { print: (text) => printed.push(text), env });
  return printed.join("\n");
}

describe("colonies CLI arguments", () => {
  test("--help lists the tutorial's commands", async () => {
    const help = await cli(["--help"]);
    for (const command of [
      "process psw",
      "process get -p ID",
      "log search --text TEXT",
      "log get -p ID",
      "executor ls",
      "colony stats",
    ]) {
      expect(help).toContain(command);
    }
    expect(await cli(["log", "search", "--help"])).toContain("--days INTEGER");
  });

  test.each([
    [["process", "list"], 'unknown command "process list"'],
    [["process", "psw", "--count", "500"], "--count must be 1..100, got 500"],
    [["log", "search", "--text", "x", "--days", "31"], "--days must be 1..30, got 31"],
    [["log", "search"], "--text is required"],
    [["process", "get"], "--processid (-p) is required"],
    [["process", "psw"], "COLONIES_PRVKEY is not set"],
  ])("%p is refused: %s", async (argv, message) => {
    await expect(cli(argv)).rejects.toThrow(message);
  });

  test("the script prints one error line and exits 1", async () => {
    const { COLONIES_PRVKEY: _ignored, ...env } = process.env;
    const result = await runScript("scripts/colonies.ts", ["process", "psw"], {
      ...env,
      COLONIES_PRVKEY: "",
    } as Record<string, string>);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^error: COLONIES_PRVKEY is not set/),
    ]);
  });
});
