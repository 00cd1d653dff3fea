/**
 * A whole recording in one picture: per channel, the U_rms(1/2) band between each pixel column's lowest and
 * highest value (the store's merged envelope, so a day draws as fast as a minute), the dip and swell
 * thresholds, and the events shaded and labelled on the channels they touched.
 */
import * as Plot from "@observablehq/plot";
import { panelFrame, stackSvgs, svgMarkup, svgToPng, titledChart } from "./render.ts";

export interface EnvelopeChartEvent {
  kind: string;
  /** Seconds from the recording's first sample. */
  start_s: number;
  end_s: number;
  /** Channel names the event touched. */
  phases: readonly string[];
  /** Drawn at the span's top, e.g. "1 dip 75 %". */
  label: string;
}

export interface EnvelopeChartData {
  title: string;
  /** Channel names, in the order of `min` and `max`. */
  channels: readonly string[];
  samplingRate: number;
  /** Samples per column (the envelope's samples_per_column). */
  samplesPerColumn: number;
  /** Per channel, each column's lowest and highest U_rms(1/2) in volts; null where nothing is stored. */
  min: readonly (readonly (number | null)[])[];
  max: readonly (readonly (number | null)[])[];
  nominalVoltage: number;
  events: readonly EnvelopeChartEvent[];
}

const WIDTH = 1200;
const PANEL_HEIGHT = 220;
const BAND_COLORS = ["#2563eb", "#16a34a", "#dc2626", "#7c3aed", "#0891b2", "#ca8a04"];
const EVENT_COLORS: Record<string, string> = { dip: "#f59e0b", interruption: "#ef4444", swell: "#8b5cf6" };
// The usual dip and swell thresholds (IEC 61000-4-30 §5.4: 90 % and 110 % of the declared voltage).
const DIP_PCT = 90;
const SWELL_PCT = 110;

// Plot's default right margin: the x range runs from 60 to WIDTH - 20 pixels.
const PLOT_LEFT = 60;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 20;
/** Rough width of a label's character at 13 px in Noto Sans, for keeping labels apart. */
const CHAR_PIXELS = 7.5;

/**
 * The spans whose label fits after the previous label drawn (in time order) and before the picture's right edge;
 * the others stay shaded but unlabelled, so a day of events does not print as one smudge.
 */
function labelled<T extends { x1: number; label: string }>(spans: readonly T[], span: number): T[] {
  const kept: T[] = [];
  let free = Number.NEGATIVE_INFINITY;
  for (const s of [...spans].sort((a, b) => a.x1 - b.x1)) {
    const x = PLOT_LEFT + (span > 0 ? (s.x1 / span) * PLOT_WIDTH : 0);
    const end = x + s.label.length * CHAR_PIXELS + 6;
    if (x < free || end > WIDTH) continue;
    kept.push(s);
    free = end;
  }
  return kept;
}

/** Seconds, minutes or hours, whichever keeps the axis numbers short. */
function timeUnit(seconds: number): { label: string; per: number } {
  if (seconds > 2 * 3600) return { label: "hours", per: 3600 };
  if (seconds > 120) return { label: "minutes", per: 60 };
  return { label: "seconds", per: 1 };
}

function panel(data: EnvelopeChartData, channel: number, top: number, unit: { label: string; per: number }) {
  const name = data.channels[channel]!;
  const columnSeconds = data.samplesPerColumn / data.samplingRate;
  const columns: { x1: number; x2: number; y1: number; y2: number }[] = [];
  const low = data.min[channel] ?? [];
  const high = data.max[channel] ?? [];
  for (let i = 0; i < low.length; i++) {
    const lo = low[i];
    const hi = high[i];
    if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
    columns.push({
      x1: (i * columnSeconds) / unit.per,
      x2: ((i + 1) * columnSeconds) / unit.per,
      y1: lo,
      y2: hi,
    });
  }
  const spans = data.events
    .filter((e) => e.phases.includes(name))
    .map((e) => ({ ...e, x1: e.start_s / unit.per, x2: e.end_s / unit.per }));
  const span = (low.length * columnSeconds) / unit.per;
  const level = (pct: number) => (pct / 100) * data.nominalVoltage;
  const color = BAND_COLORS[channel % BAND_COLORS.length]!;
  return Plot.plot({
    ...panelFrame(WIDTH, PANEL_HEIGHT),
    x: {
      label: `Time (${unit.label} from the start)`,
      labelArrow: "none",
      labelAnchor: "center",
      domain: [0, span],
    },
    y: { label: `${name} U_rms(1/2) (V)`, labelArrow: "none", grid: true, domain: [0, top] },
    marks: [
      Plot.rect(spans, {
        x1: "x1",
        x2: "x2",
        y1: 0,
        y2: top,
        fill: (e: EnvelopeChartEvent) => EVENT_COLORS[e.kind] ?? "#94a3b8",
        fillOpacity: 0.25,
        // A span shorter than a pixel still shows.
        insetLeft: -1,
        insetRight: -1,
      }),
      Plot.ruleY([level(DIP_PCT), level(SWELL_PCT)], { stroke: "#ef4444", strokeDasharray: "6,4" }),
      // Each column at least a pixel tall, so a steady voltage is still a visible line.
      Plot.rect(columns, {
        x1: "x1",
        x2: "x2",
        y1: "y1",
        y2: "y2",
        fill: color,
        insetTop: -0.5,
        insetBottom: -0.5,
      }),
      // Labels last, with a white halo, so no band hides them.
      Plot.text(labelled(spans, span), {
        x: "x1",
        y: top,
        text: "label",
        textAnchor: "start",
        dx: 3,
        dy: 10,
        fill: "#111",
        stroke: "white",
        strokeWidth: 3,
      }),
    ],
  });
}

/** The picture as SVG markup: one panel per channel under a title with the legend. */
export function envelopeChartSvg(data: EnvelopeChartData): string {
  let top = (SWELL_PCT / 100) * data.nominalVoltage * 1.08;
  for (const row of data.max) for (const v of row) if (v !== null) top = Math.max(top, v * 1.05);
  const columns = Math.max(0, ...data.min.map((row) => row.length));
  const unit = timeUnit((columns * data.samplesPerColumn) / data.samplingRate);
  const panels = data.channels.map((_, c) => {
    const chart = panel(data, c, top, unit);
    if (c > 0) return { markup: svgMarkup(chart as unknown as Element), height: PANEL_HEIGHT };
    return titledChart(chart, {
      width: WIDTH,
      height: PANEL_HEIGHT,
      title: data.title,
      legend: [
        { label: "U_rms(1/2) min-max per column", color: BAND_COLORS[0]! },
        {
          label: `dip ${DIP_PCT} % / swell ${SWELL_PCT} % of ${data.nominalVoltage} V`,
          color: "#ef4444",
          dashed: true,
        },
        { label: "dip", color: "#fcd34d" },
        { label: "swell", color: "#c4b5fd" },
        { label: "interruption", color: "#fca5a5" },
      ],
    });
  });
  return stackSvgs(panels, WIDTH);
}

export function envelopeChartPng(data: EnvelopeChartData): Uint8Array {
  return svgToPng(envelopeChartSvg(data));
}
