/** Where an `anomaly` process's store URL comes from: kwargs.db, then env STORE_URL, then the executor's. */
import { describe, expect, test } from "bun:test";
import { anomalyRequest } from "../../../lib/anomaly/args.ts";
import { funcSpec } from "../../../lib/colonies-sdk/spec.ts";

const spec = (kwargs: Record<string, unknown>, env: Record<string, string> = {}) => ({
  spec: funcSpec({
    funcname: "anomaly",
    args: ["a", "b"],
    kwargs,
    env,
    colonyname: "dev",
    executortype: "t",
  }),
});
const FALLBACK = "http://fallback:8000";

describe("anomalyRequest store URL", () => {
  test("kwargs.db comes first", () => {
    expect(anomalyRequest(spec({ db: "http://kw:1" }, { STORE_URL: "http://env:2" }), FALLBACK)).toEqual({
      tsIds: ["a", "b"],
      db: "http://kw:1",
    });
  });

  test("env STORE_URL when kwargs has none (a generator batch)", () => {
    expect(anomalyRequest(spec({}, { STORE_URL: "http://env:2" }), FALLBACK).db).toBe("http://env:2");
  });

  test("the executor's own URL when the spec names none", () => {
    expect(anomalyRequest(spec({}), FALLBACK).db).toBe(FALLBACK);
  });

  test("a store URL that is not http(s) is a job error naming where it came from", () => {
    expect(() => anomalyRequest(spec({}, { STORE_URL: "ftp://x" }), FALLBACK)).toThrow(
      'bad env: STORE_URL: must be the store\'s http(s) URL, got "ftp://x"',
    );
    expect(() => anomalyRequest(spec({ db: 5 }), FALLBACK)).toThrow("bad kwargs: db: must be");
  });
});
