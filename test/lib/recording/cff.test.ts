import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRecording } from "../../../lib/recording/open.ts";
import type { Recording } from "../../../lib/recording/types.ts";

const dir = mkdtempSync(join(tmpdir(), "recording-cff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CFG = [
  "Station,Device,2013",
  "2,2A,0D",
  "1,VA,A,,V,0.5,0,0,-32767,32767,1,1,P",
  "2,VB,B,,kV,0.001,0,0,-32767,32767,1,1,P",
  "50",
  "1",
  "2000,3",
  "05/01/2026,10:00:00.000000",
  "05/01/2026,10:00:00.000500",
  "BINARY",
  "1",
  "+0h00,+0h00",
  "0,0",
].join("\r\n");

function binaryDat(rows: [number, number][]): Uint8Array {
  const view = new DataView(new ArrayBuffer(12 * rows.length));
  rows.forEach(([a, b], r) => {
    view.setUint32(r * 12, r + 1, true);
    view.setUint32(r * 12 + 4, r * 500, true);
    view.setInt16(r * 12 + 8, a, true);
    view.setInt16(r * 12 + 10, b, true);
  });
  return new Uint8Array(view.buffer);
}

function cff(cfg: string, datMarker: string, dat: Uint8Array, after = ""): Uint8Array {
  const text = `--- file type: CFG ---\r\n${cfg}\r\n--- file type: INF ---\r\n[Public Record_Information]\r\n--- file type: HDR ---\r\nfree text\r\n${datMarker}\r\n`;
  const head = new TextEncoder().encode(text);
  const tail = new TextEncoder().encode(after);
  const out = new Uint8Array(head.length + dat.length + tail.length);
  out.set(head);
  out.set(dat, head.length);
  out.set(tail, head.length + dat.length);
  return out;
}

async function values(recording: Recording): Promise<number[][]> {
  const out: number[][] = recording.info.channels.map(() => []);
  for await (const block of recording.blocks())
    block.channels.forEach((c, i) => {
      out[i]?.push(...c);
    });
  return out;
}

describe(".cff", () => {
  const dat = binaryDat([
    [100, 2000],
    [-100, -2000],
    [0, 1],
  ]);

  test("the CFG section read, the DAT section's declared bytes streamed (nothing after them read)", async () => {
    const path = join(dir, "one.cff");
    writeFileSync(path, cff(CFG, `--- file type: DAT BINARY: ${dat.length} ---`, dat, "trailing junk"));
    const recording = await openRecording(path);
    expect(recording.info.revision).toBe(2013);
    expect(recording.info.fileType).toBe("BINARY");
    expect(recording.info.triggerTime).toBe("2026-01-05T10:00:00.000500");
    // VA 0.5 V per count; VB 0.001 kV per count = 1 V.
    expect(await values(recording)).toEqual([
      [50, -50, 0],
      [2000, -2000, 1],
    ]);
    expect(recording.info.warnings).toEqual([]);
  });

  test("an ASCII DAT section, lower-case markers, the same file through `bytes` in small chunks", async () => {
    const ascii = new TextEncoder().encode("1,0,2,3\n2,500,4,5\n3,1000,6,7\n");
    const file = cff(CFG.replace("BINARY", "ASCII"), `--- file type: dat ascii: ${ascii.length} ---`, ascii);
    async function* chunks() {
      for (let i = 0; i < file.length; i += 7) yield file.subarray(i, i + 7);
    }
    const recording = await openRecording(join(dir, "stream.cff"), { bytes: chunks() });
    expect(await values(recording)).toEqual([[1, 2, 3], [5, 4, 7].map((_, i) => [3, 5, 7][i] as number)]);
  });

  test("a DAT section type differing from the CFG's is a warning; a missing CFG section an error", async () => {
    const path = join(dir, "mismatch.cff");
    writeFileSync(path, cff(CFG, `--- file type: DAT BINARY32: ${dat.length} ---`, dat));
    const recording = await openRecording(path);
    expect(recording.info.warnings).toEqual([
      `${path}: the DAT section says BINARY32 where its CFG says BINARY; read as BINARY`,
    ]);
    const broken = join(dir, "nocfg.cff");
    writeFileSync(broken, "--- file type: HDR ---\nx\n--- file type: DAT ASCII: 0 ---\n");
    await expect(openRecording(broken)).rejects.toThrow(`${broken} has no "--- file type: CFG ---" section`);
  });
});
