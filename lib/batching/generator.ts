/** Creating a batching generator once by name, and packing series ids into it. */
import type { ColoniesClient } from "../colonies-sdk/client.ts";
import type { Generator, WorkflowSpec } from "../colonies-sdk/types.ts";
import { GeneratorError } from "./errors.ts";
import { workflowStoreUrl } from "./workflow.ts";

export interface GeneratorSettings {
  colonyname: string;
  name: string;
  /** Packed ids that make one process (≥ 1). */
  trigger: number;
  /** Seconds after which a partial batch (≥ 1 id) is submitted; ≤ 0 = never. */
  timeout: number;
  workflow: WorkflowSpec;
}

export interface EnsuredGenerator {
  generator: Generator;
  created: boolean;
  /** Set when a generator of that name exists with another trigger or timeout (it is reused as is). */
  mismatch?: string;
}

/** Enough to see every generator of a tutorial colony; names are unique per colony. */
const LIST_COUNT = 1000;

export async function findGeneratorByName(
  client: ColoniesClient,
  colonyname: string,
  name: string,
  key: string,
): Promise<Generator | undefined> {
  const all = await client.getGenerators(colonyname, LIST_COUNT, key);
  return all.find((generator) => generator.name === name);
}

function checkSettings(settings: GeneratorSettings): void {
  if (!Number.isInteger(settings.trigger) || settings.trigger < 1) {
    throw new GeneratorError(`--trigger must be a whole number ≥ 1 (got ${settings.trigger})`);
  }
  if (!Number.isInteger(settings.timeout)) {
    throw new GeneratorError(`--timeout must be whole seconds (got ${settings.timeout}); 0 or less = never`);
  }
  if (settings.name.trim() === "") throw new GeneratorError("--generator needs a non-empty name");
}

function describeMismatch(existing: Generator, settings: GeneratorSettings): string | undefined {
  if (existing.trigger === settings.trigger && existing.timeout === settings.timeout) return undefined;
  return (
    `generator ${existing.name} already exists with trigger ${existing.trigger} and timeout ${existing.timeout} s; ` +
    `reusing it (remove it with "colonies generator rm --name ${existing.name}" to change them)`
  );
}

function storedStoreUrl(existing: Generator): string | undefined {
  try {
    return workflowStoreUrl(JSON.parse(existing.workflowspec) as WorkflowSpec);
  } catch {
    return undefined;
  }
}

/**
 * An existing generator is reused only when its batches go to the same store: a batch checked against
 * another store would fail on every series (or, worse, find other data under the same ids).
 */
function checkSameStore(existing: Generator, settings: GeneratorSettings): Generator {
  const wanted = workflowStoreUrl(settings.workflow);
  const stored = storedStoreUrl(existing);
  if (stored === wanted) return existing;
  const storedText =
    stored === undefined ? "no store URL (its batches use each executor's STORE_URL)" : `store ${stored}`;
  throw new GeneratorError(
    `generator ${existing.name} (${existing.generatorid}) sends its batches to ${storedText}, ` +
      `not to ${wanted ?? "the executors' STORE_URL"}: remove it with ` +
      `"bun run colonies generator rm -g ${existing.generatorid}" or pick another name with --generator NAME`,
  );
}

/**
 * Returns the generator named `settings.name`, creating it when absent. Safe when two submitters race:
 * the loser of the creation finds the winner's generator. An existing generator with another store URL is
 * an error (GeneratorError saying how to remove it or choose another name).
 */
export async function ensureGenerator(
  client: ColoniesClient,
  settings: GeneratorSettings,
  key: string,
): Promise<EnsuredGenerator> {
  checkSettings(settings);
  const existing = await findGeneratorByName(client, settings.colonyname, settings.name, key);
  if (existing) {
    checkSameStore(existing, settings);
    return { generator: existing, created: false, mismatch: describeMismatch(existing, settings) };
  }
  try {
    const generator = await client.addGenerator(
      {
        colonyname: settings.colonyname,
        name: settings.name,
        workflowspec: JSON.stringify(settings.workflow),
        trigger: settings.trigger,
        timeout: settings.timeout,
      },
      key,
    );
    return { generator, created: true };
  } catch (error) {
    const winner = await findGeneratorByName(client, settings.colonyname, settings.name, key);
    if (winner) {
      checkSameStore(winner, settings);
      return { generator: winner, created: false, mismatch: describeMismatch(winner, settings) };
    }
    throw error;
  }
}

/** Packs the ids one by one, in order (the server batches them first in, first out). */
export async function packIntoGenerator(
  client: ColoniesClient,
  generatorid: string,
  tsIds: readonly string[],
  key: string,
): Promise<void> {
  for (const tsId of tsIds) await client.packGenerator(generatorid, tsId, key);
}
