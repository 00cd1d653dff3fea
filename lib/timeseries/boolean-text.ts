/** Booleans in query strings, spelled as FastAPI/pydantic accept them (Python's requests sends "True"). */
const TRUE_WORDS = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["0", "off", "f", "false", "n", "no"]);

/** undefined when the text is not a boolean spelling. */
export function parseBooleanText(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** "yes" -> "[Yy][Ee][Ss]": JSON Schema patterns have no case-insensitive flag. */
function anyCase(word: string): string {
  return [...word]
    .map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toUpperCase()}${c}]`))
    .join("");
}

/**
 * Exactly the texts parseBooleanText reads, or "" (an empty query value counts as not given), for the
 * OpenAPI document and the route's validation alike. `\s` is the set String.prototype.trim removes.
 */
export const BOOLEAN_TEXT_PATTERN = `^(?:|\\s*(?:${[...TRUE_WORDS, ...FALSE_WORDS].map(anyCase).join("|")})\\s*)$`;

/** Python's spelling of a bool, as the tutorial's messages print it. */
export function pythonBool(value: boolean): "True" | "False" {
  return value ? "True" : "False";
}
