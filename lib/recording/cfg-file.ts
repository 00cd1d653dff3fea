import { existsSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { ByteSource, fileChunks } from "./byte-source.ts";
import { parseCfg } from "./cfg.ts";
import { comtradeRecording } from "./comtrade.ts";
import { type OpenOptions, type Recording, RecordingError } from "./types.ts";

/** The .dat beside a .cfg: the same name with .dat, .DAT or .Dat. */
export function datPathFor(cfgPath: string): string | null {
  const stem = basename(cfgPath, extname(cfgPath));
  for (const ext of [".dat", ".DAT", ".Dat"]) {
    const candidate = join(dirname(cfgPath), stem + ext);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** A .cfg and its .dat (or `options.bytes` as the .dat's content). */
export async function openCfgRecording(path: string, options: OpenOptions): Promise<Recording> {
  const cfgFile = Bun.file(path);
  if (!(await cfgFile.exists())) throw new RecordingError(`${path} not found`);
  const cfg = parseCfg(await cfgFile.text(), path);
  if (options.bytes)
    return comtradeRecording(
      cfg,
      new ByteSource(options.bytes),
      `${path} (its .dat from the stream)`,
      options,
    );
  const datPath = datPathFor(path);
  if (datPath === null)
    throw new RecordingError(
      `${path}: its data file ${join(dirname(path), `${basename(path, extname(path))}.dat`)} is missing; ` +
        `a .cfg needs its .dat beside it (same name)`,
    );
  return comtradeRecording(cfg, new ByteSource(fileChunks(datPath)), datPath, options);
}
