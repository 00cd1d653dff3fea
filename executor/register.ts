/**
 * Registration as the tutorial's executor does it: a fresh key, the name `anomaly-executor-` plus five
 * random characters, added and approved with the colony owner's key, and the `anomaly` function
 * registered with the executor's own key.
 */
import { ANOMALY_FUNCNAME } from "../lib/anomaly/index.ts";
import {
  type ColoniesClient,
  ColoniesError,
  generatePrivateKey,
  idFromPrivateKey,
} from "../lib/colonies/index.ts";

export interface ExecutorIdentity {
  name: string;
  type: string;
  prvkey: string;
  id: string;
}

const NAME_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function newExecutorIdentity(type: string, prefix = "anomaly-executor-"): ExecutorIdentity {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  const suffix = Array.from(bytes, (b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join("");
  const prvkey = generatePrivateKey();
  return { name: `${prefix}${suffix}`, type, prvkey, id: idFromPrivateKey(prvkey) };
}

function alreadyExists(error: unknown): boolean {
  return error instanceof ColoniesError && error.message.includes("already exists");
}

/**
 * Adds (tolerating "already exists", so it can be re-run after the server dropped us), approves and
 * registers the `anomaly` function.
 */
export async function registerExecutor(
  client: ColoniesClient,
  colonyname: string,
  colonyPrvkey: string,
  identity: ExecutorIdentity,
): Promise<void> {
  try {
    await client.addExecutor(
      {
        executorname: identity.name,
        executorid: identity.id,
        colonyname,
        executortype: identity.type,
      },
      colonyPrvkey,
    );
  } catch (error) {
    if (!alreadyExists(error)) throw error;
  }
  await client.approveExecutor(colonyname, identity.name, colonyPrvkey);
  try {
    await client.addFunction(
      { executorname: identity.name, colonyname, funcname: ANOMALY_FUNCNAME, executortype: identity.type },
      identity.prvkey,
    );
  } catch (error) {
    if (!alreadyExists(error)) throw error;
  }
}
