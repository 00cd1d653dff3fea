import * as Plot from "@observablehq/plot";
import { plotDocument, stackSvgs, svgToPng, titledChart } from "./render.ts";

export interface WaveWindow {
  time: Float64Array;
  normal: Float64Array;
  anomaly: Float64Array;
  labels: Uint8Array;
}

/** Time spans [start, end) where labels are 1. */
export function labelSpans(
  time: Float64Array,
  labels: Uint8Array,
  step: number,
): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let open = -1;
  for (let i = 0; i <= labels.length; i++) {
    const on = i < labels.length && labels[i] === 1;
    if (on && open < 0) open = i;
    if (!on && open >= 0) {
      spans.push({ start: time[open]!, end: time[i - 1]! + step });
      open = -1;
    }
  }
  return spans;
}

const WIDTH = 1200;
const PANEL_HEIGHT = 280;

/** The tutorial's anomalies picture: the normal wave above, the anomalous wave below with anomalies shaded red. */
export function anomaliesPng(window: WaveWindow, step: number): Uint8Array {
  const { time, normal, anomaly, labels } = window;
  let peak = 1;
  // Both waves: a swell rises above the normal wave's peak.
  for (const values of [normal, anomaly]) for (const v of values) peak = Math.max(peak, Math.abs(v));
  const yMax = peak * 1.1;
  const panel = (values: Float64Array, color: string, shaded: boolean) => {
    const rows = Array.from(time, (t, i) => ({ t, v: values[i] }));
    return Plot.plot({
      document: plotDocument(),
      width: WIDTH,
      height: PANEL_HEIGHT,
      marginLeft: 60,
      marginBottom: 40,
      style: { fontSize: "13px", fontFamily: "Noto Sans" },
      x: { label: "Time (s)", labelArrow: "none", labelAnchor: "center" },
      y: { label: "Voltage (V)", labelArrow: "none", grid: true, domain: [-yMax, yMax] },
      marks: [
        shaded
          ? Plot.rectX(labelSpans(time, labels, step), {
              x1: "start",
              x2: "end",
              y1: -yMax,
              y2: yMax,
              fill: "#ef4444",
              fillOpacity: 0.18,
            })
          : null,
        Plot.lineY(rows, { x: "t", y: "v", stroke: color, strokeWidth: 1 }),
      ],
    });
  };
  const panels = [
    titledChart(panel(normal, "#16a34a", false), {
      width: WIDTH,
      height: PANEL_HEIGHT,
      title: "Normal wave (230 V RMS, 50 Hz)",
      legend: [{ label: "normal_wave", color: "#16a34a" }],
    }),
    titledChart(panel(anomaly, "#2563eb", true), {
      width: WIDTH,
      height: PANEL_HEIGHT,
      title: "Wave with anomalies",
      legend: [
        { label: "anomaly_wave", color: "#2563eb" },
        { label: "is_anomaly = 1", color: "#fca5a5" },
      ],
    }),
  ];
  return svgToPng(stackSvgs(panels, WIDTH));
}
