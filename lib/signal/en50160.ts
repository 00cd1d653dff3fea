import type { VoltageEvent } from "./events.ts";

/** EN 50160:2010 table 5 (dips, residual u in % × duration) and table 6 (swells): rows, columns, counts. */
export interface EventTable {
  title: string;
  rows: string[];
  columns: string[];
  counts: number[][];
  /** Events of the table's kinds that fall in no cell (shorter than 10 ms or longer than 60 s). */
  outside: number;
}

interface Band {
  label: string;
  /** Lower bound, inclusive unless `openLow`. */
  low: number;
  high: number;
  openLow?: boolean;
}

// Durations in ms: 10 <= t <= 200, 200 < t <= 500, ... as EN 50160 lays the tables out.
const DIP_DURATIONS: Band[] = [
  { label: "10-200 ms", low: 10, high: 200 },
  { label: "200-500 ms", low: 200, high: 500, openLow: true },
  { label: "0.5-1 s", low: 500, high: 1000, openLow: true },
  { label: "1-5 s", low: 1000, high: 5000, openLow: true },
  { label: "5-60 s", low: 5000, high: 60000, openLow: true },
];
const SWELL_DURATIONS: Band[] = [
  { label: "10-500 ms", low: 10, high: 500 },
  { label: "0.5-5 s", low: 500, high: 5000, openLow: true },
  { label: "5-60 s", low: 5000, high: 60000, openLow: true },
];
const DIP_RESIDUALS = [
  { label: "90 > u >= 80", inside: (u: number) => u < 90 && u >= 80 },
  { label: "80 > u >= 70", inside: (u: number) => u < 80 && u >= 70 },
  { label: "70 > u >= 40", inside: (u: number) => u < 70 && u >= 40 },
  { label: "40 > u >= 5", inside: (u: number) => u < 40 && u >= 5 },
  { label: "5 > u (interruption)", inside: (u: number) => u < 5 },
];
const SWELL_LEVELS = [
  { label: "u >= 120", inside: (u: number) => u >= 120 },
  { label: "120 > u > 110", inside: (u: number) => u < 120 && u > 110 },
];

function column(bands: Band[], ms: number): number {
  return bands.findIndex((b) => (b.openLow ? ms > b.low : ms >= b.low) && ms <= b.high);
}

function table(
  title: string,
  events: readonly VoltageEvent[],
  levels: { label: string; inside: (u: number) => boolean }[],
  bands: Band[],
): EventTable {
  const counts = levels.map(() => bands.map(() => 0));
  let outside = 0;
  for (const e of events) {
    const row = levels.findIndex((l) => l.inside(e.residual_pct));
    const col = column(bands, e.duration_s * 1000);
    if (row < 0 || col < 0) outside++;
    else counts[row]![col]!++;
  }
  return { title, rows: levels.map((l) => l.label), columns: bands.map((b) => b.label), counts, outside };
}

/** The dip table (dips and interruptions) and the swell table, as utilities report events. */
export function en50160Tables(events: readonly VoltageEvent[]): { dips: EventTable; swells: EventTable } {
  return {
    dips: table(
      "Dips (EN 50160): residual voltage u in % of the reference x duration",
      events.filter((e) => e.kind === "dip" || e.kind === "interruption"),
      DIP_RESIDUALS,
      DIP_DURATIONS,
    ),
    swells: table(
      "Swells (EN 50160): maximum voltage u in % of the reference x duration",
      events.filter((e) => e.kind === "swell"),
      SWELL_LEVELS,
      SWELL_DURATIONS,
    ),
  };
}

/** A table as aligned text lines (Markdown-compatible). */
export function formatEventTable(t: EventTable): string[] {
  const header = ["u \\ t", ...t.columns];
  const body = t.rows.map((row, r) => [row, ...t.counts[r]!.map(String)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
  const lines = [
    t.title,
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map(line),
  ];
  if (t.outside > 0)
    lines.push(`(${t.outside} event(s) outside the table: shorter than 10 ms or longer than 60 s)`);
  return lines;
}
