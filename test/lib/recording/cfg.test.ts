import { describe, expect, test } from "bun:test";
import { parseCfg } from "../../../lib/recording/cfg.ts";
import { RecordingError } from "../../../lib/recording/types.ts";

const CFG_1999 = [
  "Substation North,Recorder 7,1999",
  "5,3A,2D",
  "1,UA,A,Feeder 1,kV,0.01,0.5,0,-32767,32767,20,0.1,P",
  "2,UB,B,Feeder 1,V,0.2,-1,0,-32767,32767,20000,100,S",
  "3,IA,A,Feeder 1,A,0.05,0,0,-32767,32767,400,1,S",
  "1,Breaker open,,Feeder 1,0",
  "2,Trip,,,1",
  "50",
  "2",
  "4000,800",
  "1000,1000",
  "05/01/2026,10:00:00.000000",
  "05/01/2026,10:00:00.125000",
  "BINARY",
  "1",
].join("\r\n");

describe("parseCfg", () => {
  test("a 1999 file: ids, channels, scaling to primary volts, rates, stamps, type", () => {
    const cfg = parseCfg(CFG_1999, "north.cfg");
    expect(cfg.station).toBe("Substation North");
    expect(cfg.device).toBe("Recorder 7");
    expect(cfg.revision).toBe(1999);
    expect(cfg.analog.map((c) => [c.name, c.phase, c.units, c.quantity])).toEqual([
      ["UA", "A", "V", "voltage"],
      ["UB", "B", "V", "voltage"],
      ["IA", "A", "A", "other"],
    ]);
    const [ua, ub, ia] = cfg.analog;
    // UA: primary kV: raw 1000 -> 0.01 * 1000 + 0.5 = 10.5 kV = 10500 V.
    expect((ua?.gain ?? 0) * 1000 + (ua?.offset ?? 0)).toBeCloseTo(10500, 9);
    // UB: secondary V, ratio 20000/100 = 200: raw 100 -> (0.2 * 100 - 1) * 200 = 3800 V.
    expect((ub?.gain ?? 0) * 100 + (ub?.offset ?? 0)).toBeCloseTo(3800, 9);
    // IA: secondary A, ratio 400: raw 10 -> 0.05 * 10 * 400 = 200 A.
    expect((ia?.gain ?? 0) * 10 + (ia?.offset ?? 0)).toBeCloseTo(200, 9);
    expect(ua?.ps).toBe("P");
    expect(ub?.primary).toBe(20000);
    expect(cfg.status.map((s) => [s.name, s.normalState])).toEqual([
      ["Breaker open", 0],
      ["Trip", 1],
    ]);
    expect(cfg.lineFrequency).toBe(50);
    expect(cfg.rates).toEqual([
      { rate: 4000, endSample: 800 },
      { rate: 1000, endSample: 1000 },
    ]);
    expect(cfg.endSample).toBe(1000);
    expect(cfg.startTime).toBe("2026-01-05T10:00:00.000000");
    expect(cfg.triggerTime).toBe("2026-01-05T10:00:00.125000");
    expect(cfg.fileType).toBe("BINARY");
    expect(cfg.timeMultiplier).toBe(1);
    expect(cfg.warnings).toEqual([]);
  });

  test("a 1991 file: no revision, mm/dd/yy stamps with a warning, short channel lines, no multiplier", () => {
    const text = [
      "OLD STATION,OLD DEVICE",
      "2,1A,1D",
      "1,VA,A,,V,2,0,0,-2048,2047",
      "1,RELAY,0",
      "60",
      "0",
      "0,5",
      "12/31/95,23:59:59.5",
      "12/31/95,23:59:59.75",
      "ascii",
    ].join("\n");
    const cfg = parseCfg(text, "old.cfg");
    expect(cfg.revision).toBe(1991);
    expect(cfg.analog[0]?.gain).toBe(2);
    expect(cfg.status[0]?.name).toBe("RELAY");
    expect(cfg.rates).toEqual([]);
    expect(cfg.endSample).toBe(5);
    expect(cfg.startTime).toBe("1995-12-31T23:59:59.500000");
    expect(cfg.fileType).toBe("ASCII");
    expect(cfg.timeMultiplier).toBe(1);
    expect(cfg.warnings).toEqual([
      'old.cfg line 8: two-digit year "95" read as 1995',
      'old.cfg line 9: two-digit year "95" read as 1995',
      'old.cfg line 10: file type "ascii" read as ASCII',
    ]);
  });

  test("a 2013 file: time code lines tolerated, time multiplier read, trailing SUB padding dropped", () => {
    const text = `${[
      "S,D,2013",
      "1,1A,0D",
      "1,U1,,,V,1,0,0,-1,1,1,1,p",
      "50",
      "1",
      "1000,10",
      "01/02/2026,00:00:00.000000",
      "01/02/2026,00:00:00.000000",
      "FLOAT32",
      "0.5",
      "+1h,+1h",
      "0,0",
    ].join("\n")}\n\x1a\x1a\x1a`;
    const cfg = parseCfg(text, "new.cfg");
    expect(cfg.revision).toBe(2013);
    expect(cfg.timeMultiplier).toBe(0.5);
    expect(cfg.fileType).toBe("FLOAT32");
    expect(cfg.startTime).toBe("2026-02-01T00:00:00.000000");
    expect(cfg.analog[0]?.ps).toBe("P");
    expect(cfg.warnings).toEqual(['new.cfg line 3: channel U1 PS flag "p" read as P']);
  });

  const broken = (replace: [string, string], message: RegExp) => () => {
    const text = CFG_1999.replace(replace[0], replace[1]);
    expect(() => parseCfg(text, "north.cfg")).toThrow(RecordingError);
    expect(() => parseCfg(text, "north.cfg")).toThrow(message);
  };
  test(
    "unknown file type names the line",
    broken(["BINARY", "BINARY64"], /north\.cfg line 14: unknown file type "BINARY64"/),
  );
  test(
    "a non-numeric multiplier names the channel",
    broken(["kV,0.01", "kV,x"], /north\.cfg line 3: channel UA multiplier a is "x", not a number/),
  );
  test("counts that do not add up", broken(["5,3A,2D", "6,3A,2D"], /line 2: TT is 6 but 3A \+ 2D = 5/));
  test("a file that stops early", () => {
    expect(() => parseCfg(CFG_1999.split("\r\n").slice(0, 9).join("\n"), "cut.cfg")).toThrow(
      /cut\.cfg ends before the sampling rate 1 line \(line 10\)/,
    );
  });
  test("a bad time stamp", broken(["05/01/2026,10:00:00.000000", "2026-01-05 10:00"], /line 12: time stamp/));
});
