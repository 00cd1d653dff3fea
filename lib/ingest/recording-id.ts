/**
 * A recording's id: the SHA-256 (hex) of its bytes, so ingesting the same files again replaces the stored
 * recording instead of adding a second one. Each file's length goes in before its bytes, so two files cannot
 * hash like one.
 */
import { recordingFiles } from "../recording/index.ts";

/** `onChunk` sees every byte hashed, for work that would read the files again (counting a CSV's rows). */
export async function recordingId(path: string, onChunk?: (chunk: Uint8Array) => void): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for (const file of recordingFiles(path)) {
    const blob = Bun.file(file);
    hasher.update(`${blob.size}\n`);
    for await (const chunk of blob.stream()) {
      hasher.update(chunk);
      onChunk?.(chunk);
    }
  }
  return hasher.digest("hex");
}
