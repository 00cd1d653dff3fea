import Papa from "papaparse";
import type { Chunks } from "./byte-source.ts";

/** Where the last complete line ends (a newline outside quotes), or -1. */
export function completeLinesEnd(text: string): number {
  if (!text.includes('"')) return text.lastIndexOf("\n");
  let quoted = false;
  let end = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) end = i;
  }
  return end;
}

/**
 * CSV rows chunk by chunk: each arriving chunk is cut at its last complete line and those lines are parsed
 * by papaparse (the rest waits for the next chunk), so memory holds one chunk of rows whatever the file size.
 * A blank line comes out as `[""]` (the caller skips it, still counting the line); the line ending at a cut is
 * left out so that no blank row is made up there.
 */
export async function* csvRowChunks(chunks: Chunks, delimiter: string): AsyncGenerator<string[][]> {
  const decoder = new TextDecoder();
  let carry = "";
  // skipEmptyLines would cost papaparse a second pass (about 1.7x the time); blank rows are cheap to skip.
  const parse = (text: string) => Papa.parse<string[]>(text, { delimiter }).data;
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const end = completeLinesEnd(text);
    if (end < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(end + 1);
    yield parse(text.slice(0, text.charCodeAt(end - 1) === 13 ? end - 1 : end));
  }
  carry += decoder.decode();
  if (carry !== "") yield parse(carry.endsWith("\r") ? carry.slice(0, -1) : carry);
}

/** A row papaparse made of a blank line (CRLF files leave the CR). */
export function isBlankRow(row: string[]): boolean {
  return row.length === 1 && (row[0] === "" || (row[0] ?? "").trim() === "");
}
