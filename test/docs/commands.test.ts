/**
 * Every command the README and the docs/ pages show runs as written. Each page runs in a fresh working folder
 * (the repository's files linked in, no data, no .env), so a page shows every step it needs; each `$ command` line of its transcripts runs there
 * through `sh`, with `bun` on the PATH. A command that keeps running (a server, an executor, or one ending in
 * `&`) is started in the background and stopped when the page is done; the test waits for the output lines
 * the page shows under it. A finished command must exit 0 and print the lines shown under it, in order,
 * where a word with a digit, XXX or a <placeholder> in it stands for any word and a line with "…" is left out.
 * The only differences from a reader's terminal: free ports instead of 8000 and 50080, so the test runs
 * beside other servers. `<!-- not run: REASON -->` before a block, or `# not run: REASON` ending a line,
 * leaves it out (the reason says where it is tested instead).
 */
import { afterAll, describe, expect, test } from "bun:test";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "../../lib/free-port.ts";
import { inheritedEnv, repoRoot } from "../support/stack.ts";

const PAGES = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Commands that keep running until stopped: started in the background. */
const LONG_RUNNING = [
  /^bun run (server|colonies:server|executor)\b/,
  /^bun (server\.ts|executor\/\S+executor\.ts)\b/,
  /&\s*$/,
];
/** Files of the repository a working folder must not share: state the commands make themselves. */
const NOT_LINKED = new Set([
  ".git",
  ".env",
  "data",
  "dataset.csv",
  "model.json",
  "artifacts",
  "test-results",
]);

export interface Command {
  line: string;
  output: string[];
  skip?: string;
}

/** The `$ ` commands of a page's fenced blocks, each with the output lines shown under it. */
export function pageCommands(markdown: string): Command[] {
  const commands: Command[] = [];
  const blocks = markdown.matchAll(/(?:<!--\s*not run:\s*([^>]*?)\s*-->\s*\n)?```[^\n]*\n([\s\S]*?)```/g);
  for (const [fence, blockSkip, body = ""] of blocks) {
    // A shell block without a prompt is a list of commands (comments aside), none with output shown.
    if (/```(sh|bash)\n/.test(fence) && !/^\$ /m.test(body)) {
      for (const text of body.split("\n")) {
        const [command = ""] = splitComment(text);
        if (command.trim() !== "" && !command.trim().startsWith("#"))
          commands.push({ line: command.trim(), output: [], skip: blockSkip });
      }
      continue;
    }
    let current: Command | undefined;
    for (const text of body.split("\n")) {
      if (text.startsWith("$ ")) {
        const [command = "", comment = ""] = splitComment(text.slice(2));
        const lineSkip = /^not run:\s*(.+)$/.exec(comment)?.[1];
        current = { line: command.trim(), output: [], skip: blockSkip ?? lineSkip };
        commands.push(current);
      } else if (current && text.trim() !== "") current.output.push(text);
    }
  }
  return commands;
}

/** A command and its trailing `# comment` (a # inside quotes or a word is not a comment). */
function splitComment(text: string): [string, string] {
  const match = /\s#\s+(.*)$/.exec(text);
  if (!match || /['"][^'"]*#/.test(text.slice(0, match.index + 2))) return [text, ""];
  return [text.slice(0, match.index), match[1] ?? ""];
}

/** Whether `actual` shows the `shown` lines in order (words with a digit, XXX or <…> are wildcards, lines with … left out). */
export function showsLines(actual: string, shown: readonly string[]): string | undefined {
  const lines = actual.split("\n");
  let at = 0;
  for (const expected of shown) {
    if (expected.includes("…")) continue;
    const want = words(expected);
    const found = lines.findIndex((line, i) => i >= at && sameShape(words(line), want));
    if (found < 0) return expected;
    at = found + 1;
  }
  return undefined;
}

function words(line: string): string[] {
  return line.trim().split(/\s+/);
}

function sameShape(actual: readonly string[], want: readonly string[]): boolean {
  return actual.length === want.length && want.every((w, i) => /\d|XXX|<.+>/.test(w) || w === actual[i]);
}

interface Workspace {
  dir: string;
  env: Record<string, string>;
  ports: { store: number; colonies: number };
  background: Bun.Subprocess<"ignore", "pipe", "pipe">[];
}

function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "docs-commands-"));
  for (const name of readdirSync(repoRoot)) {
    if (!NOT_LINKED.has(name)) symlinkSync(join(repoRoot, name), join(dir, name));
  }
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "bun"), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  chmodSync(join(bin, "bun"), 0o755);
  const [store = 0, colonies = 0] = freePorts(2);
  const env = inheritedEnv();
  for (const name of [
    "STORE_TOKEN",
    "STORE_URL",
    "MODEL_PATH",
    "DATABASE_URL",
    "DATABASE_PATH",
    "PORT",
    "HOST",
  ])
    delete env[name];
  Object.assign(env, {
    PATH: `${bin}:${env.PATH ?? ""}`,
    PORT: String(store),
    HOST: "127.0.0.1",
    STORE_URL: `http://127.0.0.1:${store}`,
    COLONIES_SERVER_PORT: String(colonies),
    NO_COLOR: "1",
  });
  return { dir, env, ports: { store, colonies }, background: [] };
}

/** The command with the documented default ports replaced by the workspace's. */
function withPorts(line: string, ws: Workspace): string {
  return line.replaceAll(":8000", `:${ws.ports.store}`).replaceAll(":50080", `:${ws.ports.colonies}`);
}

async function runCommand(ws: Workspace, command: Command): Promise<void> {
  const line = withPorts(command.line, ws);
  if (LONG_RUNNING.some((pattern) => pattern.test(command.line))) {
    const child = Bun.spawn(["sh", "-c", line.replace(/&\s*$/, "")], {
      cwd: ws.dir,
      env: ws.env,
      stdout: "pipe",
      stderr: "pipe",
      detached: true,
    });
    ws.background.push(child);
    let seen = "";
    const decoder = new TextDecoder();
    const reader = child.stdout.getReader();
    const deadline = Date.now() + 30_000;
    while (showsLines(seen, command.output) !== undefined) {
      const next = await Promise.race([
        reader.read(),
        Bun.sleep(Math.max(0, deadline - Date.now())).then(() => null),
      ]);
      if (!next || next.done) {
        throw new Error(
          `\`${command.line}\` did not print "${showsLines(seen, command.output)}"; it printed:\n${seen}`,
        );
      }
      seen += decoder.decode(next.value);
    }
    // Keep draining so the child never blocks on a full pipe.
    void (async () => {
      while (!(await reader.read()).done) {}
    })();
    void new Response(child.stderr).text();
    await waitForServers(ws, command.line);
    return;
  }
  const child = Bun.spawn(["sh", "-c", line], {
    cwd: ws.dir,
    env: ws.env,
    stdout: "pipe",
    stderr: "pipe",
    timeout: 120_000,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`\`${command.line}\` exited ${code}:\n${stdout}\n${stderr}`);
  const missing = showsLines(stdout + stderr, command.output);
  if (missing !== undefined)
    throw new Error(`\`${command.line}\` did not print "${missing}"; it printed:\n${stdout}${stderr}`);
}

/** A server started in the background answers before the next command runs. */
async function waitForServers(ws: Workspace, line: string): Promise<void> {
  const url = /colonies:server/.test(line)
    ? `http://127.0.0.1:${ws.ports.colonies}/health`
    : /server/.test(line)
      ? `http://127.0.0.1:${ws.ports.store}/health`
      : undefined;
  if (!url) return;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await Bun.sleep(100);
  }
  throw new Error(`\`${line}\` never answered ${url}`);
}

async function stopBackground(ws: Workspace): Promise<void> {
  for (const child of ws.background.reverse()) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await Promise.race([child.exited, Bun.sleep(5000)]);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
}

const workspaces: Workspace[] = [];
afterAll(async () => {
  for (const ws of workspaces) {
    await stopBackground(ws);
    rmSync(ws.dir, { recursive: true, force: true });
  }
});

describe("pageCommands and showsLines", () => {
  test("read transcripts, comments and skips", () => {
    const page =
      "```\n$ bun a.ts --x 1   # what it does\nline 1\n\n$ curl 'http://h/#x'\n```\n<!-- not run: needs Docker -->\n```sh\n$ docker build .\n```\n```\n$ bun b.ts # not run: needs Go\n```\n";
    expect(pageCommands(page)).toEqual([
      { line: "bun a.ts --x 1", output: ["line 1"], skip: undefined },
      { line: "curl 'http://h/#x'", output: [], skip: undefined },
      { line: "docker build .", output: [], skip: "needs Docker" },
      { line: "bun b.ts", output: [], skip: "needs Go" },
    ]);
  });

  test("match shown lines by shape, in order", () => {
    const out = "Wrote 5 rows to d.csv: 2 anomalies\nF1-Score: 0.9\n";
    expect(showsLines(out, ["Wrote 100000 rows to d.csv: 12 anomalies", "F1-Score: 1.0000"])).toBeUndefined();
    expect(showsLines(out, ["Process 33… submitted", "F1-Score: 1.0000"])).toBeUndefined();
    expect(showsLines(out, ["F1-Score: 1.0000", "Wrote 1 rows to d.csv: 2 anomalies"])).toBe(
      "Wrote 1 rows to d.csv: 2 anomalies",
    );
    expect(showsLines(out, ["Read 5 rows"])).toBe("Read 5 rows");
  });
});

describe("every command in the README and docs/ runs as written", () => {
  for (const page of PAGES) {
    const commands = pageCommands(readFileSync(join(repoRoot, page), "utf8"));
    const runnable = commands.filter((c) => c.skip === undefined);
    if (commands.length === 0) continue;
    test(`${page}: ${runnable.length} command(s)${commands.length > runnable.length ? `, ${commands.length - runnable.length} not run` : ""}`, async () => {
      for (const skipped of commands.filter((c) => c.skip !== undefined))
        expect(skipped.skip).toMatch(/\S{3}/);
      const ws = workspace();
      workspaces.push(ws);
      try {
        for (const command of runnable) await runCommand(ws, command);
      } finally {
        await stopBackground(ws);
        ws.background = [];
      }
    }, 300_000);
  }
});
