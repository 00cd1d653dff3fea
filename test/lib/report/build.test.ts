/** lib/report: wall-clock starts, residuals against the nominal voltage, EN 50160 cells, the text, by hand. */
import { describe, expect, test } from "bun:test";
import {
  buildReport,
  formatReport,
  stampMicros,
  wallClock,
  waveformWindow,
} from "../../../lib/report/index.ts";
import type { MergedEnvelope, PhaseEventWire } from "../../../lib/timeseries/recordings.ts";
import { REPORT_EVENTS, recordingWire } from "../../support/report.ts";

const at = (stamp: string, seconds: number) => wallClock(stampMicros(stamp)!, seconds);

describe("wall clock: the start stamp plus seconds, to the microsecond", () => {
  test("seconds are added to the stamp and written with six decimals", () => {
    expect(at("2026-01-05T10:00:00.000000", 4.2)).toBe("2026-01-05T10:00:04.200000");
    expect(at("2026-01-05T10:00:00.000000", 0)).toBe("2026-01-05T10:00:00.000000");
    // 3,723.000001 s = 1 h 2 min 3 s and 1 µs.
    expect(at("2026-01-05T10:00:00.000000", 3723.000001)).toBe("2026-01-05T11:02:03.000001");
  });

  test("it carries over midnight, the year and a leap day", () => {
    expect(at("2026-12-31T23:59:59.999990", 0.000015)).toBe("2027-01-01T00:00:00.000005");
    expect(at("2028-02-28T23:59:59.500000", 1)).toBe("2028-02-29T00:00:00.500000");
    expect(at("2026-02-28T23:59:59.500000", 1)).toBe("2026-03-01T00:00:00.500000");
  });

  test("a stamp with fewer decimals counts them as written; a day that does not exist is refused", () => {
    expect(at("2026-01-05T10:00:00.5", 0.25)).toBe("2026-01-05T10:00:00.750000");
    expect(at("2026-01-05T10:00:00", 86400)).toBe("2026-01-06T10:00:00.000000");
    expect(stampMicros("2026-02-30T10:00:00.000000")).toBeNull();
    expect(stampMicros("05/01/2026,10:00:00.000000")).toBeNull();
    expect(stampMicros("2026-01-05T24:00:00")).toBeNull();
  });
});

const envelope: MergedEnvelope = {
  columns: 5,
  samples_per_column: 500,
  channels: ["L1", "L2", "L3"],
  min: [
    [229, 172.5, 229, null, 229],
    [229, 229, 231, 229, null],
    [null, null, null, null, null],
  ],
  max: [
    [231, 229, 231, null, 231],
    [231, 231, 287.5, 231, null],
    [null, null, null, null, null],
  ],
};

/** One event of each EN 50160 cell kind, residual_pct given against another reference (240 V). */
function event(kind: PhaseEventWire["kind"], start_s: number, duration_s: number, residual_v: number) {
  return {
    kind,
    start_s,
    // Rounded as a detector's times are (0.3 + 0.15 is 0.44999999999999996 in binary).
    end_s: Math.round((start_s + duration_s) * 1e6) / 1e6,
    duration_s,
    residual_v,
    residual_pct: (100 * residual_v) / 240,
    cut: false,
    phases: ["L1"],
  } satisfies PhaseEventWire;
}

describe("buildReport", () => {
  test("the summary: source, channels with their U_rms(1/2) range, rate, start, duration, nominal voltage", () => {
    const report = buildReport(recordingWire(), REPORT_EVENTS, envelope);
    expect(report.recording).toEqual({
      id: "rec",
      source: "feeder.cfg",
      format: "comtrade",
      channels: [
        { name: "L1", phase: "1", units: "V", min_v: 172.5, max_v: 231 },
        { name: "L2", phase: "2", units: "V", min_v: 229, max_v: 287.5 },
        { name: "L3", phase: "3", units: "V", min_v: null, max_v: null },
      ],
      sampling_rate: 1000,
      frequency: 50,
      start_time: "2026-01-05T10:00:00.000000",
      // 2,500 samples at 1 kHz.
      duration_s: 2.5,
      total_samples: 2500,
      nominal_voltage: 230,
      segments: { count: 3, stored: 3, done: 3 },
      complete: true,
      events_stitched: true,
      warnings: ["line 3: trailing comma tolerated"],
    });
  });

  test("events: wall-clock start, phases, duration, residual in V and in % of the nominal 230 V, in time order", () => {
    const events = [event("swell", 1.5, 0.1, 287.5), event("dip", 0.3, 0.15, 172.5)];
    const report = buildReport(recordingWire(), events, envelope);
    expect(report.events).toEqual([
      {
        kind: "dip",
        phases: ["L1"],
        start_s: 0.3,
        end_s: 0.45,
        duration_s: 0.15,
        start_time: "2026-01-05T10:00:00.300000",
        residual_v: 172.5,
        // 172.5 / 230 = 75 % (the event said 71.9 %, of 240 V).
        residual_pct: 75,
        cut: false,
      },
      {
        kind: "swell",
        phases: ["L1"],
        start_s: 1.5,
        end_s: 1.6,
        duration_s: 0.1,
        start_time: "2026-01-05T10:00:01.500000",
        residual_v: 287.5,
        residual_pct: 125,
        cut: false,
      },
    ]);
  });

  test("no start stamp: times stay seconds from the first sample; a stamp that is not ISO gives a warning", () => {
    const none = buildReport(recordingWire({ start_time: null }), REPORT_EVENTS, envelope);
    expect(none.events.map((e) => e.start_time)).toEqual([null, null]);
    expect(none.recording.warnings).toEqual(["line 3: trailing comma tolerated"]);
    const text = formatReport(none).join("\n");
    expect(text).toContain("start: not given (times are seconds from the first sample)");
    expect(text).toMatch(/dip +L1 +\+0\.3 s +150\.0 ms +172\.5 V +75\.0 %/);

    const odd = buildReport(recordingWire({ start_time: "05/01/2026 10:00" }), REPORT_EVENTS, envelope);
    expect(odd.events.map((e) => e.start_time)).toEqual([null, null]);
    expect(odd.recording.warnings[1]).toBe(
      'start time "05/01/2026 10:00" is not an ISO 8601 stamp: events are timed in seconds from the first sample',
    );
  });

  test("EN 50160 tables: each event in its cell by % of nominal and duration, the rest counted outside", () => {
    const events = [
      event("dip", 1, 0.15, 172.5), // 75 %, 150 ms: 80 > u >= 70, 10-200 ms
      event("dip", 2, 0.3, 115), // 50 %, 300 ms: 70 > u >= 40, 200-500 ms
      event("dip", 3, 0.2, 115), // 50 %, exactly 200 ms: still 10-200 ms
      event("interruption", 4, 2, 2.3), // 1 %, 2 s: 5 > u, 1-5 s
      event("dip", 7, 0.005, 161), // 5 ms: shorter than the table
      event("swell", 8, 0.1, 287.5), // 125 %, 100 ms: u >= 120, 10-500 ms
      event("swell", 9, 0.8, 264.5), // 115 %, 0.8 s: 120 > u > 110, 0.5-5 s
      event("swell", 10, 0.6, 276), // 120 %, 0.6 s: u >= 120, 0.5-5 s
    ];
    const { dips, swells } = buildReport(recordingWire(), events, envelope).tables;
    expect(dips.rows).toEqual([
      "90 > u >= 80",
      "80 > u >= 70",
      "70 > u >= 40",
      "40 > u >= 5",
      "5 > u (interruption)",
    ]);
    expect(dips.counts).toEqual([
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [1, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0],
    ]);
    expect(dips.outside).toBe(1);
    expect(swells.counts).toEqual([
      [1, 1, 0],
      [0, 1, 0],
    ]);
    expect(swells.outside).toBe(0);
  });

  test("before the stitcher: no events, said so; the tables are empty", () => {
    const report = buildReport(recordingWire({}, null), [], envelope);
    expect(report.recording.events_stitched).toBe(false);
    expect(report.tables.dips.counts.flat().reduce((a, b) => a + b, 0)).toBe(0);
    expect(formatReport(report)).toContain(
      "events: not stitched yet (the stitch process has not stored them)",
    );
  });
});

describe("formatReport", () => {
  test("prints the summary, an event table and both EN 50160 tables", () => {
    const lines = formatReport(buildReport(recordingWire(), REPORT_EVENTS, envelope));
    expect(lines.slice(0, 10)).toEqual([
      "recording rec",
      "  source: feeder.cfg (comtrade)",
      "  channels: L1 (phase 1), L2 (phase 2), L3 (phase 3)",
      "  sampling rate: 1000 Hz, line frequency 50 Hz, nominal voltage 230 V",
      "  start: 2026-01-05T10:00:00.000000",
      "  duration: 2.5 s (2500 samples)",
      "  segments: 3 of 3 detected (3 stored)",
      "  U_rms(1/2) L1: 172.5-231.0 V",
      "  U_rms(1/2) L2: 229.0-287.5 V",
      "  warning: line 3: trailing comma tolerated",
    ]);
    expect(lines.slice(11, 16)).toEqual([
      "2 event(s):",
      "  #  kind   phases  start                       duration  residual        %",
      "  -  -----  ------  --------------------------  --------  --------  -------",
      "  1  dip    L1      2026-01-05T10:00:00.300000  150.0 ms   172.5 V   75.0 %",
      "  2  swell  L2,L3   2026-01-05T10:00:01.500000  100.0 ms   287.5 V  125.0 %",
    ]);
    const text = lines.join("\n");
    expect(text).toContain("| 80 > u >= 70         | 1         | 0          |");
    expect(text).toContain("| u >= 120      | 1         | 0       | 0      |");
  });
});

describe("waveformWindow: the samples around an event", () => {
  test("the event with a margin of a quarter of its duration, at least 0.1 s and at most 1 s", () => {
    // 0.3-0.45 s at 1 kHz: margin 0.1 s, samples 200 to 550.
    expect(waveformWindow({ start_s: 0.3, end_s: 0.45 }, 1000, 2500)).toEqual({ start: 200, count: 350 });
    // 2-4 s at 10 kHz: margin 0.5 s, 1.5-4.5 s.
    expect(waveformWindow({ start_s: 2, end_s: 4 }, 10_000, null)).toEqual({ start: 15_000, count: 30_000 });
    // 10-30 s: margin 1 s, 9-31 s = 22,000 samples at 1 kHz.
    expect(waveformWindow({ start_s: 10, end_s: 30 }, 1000, null)).toEqual({ start: 9000, count: 22_000 });
  });

  test("cut to the recording and to the store's 100,000 samples", () => {
    expect(waveformWindow({ start_s: 0.05, end_s: 0.1 }, 1000, 2500)).toEqual({ start: 0, count: 200 });
    expect(waveformWindow({ start_s: 2.4, end_s: 2.5 }, 1000, 2500)).toEqual({ start: 2300, count: 200 });
    // 10-30 s at 20 kHz would be 440,000 samples: the first 100,000 from 9 s.
    expect(waveformWindow({ start_s: 10, end_s: 30 }, 20_000, null)).toEqual({
      start: 180_000,
      count: 100_000,
    });
  });
});
