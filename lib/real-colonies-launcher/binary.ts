/**
 * The real Colonies server binary, built once with Go into a cache keyed by version. `go install
 * …@version` is refused by the module proxy here (403 on the version list), so the build goes through a
 * throwaway module that requires the server module and builds its `cmd` package.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The Colonies release the protocol notes and the docker-compose setup follow. */
export const REAL_COLONIES_VERSION = "v1.9.12";
const MODULE = "github.com/colonyos/colonies";

export class RealColoniesSetupError extends Error {
  override name = "RealColoniesSetupError";
}

export interface BinaryOptions {
  /** Cache root; the binary lands in `<cacheDir>/<version>/colonies`. */
  cacheDir: string;
  version?: string;
  /** Progress lines (e.g. console.error); silent by default. */
  log?: (line: string) => void;
  /** Where to look for `go` (default: $PATH). */
  searchPath?: string;
}

/** Where the binary of `version` lives in `cacheDir` (whether built or not). */
export function realColoniesBinaryPath(cacheDir: string, version = REAL_COLONIES_VERSION): string {
  return join(resolve(cacheDir), version, "colonies");
}

function goCommand(searchPath = process.env.PATH ?? ""): string {
  const go = Bun.which("go", { PATH: searchPath });
  if (!go) {
    throw new RealColoniesSetupError(
      "Go is not installed (needed once to build the real Colonies server): run `apt-get install -y golang-go` " +
        "(Debian/Ubuntu, needs Go ≥ 1.23) or install it from https://go.dev/dl/, then retry",
    );
  }
  return go;
}

async function runGo(go: string, args: string[], cwd: string): Promise<void> {
  const child = Bun.spawn([go, ...args], {
    cwd,
    env: { ...process.env, GOFLAGS: "-mod=mod" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) {
    throw new RealColoniesSetupError(
      `\`go ${args.join(" ")}\` failed (exit ${code}) in ${cwd}:\n${(err || out).trim()}`,
    );
  }
}

/** Returns the cached binary's path, building it first when it is missing (about a minute). */
export async function ensureRealColoniesBinary(options: BinaryOptions): Promise<string> {
  const version = options.version ?? REAL_COLONIES_VERSION;
  const binary = realColoniesBinaryPath(options.cacheDir, version);
  if (existsSync(binary)) return binary;
  const go = goCommand(options.searchPath);
  const work = join(resolve(options.cacheDir), version, "build");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "go.mod"), `module colonies-build\n\ngo 1.23\n\nrequire ${MODULE} ${version}\n`);
  writeFileSync(join(work, "tools.go"), `//go:build tools\n\npackage tools\n\nimport _ "${MODULE}/cmd"\n`);
  options.log?.(`Building the real Colonies server ${version} with ${go} (once; cached in ${binary})…`);
  const started = performance.now();
  await runGo(go, ["mod", "download", `${MODULE}@${version}`], work);
  const partial = `${binary}.partial`;
  await runGo(go, ["build", "-o", partial, `${MODULE}/cmd`], work);
  chmodSync(partial, 0o755);
  renameSync(partial, binary);
  rmSync(work, { recursive: true, force: true });
  options.log?.(`Built ${binary} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}
