/**
 * The malformed-message table (test/support/malformed-messages.ts) against both servers: each answer is the
 * one the table gives, so the embedded suite's expectations are the real server's.
 */
import { describe, expect, test } from "bun:test";
import { errorOf, send } from "../support/colonies-server.ts";
import { MALFORMED_CASES } from "../support/malformed-messages.ts";
import { useBackends } from "./backends.ts";

const servers = useBackends();

describe("malformed but signed messages get the same answer from both servers", () => {
  for (const c of MALFORMED_CASES) {
    test(c.name, async () => {
      for (const b of [servers().embedded, servers().real]) {
        const reply = await send(b.url, c.message(b.colonyname), b.keys.COLONIES_PRVKEY);
        const seen = { server: b.name, status: reply.status, error: c.error && errorOf(reply).message };
        expect(seen).toEqual({ server: b.name, status: c.status, error: c.error });
      }
    });
  }
});
