/**
 * `bun run demo`: the whole tutorial in one terminal (see lib/demo/run.ts). Flags: --help.
 * Exit codes: 0 done, 1 failed (one line saying what to do), 130/143 stopped by Ctrl-C / SIGTERM.
 */
import { parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { DemoInterrupted } from "../lib/demo/abort.ts";
import { demoCommand } from "../lib/demo/options.ts";
import { createProgress } from "../lib/demo/progress.ts";
import { runDemo } from "../lib/demo/run.ts";

await runMain(async () => {
  const options = parseArgsOrHelp(demoCommand());
  try {
    await runDemo(options, { progress: createProgress(), print: (text) => console.log(text) });
  } catch (error) {
    if (error instanceof DemoInterrupted) process.exit(error.exitCode);
    throw error;
  }
});
