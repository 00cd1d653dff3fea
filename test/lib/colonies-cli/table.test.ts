import { describe, expect, test } from "bun:test";
import { renderTable } from "../../../lib/colonies-cli/table.ts";
import {
  argsText,
  cut,
  insertNewLines,
  kwargsText,
  localTimeText,
  timeText,
  wrap,
} from "../../../lib/colonies-cli/text.ts";
import { funcSpec } from "../../../lib/colonies-sdk/index.ts";

describe("renderTable", () => {
  test("draws the tutorial's psw table byte for byte", () => {
    const table = renderTable(
      [
        [
          "anomaly",
          "38df090c2882aafa7d06...",
          "db:http://127.0.0.1:...",
          "2024-09-13 12:24:59",
          "",
          "anomaly-executor",
          "johan",
          "",
        ],
      ],
      {
        headers: [
          "FuncName",
          "Args",
          "KwArgs",
          "Submssion time",
          "Executor name",
          "Executor type",
          "Initiator",
          "Label",
        ],
      },
    );
    expect(table.split("\n")).toEqual([
      "╭──────────┬─────────────────────────┬─────────────────────────┬─────────────────────┬───────────────┬──────────────────┬───────────┬───────╮",
      "│ FUNCNAME │ ARGS                    │ KWARGS                  │ SUBMSSION TIME      │ EXECUTOR NAME │ EXECUTOR TYPE    │ INITIATOR │ LABEL │",
      "├──────────┼─────────────────────────┼─────────────────────────┼─────────────────────┼───────────────┼──────────────────┼───────────┼───────┤",
      "│ anomaly  │ 38df090c2882aafa7d06... │ db:http://127.0.0.1:... │ 2024-09-13 12:24:59 │               │ anomaly-executor │ johan     │       │",
      "╰──────────┴─────────────────────────┴─────────────────────────┴─────────────────────┴───────────────┴──────────────────┴───────────┴───────╯",
    ]);
  });

  test("multi-line cells and a title row; ASCII on request", () => {
    const table = renderTable(
      [
        ["Id", "abc"],
        ["Text", "one\ntwo"],
      ],
      { title: "Process" },
    );
    expect(table.split("\n")).toEqual([
      "╭────────────╮",
      "│ Process    │",
      "├──────┬─────┤",
      "│ Id   │ abc │",
      "│ Text │ one │",
      "│      │ two │",
      "╰──────┴─────╯",
    ]);
    expect(renderTable([["Id", "1"]], { title: "A longer title" }).split("\n")[2]).toBe("├────┬───────────┤");
    expect(renderTable([["a", "b"]], { ascii: true })).toBe("+---+---+\n| a | b |\n+---+---+");
  });
});

describe("cell texts", () => {
  test("the log search Text cell wraps at 64 columns as in the tutorial", () => {
    const id = "4c98f38a2b86e183d41a96728c8fb08867ea18c700a9de21545e0e03f48dffbc";
    expect(
      wrap(`Anomaly detected! KL Divergence: 0.20082905120266065, timeseries ID: ${id}`).split("\n"),
    ).toEqual(["Anomaly detected! KL Divergence: 0.20082905120266065, timeseries", "ID:", id]);
    expect(wrap("x".repeat(70), 64).split("\n")).toEqual(["x".repeat(64), "x".repeat(6)]);
  });

  test("log search Text wraps as the Go CLI's insertNewLines: a line may reach 65, long words stay whole", () => {
    const id = "8244262c9445551f44bd8f849471bf6e1876a7a73df66e8ffdc9d6d3e2623c44";
    const text = `Anomaly detected! KL Divergence: 0.09482433169355574, time series ID: ${id}`;
    // Seen from colonies v1.9.12 `log search` on the same log.
    expect(insertNewLines(text, 64).split("\n")).toEqual([
      "Anomaly detected! KL Divergence: 0.09482433169355574, time series",
      "ID:",
      id,
    ]);
    expect(insertNewLines(`a ${"x".repeat(70)}\nb`, 64).split("\n")).toEqual(["a", "x".repeat(70), "b"]);
  });

  test("args and kwargs are joined and cut at 20 characters with ...", () => {
    const spec = funcSpec({
      funcname: "anomaly",
      args: ["38df090c2882aafa7d06aaaa"],
      kwargs: { db: "http://127.0.0.1:8000" },
      colonyname: "dev",
      executortype: "anomaly-executor",
    });
    expect(argsText({ spec })).toBe("38df090c2882aafa7d06...");
    expect(kwargsText({ spec })).toBe("db:http://127.0.0.1:...");
    expect(cut("short")).toBe("short");
  });

  test("times keep the server's offset; the unset time is blank", () => {
    expect(timeText("2024-09-13T12:24:59.751942+02:00")).toBe("2024-09-13 12:24:59");
    expect(timeText("0001-01-01T00:00:00Z")).toBe("");
    expect(localTimeText(0n)).toMatch(/^19(69|70)-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});
