/**
 * scripts/report.ts end to end: a real `bun server.ts` on 127.0.0.1 over a temporary SQLite file, filled through
 * RecordingsClient with the hand-made recording of support/report.ts, read back by the script as text, JSON and
 * a PNG; bad ids, an unknown id and an unreachable store each exit 1 with one line saying what to do.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { freePorts } from "../../lib/free-port.ts";
import type { RecordingReport } from "../../lib/report/index.ts";
import { RecordingsClient } from "../../lib/timeseries/recordings-client.ts";
import { storeReportRecording } from "../support/report.ts";
import { scriptsDir } from "../support/scripts-dir.ts";
import { repoRoot } from "../support/stack.ts";
import { type SpawnedServer, spawnServer, tempDir } from "../support/store.ts";

const scripts = scriptsDir("report-script-");
const db = tempDir("report-db-");
let server: SpawnedServer;

beforeAll(async () => {
  server = await spawnServer({ DATABASE_PATH: join(db.path, "store.db") });
  const client = new RecordingsClient(server.url, { token: "" });
  await storeReportRecording(client, "feeder-1");
  await storeReportRecording(client, "no-stamp", { start_time: null });
  // Follow mode just begun: nothing stored or detected yet.
  await client.put("fresh", freshMeta());
});

afterAll(async () => {
  server?.process.kill();
  await server?.process.exited;
  scripts.remove();
  db.remove();
});

function freshMeta() {
  return {
    source: "live.csv",
    format: "csv" as const,
    channels: [{ name: "v", phase: "", units: "V", quantity: "voltage" as const }],
    sampling_rate: 1000,
    start_time: null,
    nominal_voltage: 230,
    frequency: 50,
    segment_seconds: 1,
    overlap_samples: 20,
    total_samples: null,
    segment_count: null,
    complete: false,
    warnings: [],
  };
}

const report = (...args: string[]) => scripts.run("report.ts", ...args, "--db", server.url);

describe("scripts/report.ts", () => {
  test("prints the recording, its events with wall-clock starts and the EN 50160 tables", async () => {
    const { stdout, stderr, code } = await report("feeder-1");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("recording feeder-1");
    // The store merged the segments' envelopes: 230 V ± 1 V with L1's dip to 172.5 V and the swell to 287.5 V
    // on L2 and L3.
    expect(lines.filter((line) => line.includes("U_rms(1/2)"))).toEqual([
      "  U_rms(1/2) L1: 172.5-231.0 V",
      "  U_rms(1/2) L2: 229.0-287.5 V",
      "  U_rms(1/2) L3: 229.0-287.5 V",
    ]);
    expect(lines.slice(12, 17)).toEqual([
      "2 event(s):",
      "  #  kind   phases  start                       duration  residual        %",
      "  -  -----  ------  --------------------------  --------  --------  -------",
      "  1  dip    L1      2026-01-05T10:00:00.300000  150.0 ms   172.5 V   75.0 %",
      "  2  swell  L2,L3   2026-01-05T10:00:01.500000  100.0 ms   287.5 V  125.0 %",
    ]);
    expect(stdout).toContain("| 80 > u >= 70         | 1         | 0          | 0       | 0     | 0      |");
    expect(stdout).toContain("| u >= 120      | 1         | 0       | 0      |");
  });

  test("--json gives the same report as data; without a start stamp the starts are seconds", async () => {
    const { stdout, code } = await report("no-stamp", "--json");
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as RecordingReport;
    expect(parsed.recording).toMatchObject({
      id: "no-stamp",
      start_time: null,
      duration_s: 2.5,
      nominal_voltage: 230,
    });
    expect(parsed.events.map((e) => [e.kind, e.phases, e.start_s, e.start_time, e.residual_pct])).toEqual([
      ["dip", ["L1"], 0.3, null, 75],
      ["swell", ["L2", "L3"], 1.5, null, 125],
    ]);
    expect(parsed.tables.dips.counts[1]).toEqual([1, 0, 0, 0, 0]);
    expect(parsed.tables.swells.counts[0]).toEqual([1, 0, 0]);
    const text = (await report("no-stamp")).stdout;
    expect(text).toMatch(/1 {2}dip {4}L1 {6}\+0\.3 s {2}150\.0 ms/);
  });

  test("--png writes the picture: 1,200 pixels wide, a title strip and one 220-pixel panel per phase", async () => {
    const { stderr, code } = await report("feeder-1", "--png", "feeder.png");
    expect(code).toBe(0);
    expect(stderr).toBe("wrote feeder.png\n");
    const png = readFileSync(join(scripts.dir, "feeder.png"));
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
    // IHDR: width and height, big-endian, at bytes 16 and 20; 56 + 3 × 220 = 716.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 716]);
  });

  test("a recording not detected yet: said so, no events, empty tables", async () => {
    const { stdout, code } = await report("fresh");
    expect(code).toBe(0);
    expect(stdout).toContain("  duration: not known yet (still growing)");
    expect(stdout).toContain("  segments: 0 of ? detected (0 stored), recording not complete");
    expect(stdout).toContain("events: not stitched yet (the stitch process has not stored them)");
  });
});

test("the plotting code (lib/plot/) is loaded only with --png", async () => {
  const plotModules = async (...args: string[]) => {
    const list = join(scripts.dir, `modules-${args.length}.txt`);
    const child = Bun.spawn(
      [
        process.execPath,
        "--preload",
        join(repoRoot, "test/support/loaded-modules.ts"),
        join(repoRoot, "scripts/report.ts"),
        "feeder-1",
        "--db",
        server.url,
        ...args,
      ],
      {
        cwd: scripts.dir,
        env: { PATH: process.env.PATH ?? "", LOADED_MODULES_FILE: list },
        stdout: "ignore",
        stderr: "ignore",
      },
    );
    expect(await child.exited).toBe(0);
    const modules = readFileSync(list, "utf8").split("\n");
    expect(modules).toContain(join(repoRoot, "lib/report/report.ts"));
    return modules.filter((m) => m.startsWith(join(repoRoot, "lib", "plot") + sep));
  };
  expect(await plotModules()).toEqual([]);
  expect(await plotModules("--png", "lazy.png")).toContain(join(repoRoot, "lib/plot/envelope-chart.ts"));
});

describe("scripts/report.ts: bad input exits 1 with one line", () => {
  test.each([
    [["nope"], `error: no recording "nope" in the store at URL (its ids: GET URL/recordings/)`],
    [
      ["../etc"],
      'error: "../etc" is not a recording id (1-128 characters from A-Z a-z 0-9 _ - . ~, not starting with a dot)',
    ],
    [["feeder-1", "--colour"], "error: unknown flag --colour (see --help)"],
  ])("%j", async (args, message) => {
    const { stdout, stderr, code } = await report(...args);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${message.replaceAll("URL", server.url)}\n`);
  });

  test("no id", async () => {
    const { stderr, code } = await scripts.run("report.ts");
    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: give the recording's id first: bun scripts/report.ts ID [options] (see --help)\n",
    );
  });

  test("a store that does not answer", async () => {
    const [port] = await freePorts(1);
    const { stderr, code } = await scripts.run("report.ts", "feeder-1", "--db", `http://127.0.0.1:${port}`);
    expect(code).toBe(1);
    expect(stderr.split("\n")).toHaveLength(2);
    expect(stderr).toContain(`127.0.0.1:${port}`);
  });
});
