/**
 * Cutting a recording into overlapping segments, detecting each alone and stitching their events gives what
 * one pass over the whole recording gives (issue 15's target: same count, start and end within 1 ms,
 * residual within 0.1 %), on random three-phase recordings whose events are placed on segment boundaries,
 * across several boundaries, and at the recording's ends.
 */
import { describe, expect, test } from "bun:test";
import { type CutSegment, cutSegments } from "../../../lib/ingest/cutter.ts";
import { detectSegment, recordingRmsSettings } from "../../../lib/ingest/detect-segment.ts";
import { segmentLayout } from "../../../lib/ingest/layout.ts";
import { stitchEvents } from "../../../lib/ingest/stitch.ts";
import type { SampleBlock } from "../../../lib/recording/index.ts";
import { detectPhaseEvents, type PhaseEvent, Xoshiro128 } from "../../../lib/signal/index.ts";
import type { PhaseEventWire } from "../../../lib/timeseries/recordings.ts";
import {
  decodeSegment,
  encodeInt16Segment,
  encodeSegment,
  floatChannels,
  type Int16Scale,
} from "../../../lib/timeseries/segment-bytes.ts";

const NAMES = ["VA", "VB", "VC"];
const RATE = 2000;
const FREQUENCY = 50;
const NOMINAL = 230;
const SEGMENT_SECONDS = 2;

interface Placed {
  start: number;
  length: number;
  factor: number;
  phases: number[];
}

/** Three phases 120° apart at 230 V, each placed event scaling its phases by `factor`; float32 as stored. */
function recording(seconds: number, placed: Placed[]): Float64Array[] {
  const n = seconds * RATE;
  const peak = NOMINAL * Math.SQRT2;
  return NAMES.map((_, c) => {
    const scale = new Float64Array(n).fill(1);
    for (const p of placed)
      if (p.phases.includes(c)) scale.fill(p.factor, p.start, Math.min(n, p.start + p.length));
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++)
      out[i] = Math.fround(
        scale[i]! * peak * Math.sin(2 * Math.PI * FREQUENCY * (i / RATE) - (2 * Math.PI * c) / 3),
      );
    return out;
  });
}

async function* blocksOf(channels: Float64Array[], size: number): AsyncGenerator<SampleBlock> {
  const n = channels[0]!.length;
  for (let offset = 0; offset < n; offset += size) {
    const end = Math.min(n, offset + size);
    yield {
      offset,
      time: new Float64Array(end - offset),
      channels: channels.map((c) => c.subarray(offset, end)),
    };
  }
}

async function stitched(
  channels: Float64Array[],
  blockSize: number,
  int16?: Int16Scale[],
): Promise<PhaseEventWire[]> {
  const layout = segmentLayout(RATE, FREQUENCY, SEGMENT_SECONDS, channels[0]!.length);
  const settings = recordingRmsSettings({
    samplingRate: RATE,
    frequency: FREQUENCY,
    nominalVoltage: NOMINAL,
  });
  const results = [];
  const cut = cutSegments(blocksOf(channels, blockSize), layout, NAMES.length, int16);
  for (let next = await cut.next(); !next.done; next = await cut.next()) {
    const s = next.value;
    expect("raw" in s.values).toBe(int16 !== undefined);
    const values = floatChannels(s.values);
    results.push({
      segment: s.index,
      events: detectSegment(values, s.start, s.index, layout, settings, NAMES).events,
    });
  }
  return stitchEvents(results, layout);
}

function singlePass(channels: Float64Array[]): PhaseEvent[] {
  const settings = recordingRmsSettings({
    samplingRate: RATE,
    frequency: FREQUENCY,
    nominalVoltage: NOMINAL,
  });
  return detectPhaseEvents(channels, settings, NAMES);
}

function expectSame(actual: PhaseEventWire[], expected: PhaseEvent[], what: string): void {
  const view = (e: PhaseEventWire | PhaseEvent) =>
    `${e.kind} ${e.start_s.toFixed(4)}..${e.end_s.toFixed(4)} [${e.phases.join(",")}]`;
  expect({ what, count: actual.length, events: actual.map(view) }).toEqual({
    what,
    count: expected.length,
    events: expect.any(Array),
  });
  for (const [i, e] of expected.entries()) {
    const a = actual[i]!;
    const where = `${what}: event ${i} (${view(e)} vs ${view(a)})`;
    expect({ where, kind: a.kind, phases: [...a.phases].sort(), cut: a.cut }).toEqual({
      where,
      kind: e.kind,
      phases: [...e.phases].sort(),
      cut: e.cut,
    });
    expect({ where, start: Math.abs(a.start_s - e.start_s) <= 0.001 }).toEqual({ where, start: true });
    expect({ where, end: Math.abs(a.end_s - e.end_s) <= 0.001 }).toEqual({ where, end: true });
    expect({ where, residual: Math.abs(a.residual_v - e.residual_v) <= 0.001 * e.residual_v }).toEqual({
      where,
      residual: true,
    });
  }
}

/** Events placed at random, most of them straddling a boundary (some across several), none overlapping. */
function randomPlacement(random: Xoshiro128, seconds: number): Placed[] {
  const L = SEGMENT_SECONDS * RATE;
  const placed: Placed[] = [];
  let at = Math.floor(0.3 * RATE);
  while (at < (seconds - 0.5) * RATE) {
    const boundary = Math.ceil(at / L) * L;
    const nearBoundary = random.next() < 0.7;
    const length = Math.floor(
      RATE * (random.next() < 0.2 ? 2 + random.next() * 3 : 0.03 + random.next() * 0.6),
    );
    const start = nearBoundary
      ? Math.max(at, boundary - Math.floor(random.next() * length) + Math.floor((random.next() - 0.5) * 40))
      : at + Math.floor(random.next() * RATE);
    const roll = random.next();
    const factor = roll < 0.15 ? 0.01 : roll < 0.3 ? 1.2 : 0.1 + random.next() * 0.7;
    const phases =
      factor < 0.05
        ? [0, 1, 2]
        : [0, 1, 2].filter(() => random.next() < 0.5).concat([Math.floor(random.next() * 3)]);
    placed.push({ start, length, factor, phases: [...new Set(phases)] });
    at = start + length + Math.floor(0.4 * RATE);
  }
  return placed;
}

describe("stitched segment events equal a single pass", () => {
  test("an event on one boundary, one across two boundaries, one cut at each end of the recording", async () => {
    const L = SEGMENT_SECONDS * RATE;
    const channels = recording(12, [
      { start: 0, length: 300, factor: 0.5, phases: [0] },
      { start: L - 150, length: 400, factor: 0.4, phases: [1] },
      { start: 2 * L - 500, length: 2 * L + 900, factor: 0.6, phases: [0, 2] },
      { start: 6 * L - 250, length: 250, factor: 0.7, phases: [2] },
    ]);
    const expected = singlePass(channels);
    expect(expected.map((e) => e.cut)).toEqual([true, false, false, true]);
    expectSame(await stitched(channels, 1000), expected, "fixed placement");
  });

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 33]) {
    test(`random recording ${seed}: same events, block size independent`, async () => {
      const random = new Xoshiro128(seed);
      const seconds = 16 + Math.floor(random.next() * 8);
      const channels = recording(seconds, randomPlacement(random, seconds));
      const expected = singlePass(channels);
      expect(expected.length).toBeGreaterThan(3);
      expectSame(await stitched(channels, 4096), expected, `seed ${seed}`);
      expectSame(await stitched(channels, 777), expected, `seed ${seed}, blocks of 777`);
    });
  }

  test("int16 segments of a recording of 16-bit values give the same events as one pass", async () => {
    const random = new Xoshiro128(11);
    // A BINARY recorder's values: gain·raw + offset of 16-bit raw values.
    const scale = NAMES.map((_, c) => ({ gain: 0.0125 * (c + 1), offset: c - 1 }));
    const raw = recording(18, randomPlacement(random, 18)).map((values, c) =>
      values.map((v) => Math.round((v - scale[c]!.offset) / scale[c]!.gain)),
    );
    const scaled = raw.map((values, c) => values.map((r) => scale[c]!.gain * r + scale[c]!.offset));
    const expected = singlePass(scaled);
    expect(expected.length).toBeGreaterThan(3);
    // The cutter gets the raw values (a BINARY file read with rawInt16), the detector their scaled float32.
    expectSame(await stitched(raw, 1000, scale), expected, "int16 segments");
  });
});

/** The segment's values as float32 channels; fails on int16 ones. */
function floats(s: CutSegment): readonly Float32Array[] {
  if ("raw" in s.values) throw new Error(`segment ${s.index} is int16`);
  return s.values;
}

describe("cutting", () => {
  const layout = (total: number | null) => segmentLayout(RATE, FREQUENCY, SEGMENT_SECONDS, total);

  async function cutAll(n: number, total: number | null, blockSize: number) {
    // Channel c's sample i is c·1e6 + i (exact in float32 below 2^24).
    const channels = NAMES.map((_, c) => Float64Array.from({ length: n }, (_, i) => c * 1e6 + i));
    const segments = [];
    const cut = cutSegments(blocksOf(channels, blockSize), layout(total), NAMES.length);
    let next = await cut.next();
    for (; !next.done; next = await cut.next()) segments.push(next.value);
    return { segments, totalSamples: next.value.totalSamples };
  }

  for (const total of ["declared", "unknown"] as const)
    test(`segments hold their stored ranges, as consecutive views of one buffer (length ${total})`, async () => {
      const L = SEGMENT_SECONDS * RATE;
      const overlap = layout(null).overlapSamples;
      const n = 3 * L + 700;
      for (const blockSize of [1, 333, 4096, n]) {
        const { segments, totalSamples } = await cutAll(n, total === "declared" ? n : null, blockSize);
        expect(totalSamples).toBe(n);
        expect(segments.map((s) => [s.index, s.start, floats(s)[0]!.length])).toEqual([
          [0, 0, L + overlap],
          [1, L - overlap, L + 2 * overlap],
          [2, 2 * L - overlap, L + 2 * overlap],
          [3, 3 * L - overlap, 700 + overlap],
        ]);
        for (const s of segments) {
          const channels = floats(s);
          const length = channels[0]!.length;
          channels.forEach((values, c) => {
            expect(values.buffer).toBe(channels[0]!.buffer);
            expect(values.byteOffset).toBe(channels[0]!.byteOffset + c * length * 4);
            expect([values[0], values[length - 1]]).toEqual([
              c * 1e6 + s.start,
              c * 1e6 + s.start + length - 1,
            ]);
          });
          // The wire bytes are the segment's own buffer.
          expect(encodeSegment(channels).buffer === channels[0]!.buffer).toBe(true);
          expect(decodeSegment(encodeSegment(channels), NAMES.length)).toEqual([...channels]);
        }
      }
    });

  test("with int16 scales (raw values of a COMTRADE BINARY file): segments keep them, as consecutive views of one buffer", async () => {
    const L = SEGMENT_SECONDS * RATE;
    const n = 3 * L + 700;
    const scale = NAMES.map((_, c) => ({ gain: 0.1 / (c + 1), offset: 5 * c }));
    // Raw -32768 is a missing sample; the cutter keeps it as it is.
    const rawAt = (c: number, i: number) =>
      c === 1 && i === 123 ? -32768 : ((i * 7 + c * 1000) % 60000) - 30000;
    const raw = NAMES.map((_, c) => Float64Array.from({ length: n }, (_, i) => rawAt(c, i)));
    for (const blockSize of [1, 333, n]) {
      const segments: CutSegment[] = [];
      const cut = cutSegments(blocksOf(raw, blockSize), layout(n), NAMES.length, scale);
      for (let next = await cut.next(); !next.done; next = await cut.next()) segments.push(next.value);
      expect(segments.map((s) => s.index)).toEqual([0, 1, 2, 3]);
      for (const s of segments) {
        if (!("raw" in s.values)) throw new Error(`segment ${s.index} was not kept as int16`);
        const values = s.values.raw;
        expect(s.values.scale).toEqual(scale);
        const length = values[0]!.length;
        values.forEach((channel, c) => {
          expect(channel.byteOffset).toBe(values[0]!.byteOffset + c * length * 2);
          const expected = Array.from({ length }, (_, k) => rawAt(c, s.start + k));
          expect({ blockSize, segment: s.index, c, raw: Array.from(channel) }).toEqual({
            blockSize,
            segment: s.index,
            c,
            raw: expected,
          });
        });
        expect(encodeInt16Segment(values).buffer === values[0]!.buffer).toBe(true);
        // Scaled: gain·raw + offset as float32, NaN where the raw value is missing.
        floatChannels(s.values).forEach((channel, c) => {
          const expected = Array.from({ length }, (_, k) => {
            const r = rawAt(c, s.start + k);
            return r === -32768 ? Number.NaN : Math.fround(scale[c]!.gain * r + scale[c]!.offset);
          });
          expect({ segment: s.index, c, values: Array.from(channel) }).toEqual({
            segment: s.index,
            c,
            values: expected,
          });
        });
      }
    }
  });

  test("more samples than declared, or fewer, is an error", async () => {
    await expect(cutAll(1000, 999, 400)).rejects.toThrow(
      "the recording has more samples than the 999 it declares",
    );
    await expect(cutAll(1000, 1001, 400)).rejects.toThrow(
      "the recording ended after 1000 of the 1001 samples it declares",
    );
  });
});
