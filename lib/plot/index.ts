/** Headless charts: Observable Plot -> SVG (linkedom) -> PNG (resvg with a bundled font). */
export { anomaliesPng, labelSpans, type WaveWindow } from "./anomalies-chart.ts";
export { type KlChartData, klChartPng } from "./kl-chart.ts";
export { type LegendEntry, plotDocument, stackSvgs, svgMarkup, svgToPng, titledChart } from "./render.ts";
export { type RmsChartData, rmsChartPng } from "./rms-chart.ts";
