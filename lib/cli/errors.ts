/** A user mistake on the command line; printed as one line, exit code 1. */
export class CliError extends Error {
  override name = "CliError";
}

/** Prints `error: message` on stderr and exits with code 1. */
export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

/**
 * Runs a script's main; any thrown error becomes one line on stderr and exit code 1
 * (a stack trace only with DEBUG=1).
 */
export async function runMain(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (process.env.DEBUG === "1") console.error(error);
    fail(error instanceof Error ? error.message : String(error));
  }
}
