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
 * A CSV's text chunk by chunk, each cut at its last complete line (the rest waits for the next chunk), so memory
 * holds one chunk of rows whatever the file size. The line ending at a cut is left out so that no blank row is
 * made up there.
 */
export async function* csvLineTexts(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let carry = "";
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const end = completeLinesEnd(text);
    if (end < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(end + 1);
    yield text.slice(0, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  }
  carry += decoder.decode();
  if (carry !== "") yield carry.endsWith("\r") ? carry.slice(0, -1) : carry;
}

/** The rows papaparse makes of complete lines; a blank line comes out as `[""]` (the caller skips it). */
export function parseCsvRows(text: string, delimiter: string): string[][] {
  // skipEmptyLines would cost papaparse a second pass (about 1.7x the time); blank rows are cheap to skip.
  return Papa.parse<string[]>(text, { delimiter }).data;
}

/** A row papaparse made of a blank line (CRLF files leave the CR). */
export function isBlankRow(row: string[]): boolean {
  return row.length === 1 && (row[0] === "" || (row[0] ?? "").trim() === "");
}
