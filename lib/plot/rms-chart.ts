import * as Plot from "@observablehq/plot";
import type { RmsModel, VoltageEvent } from "../signal/index.ts";
import { plotDocument, stackSvgs, svgToPng, titledChart } from "./render.ts";

export interface RmsChartData {
  /** U_rms(1/2) values: time (s) of each window's end and volts. */
  time: number[];
  rms: number[];
  /** With several channels: the channel of each value (one line per channel). */
  channel?: string[];
  events: readonly VoltageEvent[];
  model: RmsModel;
}

const WIDTH = 1200;
const HEIGHT = 360;
const COLORS: Record<string, string> = { dip: "#f59e0b", interruption: "#ef4444", swell: "#8b5cf6" };
const LINE_COLORS = ["#2563eb", "#16a34a", "#db2777", "#0891b2", "#9333ea", "#65a30d"];

/** The U_rms(1/2) trace with the dip, swell and interruption thresholds, each detected event shaded. */
export function rmsChartPng({ time, rms, channel, events, model }: RmsChartData): Uint8Array {
  const ref = model.referenceVoltage;
  const level = (pct: number) => (pct / 100) * ref;
  let top = level(model.swellPct) * 1.05;
  for (const v of rms) top = Math.max(top, v * 1.02);
  const rows = time.map((t, i) => ({ t, v: rms[i], c: channel?.[i] ?? "" }));
  const lines = [...new Set(channel ?? [""])];
  const color = (name: string) => LINE_COLORS[lines.indexOf(name) % LINE_COLORS.length] as string;
  const chart = Plot.plot({
    document: plotDocument(),
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 60,
    marginBottom: 40,
    style: { fontSize: "13px", fontFamily: "Noto Sans" },
    x: { label: "Time (s)", labelArrow: "none", labelAnchor: "center" },
    y: { label: "U_rms(1/2) (V)", labelArrow: "none", grid: true, domain: [0, top] },
    marks: [
      Plot.rectX(events, {
        x1: "start_s",
        x2: "end_s",
        y1: 0,
        y2: top,
        fill: (e: VoltageEvent) => COLORS[e.kind] ?? "#94a3b8",
        fillOpacity: 0.25,
      }),
      Plot.ruleY([level(model.dipPct), level(model.swellPct)], { stroke: "#ef4444", strokeDasharray: "6,4" }),
      Plot.ruleY([level(model.interruptionPct)], { stroke: "#7f1d1d", strokeDasharray: "2,3" }),
      channel
        ? Plot.lineY(rows, {
            x: "t",
            y: "v",
            z: "c",
            stroke: (r: { c: string }) => color(r.c),
            strokeWidth: 1,
          })
        : Plot.lineY(rows, { x: "t", y: "v", stroke: color(""), strokeWidth: 1 }),
    ],
  });
  const panel = titledChart(chart, {
    width: WIDTH,
    height: HEIGHT,
    title: `U_rms(1/2) with ${events.length} event(s), reference ${ref.toFixed(1)} V`,
    legend: [
      ...lines.map((name) => ({
        label: name === "" ? "U_rms(1/2)" : `U_rms(1/2) ${name}`,
        color: color(name),
      })),
      { label: `dip ${model.dipPct} % / swell ${model.swellPct} %`, color: "#ef4444", dashed: true },
      { label: `interruption ${model.interruptionPct} %`, color: "#7f1d1d", dashed: true },
      { label: "dip", color: "#fcd34d" },
      { label: "swell", color: "#c4b5fd" },
      { label: "interruption", color: "#fca5a5" },
    ],
  });
  return svgToPng(stackSvgs([panel], WIDTH));
}
