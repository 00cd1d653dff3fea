/** The launcher's pure parts: the cached build's lookup and Go check, and env-file writing. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  conflictingKeys,
  EnvFileConflictError,
  ensureRealColoniesBinary,
  RealColoniesSetupError,
  realColoniesBinaryPath,
  writeEnvFile,
} from "../../../lib/real-colonies-launcher/index.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "real-colonies-setup-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the real server's binary cache", () => {
  test("without Go the error says how to install it", async () => {
    const cacheDir = tempDir();
    const attempt = ensureRealColoniesBinary({ cacheDir, searchPath: "" });
    await expect(attempt).rejects.toThrow(RealColoniesSetupError);
    await expect(attempt).rejects.toThrow("apt-get install -y golang-go");
  });

  test("a cached binary is used as is, keyed by version (no Go needed)", async () => {
    const cacheDir = tempDir();
    const binary = realColoniesBinaryPath(cacheDir, "v9.9.9");
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(binary, "#!/bin/sh\n");
    expect(binary).toEndWith("/v9.9.9/colonies");
    expect(await ensureRealColoniesBinary({ cacheDir, version: "v9.9.9", searchPath: "" })).toBe(binary);
  });
});

describe("writeEnvFile", () => {
  const ours = { COLONIES_SERVER_PORT: "50081", COLONIES_PRVKEY: "a".repeat(64) };

  test("creates the file with the header, our values and missing defaults", () => {
    const path = join(tempDir(), ".env");
    expect(writeEnvFile(path, ours, { header: "# header", defaults: { STORE_URL: "http://s" } })).toEqual({
      action: "created",
    });
    expect(readFileSync(path, "utf8")).toBe(
      `# header\nCOLONIES_SERVER_PORT=50081\nCOLONIES_PRVKEY=${"a".repeat(64)}\nSTORE_URL=http://s\n`,
    );
  });

  test("updates our variables in place and keeps every other line and existing defaults", () => {
    const path = join(tempDir(), ".env");
    writeFileSync(path, `# mine\nSTORE_URL=http://mine\nCOLONIES_SERVER_PORT=1\nMODEL_PATH=m.json\n`);
    expect(writeEnvFile(path, ours, { defaults: { STORE_URL: "http://s" } }).action).toBe("updated");
    expect(readFileSync(path, "utf8")).toBe(
      `# mine\nSTORE_URL=http://mine\nCOLONIES_SERVER_PORT=50081\nMODEL_PATH=m.json\nCOLONIES_PRVKEY=${"a".repeat(64)}\n`,
    );
  });

  test("refuses other keys with the hint, and leaves the file alone", () => {
    const path = join(tempDir(), ".env");
    const other = `COLONIES_PRVKEY=${"b".repeat(64)}\n`;
    writeFileSync(path, other);
    expect(conflictingKeys(path, ours)).toEqual(["COLONIES_PRVKEY"]);
    expect(() => writeEnvFile(path, ours, { conflictHint: "pass --force" })).toThrow(EnvFileConflictError);
    expect(() => writeEnvFile(path, ours, { conflictHint: "pass --force" })).toThrow(
      /COLONIES_PRVKEY.*pass --force/,
    );
    expect(readFileSync(path, "utf8")).toBe(other);
  });

  test("with force replaces them and keeps a backup", () => {
    const dir = tempDir();
    const path = join(dir, ".env");
    const other = `COLONIES_PRVKEY=${"b".repeat(64)}\n`;
    writeFileSync(path, other);
    const result = writeEnvFile(path, ours, { force: true });
    expect(result.action).toBe("replaced");
    expect(readFileSync(result.backup!, "utf8")).toBe(other);
    expect(readFileSync(path, "utf8")).toContain(`COLONIES_PRVKEY=${"a".repeat(64)}`);
  });
});
