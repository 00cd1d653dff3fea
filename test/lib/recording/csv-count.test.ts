/** countCsvSamples: the rows a CSV's reader would deliver, counted from the bytes, or null when quotes could hide line breaks. */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countCsvSamples, openRecording } from "../../../lib/recording/index.ts";

const dir = mkdtempSync(join(tmpdir(), "csv-count-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function both(name: string, text: string): Promise<[number | null, number]> {
  const path = join(dir, name);
  writeFileSync(path, text);
  let read = 0;
  for await (const block of (await openRecording(path, { rate: 1000 })).blocks())
    read += block.channels[0]!.length;
  return [await countCsvSamples(path), read];
}

test.each([
  ["plain.csv", "v\n1\n2\n3\n", 3],
  ["no-final-newline.csv", "v\n1\n2\n3", 3],
  ["crlf.csv", "v\r\n1\r\n2\r\n", 2],
  ["blank-lines.csv", "v\n1\n\n2\n\n\n3\n", 3],
  ["crlf-blank.csv", "v\r\n1\r\n\r\n2\r\n", 2],
])("%s: counted as the reader reads it", async (name, text, rows) => {
  expect(await both(name, text)).toEqual([rows, rows]);
});

test("a quote anywhere: null (a quoted field may hold a line break)", async () => {
  const path = join(dir, "quoted.csv");
  writeFileSync(path, '"v"\n1\n2\n');
  expect(await countCsvSamples(path)).toBeNull();
});

test("a file far larger than one read chunk", async () => {
  const path = join(dir, "big.csv");
  writeFileSync(path, `v\n${"229.5\n".repeat(500_000)}`);
  expect(await countCsvSamples(path)).toBe(500_000);
});
