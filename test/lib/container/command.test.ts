/** runCommand + commandOutcome with real subprocesses: exit codes, stderr, JSON lines, the kill deadline. */
import { describe, expect, test } from "bun:test";
import { commandOutcome } from "../../../lib/container/outcome.ts";
import { runCommand } from "../../../lib/container/run-command.ts";

const bun = process.execPath;
const env = { PATH: process.env.PATH };

describe("runCommand", () => {
  test("success: JSON lines become the output", async () => {
    const script =
      'console.log(JSON.stringify({ts_id:"a",anomaly:true})); console.log(JSON.stringify({ts_id:"b"}))';
    const result = await runCommand([bun, "-e", script], { env });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, signal: null });
    expect(commandOutcome(result)).toEqual({
      ok: true,
      out: [{ ts_id: "a", anomaly: true }, { ts_id: "b" }],
    });
  });

  test("arguments reach the command verbatim, with no shell in between", async () => {
    const tricky = ["$(echo hi)", "a;b", "'quoted'", "*"];
    const result = await runCommand(
      [bun, "-e", "console.log(JSON.stringify(process.argv.slice(1)))", ...tricky],
      {
        env,
      },
    );
    expect(JSON.parse(result.stdout)).toEqual(tricky);
  });

  test("non-zero exit: failure with the exit code and stderr", async () => {
    const result = await runCommand([bun, "-e", 'console.error("series x not found"); process.exit(3)'], {
      env,
    });
    expect(commandOutcome(result)).toEqual({
      ok: false,
      errors: ["detector command exited with code 3", "series x not found"],
    });
  });

  test("a line that is not JSON fails the run", async () => {
    const result = await runCommand([bun, "-e", 'console.log("hello")'], { env });
    expect(commandOutcome(result)).toEqual({
      ok: false,
      errors: ["detector command printed a line that is not JSON: hello"],
    });
  });

  test("a command past its deadline is killed", async () => {
    const result = await runCommand([bun, "-e", 'console.error("started"); await Bun.sleep(60_000)'], {
      env,
      timeoutMs: 500,
    });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe("SIGKILL");
    const outcome = commandOutcome(result, 500);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]).toBe("detector command killed after 0.5 s (maxexectime)");
  });

  test("the environment is exactly what is given", async () => {
    process.env.CONTAINER_TEST_SECRET = "inherited only if passed";
    const result = await runCommand(
      [bun, "-e", "console.log(JSON.stringify(process.env.CONTAINER_TEST_SECRET ?? null))"],
      {
        env: { PATH: process.env.PATH, COLONIES_PROCESS_ID: "p" },
      },
    );
    expect(result.stdout.trim()).toBe("null");
  });
});
