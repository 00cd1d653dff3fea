import * as Plot from "@observablehq/plot";
import { plotDocument, stackSvgs, svgToPng, titledChart } from "./render.ts";

export interface KlChartData {
  kls: Float64Array;
  threshold: number;
  truth: Uint8Array;
  rule: string;
}

const WIDTH = 1200;
const PANEL_HEIGHT = 300;

/** The tutorial's kl_div_res picture: KL per chunk with the threshold line above, ground truth below. */
export function klChartPng({ kls, threshold, truth, rule }: KlChartData): Uint8Array {
  const document = plotDocument();
  const klRows = Array.from(kls, (kl, chunk) => ({ chunk, kl }));
  const truthRows = Array.from(truth, (value, chunk) => ({ chunk, value }));
  const common = {
    document,
    width: WIDTH,
    height: PANEL_HEIGHT,
    marginLeft: 70,
    marginBottom: 40,
    style: { fontSize: "13px", fontFamily: "Noto Sans" },
  };
  const top = Plot.plot({
    ...common,
    x: { label: "Chunk Index", labelArrow: "none", labelAnchor: "center" },
    y: { label: "KL Divergence", labelArrow: "none", grid: true },
    marks: [
      Plot.lineY(klRows, { x: "chunk", y: "kl", stroke: "#2563eb" }),
      Plot.ruleY([threshold], { stroke: "#ef4444", strokeDasharray: "6,4", strokeWidth: 1.5 }),
    ],
  });
  const bottom = Plot.plot({
    ...common,
    x: { label: "Chunk Index", labelArrow: "none", labelAnchor: "center" },
    y: { label: "Anomaly (0 or 1)", labelArrow: "none", grid: true, domain: [0, 1], ticks: [0, 1] },
    marks: [Plot.lineY(truthRows, { x: "chunk", y: "value", stroke: "#16a34a" })],
  });
  const panels = [
    titledChart(top, {
      width: WIDTH,
      height: PANEL_HEIGHT,
      title: "KL Divergence Over Chunks",
      legend: [
        { label: "KL Divergence", color: "#2563eb" },
        { label: `Threshold ${threshold.toPrecision(4)} (${rule})`, color: "#ef4444", dashed: true },
      ],
    }),
    titledChart(bottom, {
      width: WIDTH,
      height: PANEL_HEIGHT,
      title: "Ground Truth Anomalies (is_anomaly)",
      legend: [{ label: "True Anomalies", color: "#16a34a" }],
    }),
  ];
  return svgToPng(stackSvgs(panels, WIDTH));
}
