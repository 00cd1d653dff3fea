/**
 * The import rules of docs/architecture.md, read from the source itself: every relative import of every
 * TypeScript file is resolved to its area (a lib/ folder, or a top-level folder) and checked against the
 * areas that one may import. A new folder must be added to LAYERS (and to the page) before it is used.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const ROOT = join(import.meta.dir, "..");

/** Area → the areas it may import (besides itself). `lib` is the loose files directly in lib/. */
const LAYERS: Record<string, readonly string[]> = {
  "lib/signal": [],
  "lib/sqlite": [],
  "lib/colonies-sdk": [],
  "lib/cli": ["lib/signal"],
  "lib/plot": ["lib/signal"],
  "lib/timeseries": ["lib/signal", "lib/cli"],
  "lib/recording": ["lib/signal"],
  "lib/report": ["lib/signal", "lib/timeseries"],
  "lib/ingest": ["lib/recording", "lib/signal", "lib/timeseries", "lib/colonies-sdk", "lib/anomaly"],
  lib: ["lib/signal", "lib/cli", "lib/plot", "lib/recording"],
  "lib/postgres": ["lib"],
  "lib/anomaly": ["lib/colonies-sdk", "lib/signal", "lib/timeseries"],
  "lib/container": ["lib/anomaly", "lib/colonies-sdk", "lib/timeseries"],
  "lib/batching": ["lib/anomaly", "lib/cli", "lib/colonies-sdk", "lib/container"],
  "lib/colonies-cli": ["lib/batching", "lib/cli", "lib/colonies-sdk"],
  "lib/real-colonies-launcher": ["lib", "lib/colonies-sdk", "lib/postgres"],
  "lib/stack": ["lib", "lib/cli", "lib/colonies-sdk", "lib/postgres", "lib/real-colonies-launcher"],
  "embedded-colonies": ["lib/colonies-sdk", "lib/sqlite"],
  db: ["lib/signal", "lib/sqlite", "lib/timeseries"],
  store: ["db", "lib/signal", "lib/sqlite", "lib/timeseries"],
  dashboard: ["db", "lib", "lib/anomaly", "lib/colonies-sdk", "lib/report", "lib/signal", "lib/timeseries"],
  executor: [
    "lib",
    "lib/anomaly",
    "lib/cli",
    "lib/colonies-sdk",
    "lib/container",
    "lib/ingest",
    "lib/recording",
    "lib/signal",
    "lib/timeseries",
  ],
  demo: [
    "embedded-colonies",
    "lib",
    "lib/anomaly",
    "lib/cli",
    "lib/colonies-sdk",
    "lib/signal",
    "lib/stack",
    "lib/timeseries",
  ],
  scripts: ["*"],
  "server.ts": ["dashboard", "db", "lib", "store"],
  bench: ["*"],
  test: ["*"],
};

/** The embedded server's entry points: the only files of embedded-colonies/ that code outside it (tests aside) may import. */
const COLONIES_ENTRY_POINTS = [
  "embedded-colonies/server.ts",
  "embedded-colonies/bootstrap.ts",
  "embedded-colonies/main.ts",
];

const SKIP = new Set(["node_modules", "data", ".git", "artifacts", "test-results"]);

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(relative(ROOT, path));
  }
  return files;
}

function areaOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "lib") return parts.length > 2 ? `lib/${parts[1]}` : "lib";
  return parts.length === 1 ? (parts[0] ?? path) : (parts[0] ?? path);
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

interface Edge {
  from: string;
  to: string;
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(ROOT)) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const target = normalize(join(dirname(file), match[1] ?? ""));
      edges.push({ from: file, to: target });
    }
  }
  return edges;
}

function layerViolations(list: readonly Edge[]): string[] {
  const broken: string[] = [];
  for (const { from, to } of list) {
    const a = areaOf(from);
    const b = areaOf(to);
    if (a === b) continue;
    const allowed = LAYERS[a];
    if (allowed === undefined || allowed.includes("*")) continue;
    if (!allowed.includes(b))
      broken.push(`${from} -> ${to} (${a} may import: ${allowed.join(", ") || "nothing"})`);
  }
  return broken;
}

const edges = importEdges();
const topLevelTs = new Set(sourceFiles(ROOT).filter((f) => !f.includes("/")));

describe("import rules (docs/architecture.md)", () => {
  test("reads the repository's imports", () => {
    expect(edges.length).toBeGreaterThan(500);
  });

  test("every area is in the layer table", () => {
    const unknown = new Set<string>();
    for (const file of sourceFiles(ROOT)) {
      const area = areaOf(file);
      if (!(area in LAYERS) && !topLevelTs.has(file)) unknown.add(area);
    }
    expect([...unknown]).toEqual([]);
  });

  test("each area imports only the areas below it", () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  test("the layer table has no cycle, so imports point one way", () => {
    const cycles: string[] = [];
    const visit = (area: string, path: string[]) => {
      for (const next of LAYERS[area] ?? []) {
        if (next === "*") continue;
        if (path.includes(next)) cycles.push([...path, next].join(" -> "));
        else visit(next, [...path, next]);
      }
    };
    for (const area of Object.keys(LAYERS)) visit(area, [area]);
    expect(cycles).toEqual([]);
  });

  test("outside embedded-colonies/ only its entry points are imported (tests aside)", () => {
    const broken = edges
      .filter(
        ({ from, to }) =>
          areaOf(to) === "embedded-colonies" &&
          areaOf(from) !== "embedded-colonies" &&
          areaOf(from) !== "test",
      )
      .filter(({ to }) => !COLONIES_ENTRY_POINTS.includes(to))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(broken).toEqual([]);
  });

  test("lib/signal stays pure: no node:, bun or I/O imports", () => {
    const impure: string[] = [];
    for (const file of sourceFiles(join(ROOT, "lib/signal"))) {
      const text = readFileSync(join(ROOT, file), "utf8");
      if (/from\s*["'](node:|bun["':])/.test(text) || /\bBun\./.test(text)) impure.push(file);
    }
    expect(impure).toEqual([]);
  });

  test("the checker catches an import that runs back up", () => {
    const found = layerViolations([
      { from: "lib/signal/rms.ts", to: "lib/timeseries/client.ts" },
      { from: "lib/colonies-sdk/client.ts", to: "lib/anomaly/index.ts" },
      { from: "executor/worker.ts", to: "lib/anomaly/index.ts" },
      { from: "lib/free-port.ts", to: "lib/plot/index.ts" },
    ]);
    expect(found).toEqual([
      "lib/signal/rms.ts -> lib/timeseries/client.ts (lib/signal may import: nothing)",
      "lib/colonies-sdk/client.ts -> lib/anomaly/index.ts (lib/colonies-sdk may import: nothing)",
    ]);
  });
});
