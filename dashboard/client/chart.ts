/** The waveform chart (uPlot) with anomalous regions shaded behind the line. */
import uPlot from "uplot";
import type { IndexRange } from "../wire.ts";

export interface Shading {
  ranges: IndexRange[];
  fill: string;
}

function shadeRanges(time: number[], shadings: Shading[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (plot: uPlot) => {
        const { ctx, bbox } = plot;
        ctx.save();
        for (const { ranges, fill } of shadings) {
          ctx.fillStyle = fill;
          for (const [start, end] of ranges) {
            if (end <= start || start >= time.length) continue;
            const x0 = plot.valToPos(time[start]!, "x", true);
            const x1 = plot.valToPos(time[Math.min(end, time.length) - 1]!, "x", true);
            // A single-point range still gets a visible stripe.
            ctx.fillRect(x0, bbox.top, Math.max(x1 - x0, 2 * devicePixelRatio), bbox.height);
          }
        }
        ctx.restore();
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
      plugins: [shadeRanges(time, shadings)],
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
  }

  private size(): { width: number; height: number } {
    const width = Math.max(260, this.host.clientWidth);
    return { width, height: Math.round(Math.min(320, Math.max(220, width * 0.42))) };
  }
}
