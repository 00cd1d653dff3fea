/**
 * The embedded server's documented deviations from the real one (README "Embedded Colonies server vs a
 * real one"): each is sent to both servers and each answer is pinned, so a deviation that disappears
 * upstream, or one that creeps in, fails here.
 */
import { describe, expect, test } from "bun:test";
import { encodeRequest } from "../../lib/colonies-sdk/envelope.ts";
import { messages } from "../../lib/colonies-sdk/messages.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import { errorOf, identity, postRaw, send } from "../support/colonies-server.ts";
import { type Backend, useBackends } from "./backends.ts";

const servers = useBackends();

function spec(b: Backend, extra: Record<string, number>) {
  return { ...funcSpec({ funcname: "f", colonyname: b.colonyname, executortype: "deviation" }), ...extra };
}

describe("documented deviations of the embedded server", () => {
  test("generator trigger below 1: the embedded server refuses it, the real one accepts it", async () => {
    const answers = await Promise.all(
      [servers().embedded, servers().real].map((b) =>
        send(
          b.url,
          messages.addGenerator({
            colonyname: b.colonyname,
            name: "negative-trigger",
            workflowspec: { colonyname: b.colonyname, functionspecs: [spec(b, {})] },
            trigger: -1,
            timeout: 1,
          }),
          b.keys.COLONIES_PRVKEY,
        ),
      ),
    );
    expect(errorOf(answers[0]!)).toEqual({
      status: 400,
      message: "Failed to add generator, trigger must be at least 1 (got -1)",
    });
    expect(answers[1]!.status).toBe(200);
    // Trigger 0 is not sent to the real server: its generator checker divides by it.
  });

  test("time limits that would expire at once: refused with 400 by the embedded server only", async () => {
    const cases: { limits: Record<string, number>; text: string }[] = [
      { limits: { maxexectime: 0 }, text: "maxexectime 0 would expire at once" },
      { limits: { maxexectime: -2 }, text: "maxexectime -2 would expire at once" },
      { limits: { maxwaittime: -2 }, text: "maxwaittime -2 would fail at once" },
    ];
    for (const { text, limits } of cases) {
      const [embedded, real] = await Promise.all(
        [servers().embedded, servers().real].map((b) =>
          send(b.url, messages.submitFunctionSpec(spec(b, limits)), b.keys.COLONIES_PRVKEY),
        ),
      );
      expect(embedded!.status).toBe(400);
      expect(errorOf(embedded!).message).toContain(text);
      expect(real!.status).toBe(200);
    }
  });

  test("colony statistics for a non-member: 403 on the embedded server, 200 with an empty body on the real one", async () => {
    const stranger = identity();
    const answers = await Promise.all(
      [servers().embedded, servers().real].map((b) =>
        fetch(`${b.url}/api`, {
          method: "POST",
          body: JSON.stringify(encodeRequest(messages.getColonyStatistics(b.colonyname), stranger.prvkey)),
        }).then(async (r) => ({ status: r.status, body: await r.text() })),
      ),
    );
    expect(answers[0]!.status).toBe(403);
    expect(answers[1]).toEqual({ status: 200, body: "" });
  });

  test("a body that is not JSON: 400 on both, with each parser's own text", async () => {
    const [embedded, real] = await Promise.all(
      [servers().embedded, servers().real].map((b) => postRaw(b.url, "not json")),
    );
    expect(errorOf(embedded!).status).toBe(400);
    expect(errorOf(embedded!).message).toStartWith("Failed to parse the request envelope as JSON:");
    expect(errorOf(real!)).toEqual({
      status: 400,
      message: "invalid character 'o' in literal null (expecting 'u')",
    });
  });

  test("a `null` body: an empty envelope (403) on the embedded server, a 500 with an empty body on the real one", async () => {
    const answers = await Promise.all(
      [servers().embedded, servers().real].map((b) =>
        fetch(`${b.url}/api`, { method: "POST", body: "null" }).then(async (r) => ({
          status: r.status,
          body: await r.text(),
        })),
      ),
    );
    expect(answers[0]!.status).toBe(403);
    expect(answers[1]).toEqual({ status: 500, body: "" });
  });
});
