/** `bun run colonies …`: the tutorial's Colonies CLI commands (see lib/colonies-cli/main.ts). */
import { runMain } from "../lib/cli/index.ts";
import { runColoniesCli } from "../lib/colonies-cli/main.ts";

const interrupted = new AbortController();
process.on("SIGINT", () => {
  if (interrupted.signal.aborted) process.exit(130);
  interrupted.abort();
});

await runMain(() =>
  runColoniesCli(process.argv.slice(2), {
    print: (text) => console.log(text),
    interrupted: interrupted.signal,
  }),
);
