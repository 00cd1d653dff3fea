/** Writes the small recordings of samples/ (COMTRADE 1999 ASCII, 2013 BINARY, a 2013 .cff, a timed CSV). */
import { mkdirSync } from "node:fs";
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { writeSamples } from "../lib/recording/samples.ts";

const spec = defineCommand({
  usage: "bun scripts/make_samples.ts",
  summary: "Write the sample recordings: three-phase mains with a dip, overlapping dips and an interruption.",
  flags: {
    out: { type: "string", default: "samples", description: "folder to write into", placeholder: "DIR" },
  },
});

await runMain(() => {
  const { out } = parseArgsOrHelp(spec);
  mkdirSync(out, { recursive: true });
  for (const file of writeSamples(out)) console.log(`Wrote ${file} (${Bun.file(file).size} bytes)`);
});
