/**
 * The container function spec has the shape ColonyOS's docker executor accepts, and the command executor
 * refuses anything but the detector command with safe arguments.
 */
import { describe, expect, test } from "bun:test";
import type { Process } from "../../../lib/colonies-sdk/types.ts";
import { detectorCommandFromProcess } from "../../../lib/container/command-from-process.ts";
import { loadContainerConfig } from "../../../lib/container/config.ts";
import { detectArgs, parseDetectArgs } from "../../../lib/container/detect-args.ts";
import { ContainerArgsError } from "../../../lib/container/errors.ts";
import { containerFuncSpec } from "../../../lib/container/spec.ts";

const TS_ID = "a".repeat(64);
const PROCESS_ID = "b".repeat(64);

function specFor(tsIds: string[], db = "http://127.0.0.1:8000") {
  return containerFuncSpec({ ...loadContainerConfig({}), colonyname: "dev", db, tsIds });
}

function processWith(kwargs: Record<string, unknown>, maxexectime = 10): Process {
  const spec = specFor([TS_ID]);
  return {
    processid: PROCESS_ID,
    spec: { ...spec, kwargs: { ...spec.kwargs, ...kwargs }, maxexectime },
  } as unknown as Process;
}

const options = { repoRoot: "/repo", bunPath: "/usr/bin/bun" };

describe("container function spec", () => {
  test("has the docker executor's funcname, kwargs and the conditions it validates", () => {
    const spec = specFor([TS_ID, "series-2"]);
    expect(spec.funcname).toBe("execute");
    expect(spec.conditions.executortype).toBe("container-executor");
    expect(spec.kwargs).toEqual({
      "docker-image": "colonyos-anomaly-detector:latest",
      "rebuild-image": false,
      cmd: "bun",
      args: ["executor/detect.ts", "--db", "http://127.0.0.1:8000", "--", TS_ID, "series-2"],
    });
    // The docker executor refuses: nodes/processespernode/walltime 0, maxexectime ≤ 0, walltime < maxexectime,
    // maxretries ≤ 0, cpu not "<n>m", memory not Mi/Gi.
    expect(spec.conditions.nodes).toBeGreaterThan(0);
    expect(spec.conditions.processespernode).toBeGreaterThan(0);
    expect(spec.maxexectime).toBeGreaterThan(0);
    expect(spec.conditions.walltime).toBeGreaterThanOrEqual(spec.maxexectime);
    expect(spec.maxretries).toBeGreaterThan(0);
    expect(spec.conditions.cpu).toMatch(/^\d+m$/);
    expect(spec.conditions.mem).toMatch(/^\d+(Mi|Gi)$/);
  });

  test("image, executor type and limits come from env", () => {
    const config = loadContainerConfig({
      CONTAINER_IMAGE: "registry.example/detector:1",
      CONTAINER_EXECUTOR_TYPE: "docker-executor",
      CONTAINER_MAXEXECTIME: "30",
      CONTAINER_MAXRETRIES: "5",
    });
    expect(config).toEqual({
      image: "registry.example/detector:1",
      executorType: "docker-executor",
      maxExecTime: 30,
      maxRetries: 5,
    });
    expect(() => loadContainerConfig({ CONTAINER_MAXRETRIES: "0" })).toThrow(/CONTAINER_MAXRETRIES=0/);
  });

  test("refuses words a shell would change (the docker executor runs sh -c)", () => {
    expect(() => detectArgs({ db: "http://h:1/?a=1&b=2", tsIds: [TS_ID] })).toThrow(ContainerArgsError);
    expect(() => detectArgs({ db: "http://h:1", tsIds: ["~root"] })).toThrow(/sh -c/);
    expect(() => detectArgs({ db: "file:///etc/passwd", tsIds: [TS_ID] })).toThrow(/http/);
    expect(() => detectArgs({ db: "http://h:1", tsIds: ["a b"] })).toThrow(/id set/);
  });
});

describe("detector arguments", () => {
  test("parse what detectArgs builds, ids after -- may start with a dash", () => {
    const args = detectArgs({ db: "https://store.example:8443", tsIds: ["-odd", TS_ID] }).slice(1);
    expect(parseDetectArgs(args)).toEqual({
      db: "https://store.example:8443",
      processId: "",
      tsIds: ["-odd", TS_ID],
    });
    expect(parseDetectArgs(["--db=http://x:1", "--process-id", PROCESS_ID, "s1", "s2"])).toEqual({
      db: "http://x:1",
      processId: PROCESS_ID,
      tsIds: ["s1", "s2"],
    });
  });

  test.each([
    [[TS_ID], /--db URL is required/],
    [["--db", "http://x:1"], /at least one series id/],
    [["--db", "http://x:1", "--verbose", TS_ID], /unknown flag --verbose/],
    [["--db", "ftp://x", TS_ID], /http/],
    [["--db", "http://x:1", "../etc"], /id set/],
    [["--db", "http://x:1", "--process-id", "nope", TS_ID], /process id/],
    [["--db"], /--db needs a value/],
  ])("refuses %p", (argv, message) => {
    expect(() => parseDetectArgs(argv)).toThrow(message);
  });
});

describe("command executor's view of an execute process", () => {
  test("runs bun on the repository's detect.ts with the process id", () => {
    const command = detectorCommandFromProcess(processWith({}), options);
    expect(command.argv).toEqual([
      "/usr/bin/bun",
      "/repo/executor/detect.ts",
      "--db",
      "http://127.0.0.1:8000",
      "--process-id",
      PROCESS_ID,
      "--",
      TS_ID,
    ]);
    expect(command.env).toEqual({ COLONIES_PROCESS_ID: PROCESS_ID });
    expect(command.timeoutMs).toBe(9500);
  });

  test("substitutes {processid} as the docker executor does", () => {
    const kwargs = {
      args: ["executor/detect.ts", "--db", "http://h:1", "--process-id", "{processid}", TS_ID],
    };
    expect(detectorCommandFromProcess(processWith(kwargs), options).invocation.processId).toBe(PROCESS_ID);
  });

  test.each([
    [{ cmd: "sh" }, /kwargs.cmd must be "bun"/],
    [{ cmd: ["bun"] }, /kwargs.cmd/],
    [{ args: ["-e", "process.exit(0)"] }, /must start with "executor\/detect.ts"/],
    [{ args: ["executor/detect.ts", "--db", "http://h:1", "; rm -rf /"] }, /id set/],
    [{ args: ["executor/detect.ts", "--db", "javascript:alert(1)", TS_ID] }, /http/],
    [{ args: "executor/detect.ts --db http://h:1 x" }, /list of strings/],
    [{ "docker-image": "" }, /docker-image/],
  ])("refuses kwargs %p", (kwargs, message) => {
    expect(() => detectorCommandFromProcess(processWith(kwargs), options)).toThrow(message);
  });
});
