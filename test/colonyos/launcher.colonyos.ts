/**
 * `bun run colonies:real` as a user runs it: start (build cached), .env written, a second start finds it
 * running, another server's keys in the env file are refused unless --force, --stop stops both processes.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ColoniesClient } from "../../lib/colonies-sdk/client.ts";
import { parseEnvFile } from "../../lib/colonies-sdk/dev-colony.ts";
import { isAlive } from "../../lib/real-colonies-launcher/process.ts";
import { runScript } from "../support/child.ts";
import { identity } from "../support/colonies-server.ts";

const dir = mkdtempSync(join(tmpdir(), "colonies-real-launcher-"));
const state = join(dir, "state");
const envFile = join(dir, "env");
const env = { ...process.env, NO_COLOR: "1" } as Record<string, string>;
const launch = (...args: string[]) =>
  runScript("scripts/colonies-real.ts", ["--dir", state, "--write-env", envFile, ...args], env, {
    timeoutMs: 300_000,
  });

afterAll(async () => {
  await launch("--stop");
  rmSync(dir, { recursive: true, force: true });
});

describe("bun run colonies:real", () => {
  test("--help lists the flags", async () => {
    const result = await runScript("scripts/colonies-real.ts", ["--help"], env);
    expect(result.exitCode).toBe(0);
    for (const flag of ["--port", "--pg-port", "--dir", "--write-env", "--force", "--stop"]) {
      expect(result.stdout).toContain(flag);
    }
  });

  test("starts the server, writes the env file, and the colony answers with its keys", async () => {
    const result = await launch("--port", "0");
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Real Colonies server v1\.9\.12 listening on http:\/\/127\.0\.0\.1:\d+/);
    const values = parseEnvFile(readFileSync(envFile, "utf8"));
    const client = new ColoniesClient({
      host: values.COLONIES_SERVER_HOST!,
      port: Number(values.COLONIES_SERVER_PORT),
    });
    const colony = await client.getColony("dev", values.COLONIES_PRVKEY!);
    expect(colony.colonyid).toBe(values.COLONIES_COLONY_ID!);
    expect(await client.getStatistics(values.COLONIES_SERVER_PRVKEY!)).toMatchObject({ colonies: 1 });
  });

  test("a second start finds it running and keeps the env file's keys", async () => {
    const before = parseEnvFile(readFileSync(envFile, "utf8"));
    const result = await launch("--port", "0");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/already runs \(pid \d+\)/);
    expect(parseEnvFile(readFileSync(envFile, "utf8"))).toEqual(before);
  });

  test("an env file with another server's keys is refused unless --force, which keeps a backup", async () => {
    const other = `COLONIES_SERVER_PRVKEY=${identity().prvkey}\nSTORE_URL=http://store.example:8000\n`;
    writeFileSync(envFile, other);
    const refused = await launch("--port", "0");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("holds other Colonies keys");
    expect(refused.stderr).toContain("--force");
    expect(refused.stderr).toContain("--write-env .env.real");
    expect(readFileSync(envFile, "utf8")).toBe(other);

    const forced = await launch("--port", "0", "--force");
    expect(forced.exitCode).toBe(0);
    const backups = readdirSync(dir).filter((name) => name.startsWith("env.bak-"));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!), "utf8")).toBe(other);
    const values = parseEnvFile(readFileSync(envFile, "utf8"));
    expect(values.STORE_URL).toBe("http://store.example:8000");
    expect(values.COLONIES_SERVER_PRVKEY).not.toBe(parseEnvFile(other).COLONIES_SERVER_PRVKEY);
  });

  test("--stop stops the server and its PostgreSQL; data survives a restart", async () => {
    const pid = Number(readFileSync(join(state, "server.pid"), "utf8"));
    const values = parseEnvFile(readFileSync(envFile, "utf8"));
    const client = new ColoniesClient({ host: "127.0.0.1", port: Number(values.COLONIES_SERVER_PORT) });
    const submitted = await client.submitFunctionSpec(
      {
        funcname: "kept",
        conditions: { colonyname: "dev", executortype: "none" },
        maxexectime: -1,
        maxwaittime: -1,
      },
      values.COLONIES_PRVKEY!,
    );
    const stopped = await launch("--stop");
    expect(stopped.stdout).toContain("Stopped the real Colonies server and its PostgreSQL");
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(state, "postgres", "pgdata", "postmaster.pid"))).toBe(false);
    expect((await launch("--stop")).stdout).toContain("Nothing was running");

    const restarted = await launch("--port", "0");
    expect(restarted.exitCode).toBe(0);
    const again = parseEnvFile(readFileSync(envFile, "utf8"));
    const after = new ColoniesClient({ host: "127.0.0.1", port: Number(again.COLONIES_SERVER_PORT) });
    expect((await after.getProcess(submitted.processid, again.COLONIES_PRVKEY!)).spec.funcname).toBe("kept");
  });
});
