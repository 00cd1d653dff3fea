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

function shadeRanges(time: number[], shadings: Shading[], host: HTMLElement): uPlot.Plugin {
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

export class WaveChart {
  private plot: uPlot | null = null;
  private readonly resize = () => {
    if (this.plot) this.plot.setSize(this.size());
  };

  constructor(private readonly host: HTMLElement) {
    window.addEventListener("resize", this.resize);
  }

  show(time: number[], values: number[], shadings: Shading[]): void {
    this.plot?.destroy();
    const options: uPlot.Options = {
      ...this.size(),
      plugins: [shadeRanges(time, shadings, this.host)],
      cursor: { drag: { x: true, y: false } },
      legend: { show: false },
      scales: { x: { time: false } },
      axes: [
        { label: "time (s)", stroke: "#9aa4b2", grid: { stroke: "#2a3140" }, ticks: { stroke: "#2a3140" } },
        { stroke: "#9aa4b2", grid: { stroke: "#2a3140" }, ticks: { stroke: "#2a3140" }, size: 48 },
      ],
      series: [{}, { label: "value", stroke: "#5cc8ff", width: 1.25, points: { show: false } }],
    };
    this.plot = new uPlot(options, [time, values], this.host);
  }

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    delete this.host.dataset.shaded;
  }

  private size(): { width: number; height: number } {
    const width = Math.max(260, this.host.clientWidth);
    return { width, height: Math.round(Math.min(320, Math.max(220, width * 0.42))) };
  }
}
