/**
 * fast-check arbitraries for the JSON Schema subset the store's OpenAPI document uses (object, array, string
 * with pattern and lengths, number and integer with bounds, boolean, null, enum, const, oneOf/anyOf, `not`).
 * Values are valid by the schema; sizes are capped so a run stays short (the caps only shrink what is drawn).
 */
import fc from "fast-check";

export type JsonSchema = Record<string, unknown>;

const MAX_ITEMS = 3;
const MAX_TEXT = 12;

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = (schema.minimum as number | undefined) ?? -1e6;
  const high = (schema.maximum as number | undefined) ?? 1e6;
  const exclusiveLow = schema.exclusiveMinimum as number | undefined;
  if (integer) {
    const min = Math.ceil(exclusiveLow === undefined ? low : exclusiveLow + 1);
    return fc.integer({ min, max: Math.max(min, Math.min(high, min + 1e6)) });
  }
  const min = exclusiveLow ?? low;
  return fc
    .double({ min, max: Math.max(min, high), noNaN: true, noDefaultInfinity: true })
    .filter((value) => (exclusiveLow === undefined || value > exclusiveLow) && !Object.is(value, -0));
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY;
  if (typeof schema.pattern === "string") {
    return fc
      .stringMatching(new RegExp(schema.pattern, "u"))
      .filter((text) => text.length >= minLength && text.length <= maxLength);
  }
  if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  return fc.string({
    minLength,
    maxLength: Math.min(maxLength, Math.max(minLength, MAX_TEXT)),
    unit: "grapheme",
  });
}

function objectArbitrary(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    // `not: {}` (TypeBox's Never): the property must be absent.
    if (property.not !== undefined && Object.keys(property.not as object).length === 0) continue;
    fields[name] = schemaArbitrary(property);
  }
  const requiredKeys = Object.keys(fields).filter((name) => required.has(name));
  return fc.record(fields, { requiredKeys });
}

/** Values valid by `schema`. */
export function schemaArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const options = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (options) return fc.oneof(...options.map(schemaArbitrary));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types.length > 1) return fc.oneof(...types.map((type) => schemaArbitrary({ ...schema, type })));
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "string":
      return stringArbitrary(schema);
    case "array": {
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.min((schema.maxItems as number | undefined) ?? MAX_ITEMS, minLength + MAX_ITEMS);
      return fc.array(schemaArbitrary((schema.items ?? {}) as JsonSchema), { minLength, maxLength });
    }
    case "object":
      return objectArbitrary(schema);
    default:
      return fc.jsonValue();
  }
}

/** Values of the wrong shape for most schemas; the caller checks each against the schema. */
export const strangers: readonly unknown[] = [
  null,
  true,
  7.5,
  -1,
  "",
  "x",
  "1e3",
  " 5",
  [],
  {},
  [null],
  { x: 1 },
];
