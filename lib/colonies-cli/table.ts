/**
 * Rounded box tables in the Colonies CLI's style (go-pretty's rounded style: one space of padding, header
 * row separated by a rule). Cells may hold several lines. `COLONIES_CLI_ASCII=true` switches to ASCII.
 */
export interface TableOptions {
  headers?: readonly string[];
  /** A row spanning the whole width above the headers (go-pretty's SetTitle). */
  title?: string;
  ascii?: boolean;
}

const ROUNDED = {
  h: "─",
  v: "│",
  topLeft: "╭",
  topMid: "┬",
  topRight: "╮",
  midLeft: "├",
  midMid: "┼",
  midRight: "┤",
  bottomLeft: "╰",
  bottomMid: "┴",
  bottomRight: "╯",
};
const ASCII: typeof ROUNDED = {
  h: "-",
  v: "|",
  topLeft: "+",
  topMid: "+",
  topRight: "+",
  midLeft: "+",
  midMid: "+",
  midRight: "+",
  bottomLeft: "+",
  bottomMid: "+",
  bottomRight: "+",
};

/** Display width in terminal columns (code points; the CLI prints no wide characters). */
function width(text: string): number {
  return [...text].length;
}

export function renderTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const style = options.ascii ? ASCII : ROUNDED;
  const all = options.headers ? [options.headers, ...rows] : [...rows];
  const columns = Math.max(0, ...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...all.flatMap((row) => (row[c] ?? "").split("\n").map(width))),
  );
  // Widen the last column when the title is longer than the table.
  const inner = widths.reduce((sum, w) => sum + w + 3, -1);
  if (options.title !== undefined && width(options.title) + 2 > inner && columns > 0) {
    widths[columns - 1]! += width(options.title) + 2 - inner;
  }
  const rule = (left: string, mid: string, right: string) =>
    left + widths.map((w) => style.h.repeat(w + 2)).join(mid) + right;
  const line = (row: readonly string[]) => {
    const cells = widths.map((_, c) => (row[c] ?? "").split("\n"));
    const height = Math.max(1, ...cells.map((lines) => lines.length));
    return Array.from(
      { length: height },
      (_, i) =>
        style.v +
        cells
          .map(
            (lines, c) =>
              ` ${(lines[i] ?? "").padEnd(widths[c]! + (lines[i] ?? "").length - width(lines[i] ?? ""))} `,
          )
          .join(style.v) +
        style.v,
    ).join("\n");
  };
  const out: string[] = [];
  if (options.title !== undefined) {
    const total = widths.reduce((sum, w) => sum + w + 3, -1);
    out.push(style.topLeft + style.h.repeat(total) + style.topRight);
    out.push(`${style.v} ${options.title.padEnd(total - 2)} ${style.v}`);
    out.push(rule(style.midLeft, style.topMid, style.midRight));
  } else {
    out.push(rule(style.topLeft, style.topMid, style.topRight));
  }
  if (options.headers) {
    out.push(line(options.headers.map((h) => h.toUpperCase())));
    out.push(rule(style.midLeft, style.midMid, style.midRight));
  }
  for (const row of rows) out.push(line(row));
  out.push(rule(style.bottomLeft, style.bottomMid, style.bottomRight));
  return out.join("\n");
}
