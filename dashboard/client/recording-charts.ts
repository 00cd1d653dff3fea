/**
 * The recording report's two charts (uPlot, as the series chart): the whole recording's U_rms(1/2) as one
 * min-max band per phase over the store's envelope columns, and the waveform of every phase around one event.
 * Both shade the events with the series chart's plugin, so the host's `data-shaded` lists what was drawn;
 * `data-points` says how many x values the chart holds.
 */
import type uPlot from "uplot";
import type { IndexRange } from "../wire.ts";
import { HostedChart, type Shading, shadeRanges } from "./chart.ts";

export const PHASE_COLORS = ["#5cc8ff", "#4fd18b", "#ff8a5c", "#c792ea", "#ffd166", "#7fdbca"];
export const EVENT_FILL = "rgba(255, 92, 92, 0.16)";

const AXIS = { stroke: "#9aa4b2", grid: { stroke: "#2a3140" }, ticks: { stroke: "#2a3140" } };

function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const HEIGHTS = { min: 200, max: 300, ratio: 0.38 };

/** The options both charts share: drag to zoom in time, no legend, seconds on x. */
function frame(time: number[], shading: Shading, host: HTMLElement, yLabel: string) {
  return {
    plugins: [shadeRanges(time, [shading], host)],
    cursor: { drag: { x: true, y: false } },
    legend: { show: false },
    scales: { x: { time: false } },
    axes: [
      { ...AXIS, label: "time from the start (s)" },
      { ...AXIS, size: 48, label: yLabel },
    ],
  };
}

export interface EnvelopeView {
  /** Start of each column, seconds from the recording's first sample. */
  time: number[];
  channels: string[];
  min: (number | null)[][];
  max: (number | null)[][];
}

/** Per phase the band between each column's lowest and highest U_rms(1/2); events shaded and labelled. */
export class EnvelopeChart extends HostedChart {
  constructor(host: HTMLElement) {
    super(host, HEIGHTS);
  }

  show(view: EnvelopeView, events: { range: IndexRange; label: string }[]): void {
    const series: uPlot.Series[] = [{}];
    const data: (number | null)[][] = [view.time];
    const bands: uPlot.Band[] = [];
    view.channels.forEach((name, c) => {
      const color = PHASE_COLORS[c % PHASE_COLORS.length]!;
      const line = { stroke: color, width: 1, points: { show: false } };
      series.push({ ...line, label: `${name} min` }, { ...line, label: `${name} max` });
      data.push(view.min[c] ?? [], view.max[c] ?? []);
      bands.push({ series: [2 + 2 * c, 1 + 2 * c], fill: withAlpha(color, 0.35) });
    });
    this.draw(
      {
        ...frame(
          view.time,
          { ranges: events.map((e) => e.range), fill: EVENT_FILL, labels: events.map((e) => e.label) },
          this.host,
          "U_rms(1/2) (V)",
        ),
        series,
        bands,
      },
      data as uPlot.AlignedData,
    );
  }
}

/** The samples of every phase around one event, the event's span shaded. */
export class WaveformChart extends HostedChart {
  constructor(host: HTMLElement) {
    super(host, HEIGHTS);
  }

  show(
    time: number[],
    channels: string[],
    values: (number | null)[][],
    event: { range: IndexRange; label: string },
  ): void {
    this.draw(
      {
        ...frame(time, { ranges: [event.range], fill: EVENT_FILL, labels: [event.label] }, this.host, "V"),
        series: [
          {},
          ...channels.map((name, c) => ({
            label: name,
            stroke: PHASE_COLORS[c % PHASE_COLORS.length]!,
            width: 1.25,
            points: { show: false },
          })),
        ],
      },
      [time, ...values],
    );
  }
}
