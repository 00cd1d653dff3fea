/** Checks that the ports the demo will listen on are free before anything starts. */
import { isPortFree } from "../free-port.ts";
import { StackError } from "./errors.ts";

export interface PortClaim {
  port: number;
  /** What will listen there, e.g. "store". */
  what: string;
  /** The flag that changes it, e.g. "--store-port". */
  flag: string;
}

export { isPortFree };

export function assertPortsFree(hostname: string, claims: readonly PortClaim[]): void {
  const seen = new Map<number, string>();
  for (const claim of claims) {
    const other = seen.get(claim.port);
    if (other) {
      throw new StackError(
        `The ${claim.what} and the ${other} would both use port ${claim.port}; give ${claim.flag} another port.`,
      );
    }
    seen.set(claim.port, claim.what);
    if (!isPortFree(hostname, claim.port)) {
      throw new StackError(
        `Port ${claim.port} on ${hostname} (for the ${claim.what}) is already in use: stop what listens there ` +
          `(see \`lsof -i :${claim.port}\`) or pass ${claim.flag} <another port>.`,
      );
    }
  }
}
