/**
 * A recording's id: the SHA-256 (hex) of its bytes, so ingesting the same files again replaces the stored
 * recording instead of adding a second one. Each file's length goes in before its bytes, so two files cannot
 * hash like one.
 */
import { recordingFiles } from "../recording/index.ts";

export async function recordingId(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for (const file of recordingFiles(path)) {
    const blob = Bun.file(file);
    hasher.update(`${blob.size}\n`);
    for await (const chunk of blob.stream()) hasher.update(chunk);
  }
  return hasher.digest("hex");
}
