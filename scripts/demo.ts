/**
 * `bun run demo`: the whole tutorial in one terminal (see demo/run.ts). Flags: --help.
 * Exit codes: 0 done, 1 failed (one line saying what to do), 130/143 stopped by Ctrl-C / SIGTERM.
 */

import { DemoInterrupted } from "../demo/abort.ts";
import { demoCommand } from "../demo/options.ts";
import { createProgress } from "../demo/progress.ts";
import { runDemo } from "../demo/run.ts";
import { parseArgsOrHelp, runMain } from "../lib/cli/index.ts";

await runMain(async () => {
  const options = parseArgsOrHelp(demoCommand());
  try {
    await runDemo(options, { progress: createProgress(), print: (text) => console.log(text) });
  } catch (error) {
    if (error instanceof DemoInterrupted) process.exit(error.exitCode);
    throw error;
  }
});
