/**
 * Headless Chromium for the browser tests. Debian's `chromium` (or CHROMIUM_PATH) when the machine has it, as CI
 * installs it; otherwise the build shipped inside the `@sparticuz/chromium` npm package with the shared libraries
 * it ships beside it, so `npx bun run test` also passes on a machine with only Node.js and npm.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import Sparticuz, { inflate } from "@sparticuz/chromium";
import { type Browser, chromium } from "playwright-core";

const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Sandboxing needs user namespaces, which containers and root sessions often lack. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type ChromiumSource = "system" | "bundled";

function systemChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  return SYSTEM_CHROMIUM.find((path) => existsSync(path));
}

/** Unpacks the npm package's Chromium and its libraries (into the temp dir, once per boot). */
async function bundledChromium(): Promise<{ executablePath: string; env: Record<string, string> }> {
  const executablePath = await Sparticuz.executablePath();
  const packageDir = dirname(require.resolve("@sparticuz/chromium/package.json"));
  const libraries = join(await inflate(join(packageDir, "bin", "al2023.tar.br")), "lib");
  const inherited = process.env.LD_LIBRARY_PATH;
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  // The system's libraries first where it has them; the bundled ones fill the gaps (libnss3, libnspr4, ...).
  env.LD_LIBRARY_PATH = [inherited, "/usr/lib/x86_64-linux-gnu", libraries].filter(Boolean).join(":");
  // This build turns LANG=C(.UTF-8) into the language "en-US@posix", which Intl then rejects.
  env.LANG = "en_US.UTF-8";
  return { executablePath, env };
}

export async function launchChromium(source: ChromiumSource | "auto" = "auto"): Promise<Browser> {
  const system = source === "bundled" ? undefined : systemChromium();
  if (system) return chromium.launch({ executablePath: system, args: ARGS });
  if (source === "system") throw new Error("no system Chromium: install it (apt-get install -y chromium)");
  const { executablePath, env } = await bundledChromium();
  return chromium.launch({ executablePath, args: ARGS, env });
}
