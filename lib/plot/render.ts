import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import { parseHTML } from "linkedom";

/** resvg draws no text without a font file; this one ships with the @expo-google-fonts/noto-sans package. */
const FONT_FILE = fileURLToPath(
  import.meta.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
);
const FONT_FAMILY = "Noto Sans";

/** A DOM document for Observable Plot to build SVG into (no browser). */
export function plotDocument(): Document {
  return parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
}

/** The frame every panel shares: the DOM to build in, its size, the axis margins, the bundled font. */
export function panelFrame(width: number, height: number) {
  return {
    document: plotDocument(),
    width,
    height,
    marginLeft: 60,
    marginBottom: 40,
    style: { fontSize: "13px", fontFamily: "Noto Sans" },
  };
}

/** Serialises a Plot-made SVG element (adding the namespace resvg needs). */
export function svgMarkup(element: Element): string {
  element.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return element.outerHTML;
}

/** Stacks SVG documents vertically into one SVG. */
export function stackSvgs(parts: { markup: string; height: number }[], width: number): string {
  let y = 0;
  const inner = parts.map(({ markup, height }) => {
    const placed = markup.replace("<svg ", `<svg x="0" y="${y}" `);
    y += height;
    return placed;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${inner.join("")}</svg>`;
}

/** Renders SVG markup to PNG bytes on a white background with the bundled font. */
export function svgToPng(markup: string): Uint8Array {
  const resvg = new Resvg(markup, {
    background: "white",
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}

export interface LegendEntry {
  label: string;
  color: string;
  /** Draw as a dashed line instead of a filled swatch. */
  dashed?: boolean;
}

const HEADER_HEIGHT = 56;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A Plot chart (built without title/legend, which Plot would emit as HTML) under an SVG header with the title
 * and a legend, so resvg can draw all of it.
 */
export function titledChart(
  chart: unknown,
  options: { width: number; height: number; title: string; legend: LegendEntry[] },
): { markup: string; height: number } {
  const { width, height, title, legend } = options;
  let x = 60;
  const items = legend.map(({ label, color, dashed }) => {
    const swatch = dashed
      ? `<line x1="${x}" y1="40" x2="${x + 22}" y2="40" stroke="${color}" stroke-width="2" stroke-dasharray="5,3"/>`
      : `<rect x="${x}" y="33" width="22" height="14" fill="${color}"/>`;
    const text = `<text x="${x + 28}" y="45" font-size="13" fill="#111">${escapeXml(label)}</text>`;
    x += 28 + label.length * 7.5 + 24;
    return swatch + text;
  });
  const header = `<text x="${width / 2}" y="20" font-size="16" text-anchor="middle" fill="#111">${escapeXml(title)}</text>${items.join("")}`;
  const body = svgMarkup(chart as Element).replace("<svg ", `<svg x="0" y="${HEADER_HEIGHT}" `);
  const total = height + HEADER_HEIGHT;
  return {
    markup: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">${header}${body}</svg>`,
    height: total,
  };
}
