/**
 * The samples of a CSV file without parsing it: its non-blank lines after the header, counted from the bytes
 * (a few hundred MB/s). Null when a quote could hide a line break inside a field: then only parsing can tell.
 */
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Counts as the bytes go by, so a pass that reads the file anyway (hashing it) can count too. */
export class CsvRowCounter {
  private lines = 0;
  private lineLength = 0;
  private quoted = false;

  push(chunk: Uint8Array): void {
    if (this.quoted) return;
    if (chunk.includes(QUOTE)) {
      this.quoted = true;
      return;
    }
    let from = 0;
    for (let at = chunk.indexOf(LF); at >= 0; at = chunk.indexOf(LF, from)) {
      this.lineLength += at - from;
      if (this.lineLength > 0 && !(this.lineLength === 1 && chunk[at - 1] === CR)) this.lines++;
      this.lineLength = 0;
      from = at + 1;
    }
    this.lineLength += chunk.length - from;
  }

  /** The data rows seen (the header left out), or null when a quote made the count unsafe. */
  samples(): number | null {
    if (this.quoted) return null;
    return Math.max(0, this.lines + (this.lineLength > 0 ? 1 : 0) - 1);
  }
}

export async function countCsvSamples(path: string): Promise<number | null> {
  const counter = new CsvRowCounter();
  for await (const chunk of Bun.file(path).stream()) counter.push(chunk);
  return counter.samples();
}
