/**
 * Preload (`bun --preload test/support/loaded-modules.ts script.ts`): when the process exits, writes the path of
 * every module it loaded, one per line, to the file named by LOADED_MODULES_FILE. Bun lists ES modules as well
 * as CommonJS ones in require.cache.
 */
import { writeFileSync } from "node:fs";

const target = process.env.LOADED_MODULES_FILE;
if (!target) throw new Error("set LOADED_MODULES_FILE to the file the loaded module list goes to");
process.on("exit", () => {
  writeFileSync(target, `${Object.keys(require.cache).join("\n")}\n`);
});
