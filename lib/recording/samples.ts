/**
 * The recordings shipped in samples/ (scripts/make_samples.ts): 1.5 s of slightly noisy three-phase 230 V mains
 * with a dip on phase A, overlapping dips on A and B (one polyphase event), and an interruption of all three
 * (IEC 61000-4-30 needs every channel below the threshold for that), in several formats.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { SampleOptions } from "../signal/index.ts";
import { writeGeneratedComtrade } from "./generated-comtrade.ts";
import { type PlacedEvent, PolyphaseSampleStream } from "./polyphase-sample.ts";

const START = "2026-01-05T10:00:00.000000";
const START_MS = Date.UTC(2026, 0, 5, 10, 0, 0);

const seconds = (rate: number, from: number, to: number) => ({
  start: Math.round(from * rate),
  end: Math.round(to * rate),
});

/** The events, in seconds (placed at each sample's rate). */
export function sampleEvents(rate: number): PlacedEvent[] {
  return [
    { kind: "dip", ...seconds(rate, 0.2, 0.3), factor: 0.6, phases: ["A"] },
    { kind: "dip", ...seconds(rate, 0.6, 0.72), factor: 0.7, phases: ["A"] },
    { kind: "dip", ...seconds(rate, 0.65, 0.8), factor: 0.5, phases: ["B"] },
    { kind: "interruption", ...seconds(rate, 1.1, 1.25), factor: 0.01, phases: ["A", "B", "C"] },
  ];
}

function sampleOptions(samplingRate: number): Partial<SampleOptions> {
  return {
    duration: 1.5,
    samplingRate,
    anomalyProbability: 0,
    noisePct: 0.3,
    harmonics: [{ order: 3, pct: 2 }],
    seed: 20260105,
  };
}

const PHASES = ["A", "B", "C"];

/** Writes every sample into `dir`; returns the files written. */
export function writeSamples(dir: string): string[] {
  const files: string[] = [];
  const comtrade = (
    name: string,
    rate: number,
    revision: 1999 | 2013,
    fileType: "ASCII" | "BINARY" | "FLOAT32",
  ) => {
    const written = writeGeneratedComtrade(
      join(dir, name),
      sampleOptions(rate),
      { phases: PHASES, placed: sampleEvents(rate) },
      {
        revision,
        fileType,
        station: "Sample substation",
        device: "make_samples",
        startTime: START,
        triggerTime: "2026-01-05T10:00:00.200000",
      },
    );
    files.push(...written.files);
  };
  comtrade("three-phase-1999-ascii.cfg", 2000, 1999, "ASCII");
  comtrade("three-phase-2013-binary.cfg", 2000, 2013, "BINARY");
  comtrade("three-phase-2013-float32.cff", 2000, 2013, "FLOAT32");
  files.push(writeTimedCsv(join(dir, "three-phase-timed.csv"), 1000));
  return files;
}

/** A CSV with its own ISO time column: `timestamp,ua,ub,uc`, voltages to 0.01 V. */
function writeTimedCsv(path: string, rate: number): string {
  const stream = new PolyphaseSampleStream(sampleOptions(rate), {
    phases: PHASES,
    placed: sampleEvents(rate),
  });
  const fd = openSync(path, "w");
  try {
    writeSync(fd, "timestamp,ua,ub,uc\n");
    for (let block = stream.next(4096); block; block = stream.next(4096)) {
      let text = "";
      for (let k = 0; k < block.length; k++) {
        const cells = block.channels.map((values) => (values[k] as number).toFixed(2));
        text += `${isoAt(block.offset + k, rate)},${cells.join(",")}\n`;
      }
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Sample i's wall-clock time, to the microsecond, without a zone. */
function isoAt(index: number, rate: number): string {
  const micros = Math.round((index * 1e6) / rate);
  const whole = new Date(START_MS + Math.floor(micros / 1000)).toISOString().slice(0, 19);
  return `${whole}.${String(micros % 1_000_000).padStart(6, "0")}`;
}
