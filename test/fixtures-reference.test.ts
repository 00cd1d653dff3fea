/**
 * The reference data the parity tests use is kept in test/fixtures/ so a clone runs its tests on its own.
 * Its source of truth is the team's shared/ folder (golden/numerics.json from numpy/scipy/sklearn,
 * colonies/vectors.json for the Colonies protocol); where shared/ sits beside the clone (as in CI), the
 * copies must be byte-identical to it.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const repoRoot = join(import.meta.dir, "..");
const shared = join(repoRoot, "..", "shared");
const copies = [
  {
    fixture: "numerics.json",
    source: join("golden", "numerics.json"),
    keys: ["kl_cases", "metrics", "trim_normal"],
  },
  {
    fixture: "colonies-vectors.json",
    source: join("colonies", "vectors.json"),
    keys: ["ids", "signatures", "messages"],
  },
];

for (const { fixture, source, keys } of copies) {
  test(`test/fixtures/${fixture} holds the reference data${existsSync(shared) ? ` and equals shared/${source}` : ""}`, () => {
    const text = readFileSync(join(import.meta.dir, "fixtures", fixture), "utf8");
    const data = JSON.parse(text) as Record<string, unknown>;
    for (const key of keys) expect(data[key]).toBeDefined();
    if (existsSync(shared)) expect(text).toBe(readFileSync(join(shared, source), "utf8"));
  });
}
