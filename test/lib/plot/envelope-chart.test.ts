/**
 * The recording picture (lib/plot/envelope-chart.ts) as SVG, positions worked out by hand: each panel's plot area
 * runs from x = 60 to 1,180 (1,200 wide, margins 60 and 20) and from y = 20 to 180 (220 high, margins 20 and 40).
 */
import { describe, expect, test } from "bun:test";
import { parseHTML } from "linkedom";
import { type EnvelopeChartData, envelopeChartSvg } from "../../../lib/plot/envelope-chart.ts";

const data: EnvelopeChartData = {
  title: "feeder.cfg",
  channels: ["L1", "L2"],
  samplingRate: 1000,
  // Five columns of 0.5 s: 2.5 s over 1,120 pixels, 448 pixels a second.
  samplesPerColumn: 500,
  min: [
    [229, 172.5, 229, null, 229],
    [229, 229, 231, 229, 229],
  ],
  max: [
    [231, 229, 231, null, 231],
    [231, 231, 287.5, 231, 231],
  ],
  nominalVoltage: 230,
  events: [{ kind: "dip", start_s: 0.3, end_s: 0.45, phases: ["L1"], label: "1 dip 75 %" }],
};

function panels(svg: string) {
  const { document } = parseHTML(`<html><body>${svg}</body></html>`);
  return [...document.querySelectorAll("svg")].filter((s) =>
    (s.getAttribute("class") ?? "").startsWith("plot"),
  );
}

const num = (el: Element, name: string) => Number(el.getAttribute(name));

describe("envelopeChartSvg", () => {
  test("one panel per channel, each column a min-max band, a column with no data left out", () => {
    const all = panels(envelopeChartSvg(data));
    expect(all).toHaveLength(2);
    const [l1, l2] = all;
    const bands = (panel: Element) =>
      [...panel.querySelectorAll("g[fill] rect")].filter((r) => !r.getAttribute("fill"));
    expect(bands(l1!).map((r) => num(r, "x"))).toEqual([60, 284, 508, 956]);
    expect(bands(l2!).map((r) => num(r, "x"))).toEqual([60, 284, 508, 732, 956]);
    // 0.5 s a column = 224 pixels.
    expect(bands(l1!).every((r) => num(r, "width") === 224)).toBe(true);
    // The y scale runs 0 to 287.5 × 1.05 = 301.875 V over 160 pixels; the dip column spans 172.5-229 V
    // = 56.5 / 301.875 × 160 = 29.95 pixels, plus half a pixel each side.
    expect(num(bands(l1!)[1]!, "height")).toBeCloseTo(30.946, 2);
    expect(num(bands(l1!)[1]!, "y")).toBeCloseTo(180 - (229 / 301.875) * 160 - 0.5, 2);
  });

  test("an event is shaded and labelled on the channels it touched only", () => {
    const [l1, l2] = panels(envelopeChartSvg(data));
    const spans = (panel: Element) => [...panel.querySelectorAll('rect[fill="#f59e0b"]')];
    const [span] = spans(l1!);
    // 0.3-0.45 s: x = 60 + 0.3 × 448 = 194.4 to 261.6, widened a pixel each side.
    expect(num(span!, "x")).toBeCloseTo(193.4, 6);
    expect(num(span!, "width")).toBeCloseTo(69.2, 6);
    expect(num(span!, "height")).toBe(160);
    expect(spans(l2!)).toHaveLength(0);
    const labels = (panel: Element) => [...panel.querySelectorAll("text")].map((t) => t.textContent);
    expect(labels(l1!)).toContain("1 dip 75 %");
    expect(labels(l2!)).not.toContain("1 dip 75 %");
  });

  test("labels that would overlap the previous one, or run past the right edge, are left out", () => {
    // Every 0.1 s from 0.1 s: 44.8 pixels apart; a 10-character label takes 10 × 7.5 + 6 = 81 pixels, so every
    // other one fits. The last, at 2.45 s (x = 1,157.6), would end past 1,200.
    const events = [...Array.from({ length: 10 }, (_, k) => 0.1 * (k + 1)), 2.45].map((start_s, k) => ({
      kind: "dip",
      start_s,
      end_s: start_s + 0.02,
      phases: ["L1"],
      label: `${k} dip 75 %`,
    }));
    const [l1] = panels(envelopeChartSvg({ ...data, events }));
    const labels = [...l1!.querySelectorAll("text")]
      .map((t) => t.textContent)
      .filter((t) => t?.includes("dip"));
    expect(labels).toEqual(["0 dip 75 %", "2 dip 75 %", "4 dip 75 %", "6 dip 75 %", "8 dip 75 %"]);
    expect(l1!.querySelectorAll('rect[fill="#f59e0b"]')).toHaveLength(11);
  });

  test("a long recording is timed in hours, a few minutes in minutes", () => {
    const axis = (seconds: number) => {
      const svg = envelopeChartSvg({ ...data, samplesPerColumn: (seconds * 1000) / 5 });
      return [...parseHTML(svg).document.querySelectorAll("text")]
        .map((t) => t.textContent)
        .find((t) => t?.startsWith("Time"));
    };
    expect(axis(86400)).toBe("Time (hours from the start)");
    expect(axis(600)).toBe("Time (minutes from the start)");
    expect(axis(120)).toBe("Time (seconds from the start)");
  });
});
