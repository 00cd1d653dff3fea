/** Opens a recording by its extension: `.cfg` (with its `.dat`), `.cff`, anything else as CSV. */
import { extname } from "node:path";
import { openCffRecording } from "./cff.ts";
import { datPathFor, openCfgRecording } from "./cfg-file.ts";
import { openCsvRecording } from "./csv.ts";
import type { OpenOptions, Recording } from "./types.ts";

export async function openRecording(path: string, options: OpenOptions = {}): Promise<Recording> {
  const ext = extname(path).toLowerCase();
  if (ext === ".cfg") return openCfgRecording(path, options);
  if (ext === ".cff") return openCffRecording(path, options);
  return openCsvRecording(path, options);
}

/** The files a recording is made of: a .cfg and its .dat, or the one file. */
export function recordingFiles(path: string): string[] {
  if (extname(path).toLowerCase() !== ".cfg") return [path];
  const dat = datPathFor(path);
  return dat === null ? [path] : [path, dat];
}
