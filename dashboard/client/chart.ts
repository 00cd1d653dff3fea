/**
 * The waveform chart (uPlot) with anomalous regions shaded behind the line, optionally labelled. The host's
 * `data-shaded` attribute lists what the last draw shaded (CSS pixels and label), for tests and tooling.
 */
import uPlot from "uplot";
import type { IndexRange } from "../wire.ts";

export interface Shading {
  ranges: IndexRange[];
  fill: string;
  /** One label per range, drawn at its top-left ("dip to 21 %"). */
  labels?: string[];
}

export interface ShadedRect {
  x: number;
  width: number;
  label: string | null;
}

const LABEL_COLOR = "#ffd0d0";

/** Shades index ranges of `time` behind the series (shared by the recording charts). */
export function shadeRanges(time: number[], shadings: Shading[], host: HTMLElement): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (plot: uPlot) => {
        const { ctx, bbox } = plot;
        const drawn: ShadedRect[] = [];
        ctx.save();
        ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
        ctx.textBaseline = "top";
        for (const { ranges, fill, labels } of shadings) {
          for (const [i, [start, end]] of ranges.entries()) {
            if (end <= start || start >= time.length) continue;
            const x0 = plot.valToPos(time[start]!, "x", true);
            const x1 = plot.valToPos(time[Math.min(end, time.length) - 1]!, "x", true);
            // A single-point range still gets a visible stripe.
            const width = Math.max(x1 - x0, 2 * devicePixelRatio);
            ctx.fillStyle = fill;
            ctx.fillRect(x0, bbox.top, width, bbox.height);
            const label = labels?.[i] ?? null;
            if (label) {
              ctx.fillStyle = LABEL_COLOR;
              ctx.fillText(label, x0 + 3 * devicePixelRatio, bbox.top + 3 * devicePixelRatio);
            }
            drawn.push({ x: x0 / devicePixelRatio, width: width / devicePixelRatio, label });
          }
        }
        ctx.restore();
        host.dataset.shaded = JSON.stringify(drawn);
      },
    },
  };
}

/** A uPlot chart in a host element that follows the window's width; `data-points` counts its x values. */
export abstract class HostedChart {
  protected plot: uPlot | null = null;
  private readonly resize = () => {
    if (this.plot) this.plot.setSize(this.size());
  };

  constructor(
    protected readonly host: HTMLElement,
    private readonly heights: { min: number; max: number; ratio: number } = {
      min: 220,
      max: 320,
      ratio: 0.42,
    },
  ) {
    window.addEventListener("resize", this.resize);
  }

  protected draw(options: Omit<uPlot.Options, "width" | "height">, data: uPlot.AlignedData): void {
    this.plot?.destroy();
    this.host.dataset.points = String(data[0]?.length ?? 0);
    this.plot = new uPlot({ ...options, ...this.size() }, data, this.host);
  }

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    delete this.host.dataset.shaded;
    delete this.host.dataset.points;
  }

  private size(): { width: number; height: number } {
    const width = Math.max(260, this.host.clientWidth);
    const { min, max, ratio } = this.heights;
    return { width, height: Math.round(Math.min(max, Math.max(min, width * ratio))) };
  }
}

export class WaveChart extends HostedChart {
  show(time: number[], values: number[], shadings: Shading[]): void {
    this.draw(
      {
        plugins: [shadeRanges(time, shadings, this.host)],
        cursor: { drag: { x: true, y: false } },
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [
          { label: "time (s)", stroke: "#9aa4b2", grid: { stroke: "#2a3140" }, ticks: { stroke: "#2a3140" } },
          { stroke: "#9aa4b2", grid: { stroke: "#2a3140" }, ticks: { stroke: "#2a3140" }, size: 48 },
        ],
        series: [{}, { label: "value", stroke: "#5cc8ff", width: 1.25, points: { show: false } }],
      },
      [time, values],
    );
  }
}
