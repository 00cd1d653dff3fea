/** Generators and their queued (packed) arguments. */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { GeneratorRow } from "../model/wire.ts";
import { refuseNul } from "../wire/pq-errors.ts";
import type { ColoniesDatabase } from "./open.ts";
import { generatorArgs, generators } from "./schema.ts";

export function insertGenerator(db: ColoniesDatabase, row: GeneratorRow): void {
  db.insert(generators).values(row).run();
}

export function getGenerator(db: ColoniesDatabase, generatorid: string): GeneratorRow | undefined {
  refuseNul(generatorid);
  return db.select().from(generators).where(eq(generators.generatorid, generatorid)).get();
}

export function getGeneratorByName(db: ColoniesDatabase, colonyname: string, name: string) {
  refuseNul([colonyname, name]);
  return db
    .select()
    .from(generators)
    .where(and(eq(generators.colonyname, colonyname), eq(generators.name, name)))
    .get();
}

export function listGenerators(db: ColoniesDatabase, colonyname: string, limit: number): GeneratorRow[] {
  return db
    .select()
    .from(generators)
    .where(eq(generators.colonyname, colonyname))
    .limit(Math.max(0, limit))
    .all();
}

export function allGenerators(db: ColoniesDatabase): GeneratorRow[] {
  return db.select().from(generators).all();
}

export function updateGenerator(
  db: ColoniesDatabase,
  generatorid: string,
  values: Partial<GeneratorRow>,
): void {
  db.update(generators).set(values).where(eq(generators.generatorid, generatorid)).run();
}

export function removeGenerator(db: ColoniesDatabase, generatorid: string): void {
  db.delete(generatorArgs).where(eq(generatorArgs.generatorid, generatorid)).run();
  db.delete(generators).where(eq(generators.generatorid, generatorid)).run();
}

export function packArg(db: ColoniesDatabase, generatorid: string, arg: string): void {
  refuseNul([generatorid, arg], 500);
  db.insert(generatorArgs).values({ generatorid, arg }).run();
}

export function queueSize(db: ColoniesDatabase, generatorid: string): number {
  return (
    db.select({ n: count() }).from(generatorArgs).where(eq(generatorArgs.generatorid, generatorid)).get()
      ?.n ?? 0
  );
}

/** The oldest `limit` queued args (FIFO). */
export function peekArgs(db: ColoniesDatabase, generatorid: string, limit: number) {
  return db
    .select()
    .from(generatorArgs)
    .where(eq(generatorArgs.generatorid, generatorid))
    .orderBy(asc(generatorArgs.rowid))
    .limit(limit)
    .all();
}

export function deleteArgs(db: ColoniesDatabase, rowids: number[]): void {
  if (rowids.length > 0) db.delete(generatorArgs).where(inArray(generatorArgs.rowid, rowids)).run();
}
