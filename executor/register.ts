/**
 * Registration as the tutorial's executor does it: a fresh key, the name `anomaly-executor-` plus five
 * random characters, added and approved with the colony owner's key, and the executor's function
 * (`anomaly` unless told otherwise) registered with the executor's own key.
 */
import { ANOMALY_FUNCNAME } from "../lib/anomaly/index.ts";
import {
  type ColoniesClient,
  ColoniesError,
  generatePrivateKey,
  idFromPrivateKey,
} from "../lib/colonies-sdk/index.ts";

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

/** addExecutor said the name exists, and the server then refused our key: another executor has the name. */
export class ExecutorNameTakenError extends Error {
  override name = "ExecutorNameTakenError";
  constructor(executorname: string, colonyname: string, cause: ColoniesError) {
    super(
      `executor name ${executorname} already exists in colony ${colonyname} under another key (${cause.message}): choose another name (COLONIES_EXECUTOR_NAME) or remove that executor`,
      { cause },
    );
  }
}

/**
 * Adds (tolerating "already exists", so it can be re-run after the server dropped us), approves and
 * registers `funcname`.
 */
export async function registerExecutor(
  client: ColoniesClient,
  colonyname: string,
  colonyPrvkey: string,
  identity: ExecutorIdentity,
  funcname: string = ANOMALY_FUNCNAME,
): Promise<void> {
  let existed = false;
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
    existed = true;
  }
  await client.approveExecutor(colonyname, identity.name, colonyPrvkey);
  try {
    await client.addFunction(
      { executorname: identity.name, colonyname, funcname, executortype: identity.type },
      identity.prvkey,
    );
  } catch (error) {
    if (alreadyExists(error)) return;
    if (existed && error instanceof ColoniesError)
      throw new ExecutorNameTakenError(identity.name, colonyname, error);
    throw error;
  }
}
