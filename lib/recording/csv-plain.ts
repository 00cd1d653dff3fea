/**
 * The fast path for plain CSV text (no quotes, one line ending throughout: what recorders and the tutorial's
 * dataset write): lines and fields found by character codes and short decimals read straight from the text,
 * with the values papaparse and Number() give. Anything else goes to papaparse (measured in bench/README.md).
 */

const LF = 10;
const CR = 13;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Up to 15 digits the integer is exact in a double, and so is 10^15: one division rounds correctly. */
const MAX_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

/**
 * Whether papaparse would read `text` as quote-free lines split at "\n" (after one CR before each LF, if every
 * LF has one): its guess of the line ending then cannot differ, and a field is just the text between delimiters.
 */
export function isPlainCsvText(text: string): boolean {
  if (text.includes('"')) return false;
  let cr = text.indexOf("\r");
  if (cr < 0) return true;
  let lineFeeds = 0;
  for (let lf = text.indexOf("\n"); lf >= 0; lf = text.indexOf("\n", lf + 1)) lineFeeds++;
  let crs = 0;
  for (; cr >= 0; cr = text.indexOf("\r", cr + 1)) {
    if (text.charCodeAt(cr + 1) !== LF) return false;
    crs++;
  }
  return crs === lineFeeds;
}

/** Where the line starting at `from` ends (before its CR LF or LF, or the end of the text). */
export function plainLineEnd(text: string, from: number): number {
  let to = text.indexOf("\n", from);
  if (to < 0) to = text.length;
  return to > from && text.charCodeAt(to - 1) === CR ? to - 1 : to;
}

/** The character after a line's end: past its line feed. */
export function nextLineStart(text: string, lineEnd: number): number {
  return text.charCodeAt(lineEnd) === CR ? lineEnd + 2 : lineEnd + 1;
}

/**
 * Fills `starts`/`ends` with the first `starts.length` fields of the line [from, to) split at `delimiter` (a
 * char code); returns how many fields it found, at most that (the line may have more).
 */
export function splitPlainLine(
  text: string,
  from: number,
  to: number,
  delimiter: number,
  starts: Int32Array,
  ends: Int32Array,
): number {
  const wanted = starts.length;
  let field = 0;
  starts[0] = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== delimiter) continue;
    ends[field] = i;
    field++;
    if (field === wanted) return field;
    starts[field] = i + 1;
  }
  ends[field] = to;
  return field + 1;
}

/**
 * A field written as [+-]digits[.digits] with at most 15 digits, read as Number() reads it; NaN for any
 * other text (blanks, exponents, long digits: the caller asks Number() itself).
 */
export function plainDecimal(text: string, from: number, to: number): number {
  let i = from;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === MINUS) {
    negative = true;
    i++;
  } else if (first === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let dot = false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (dot) fractionDigits++;
    } else if (c === DOT && !dot) dot = true;
    else return Number.NaN;
  }
  if (digits === 0 || digits > MAX_DIGITS) return Number.NaN;
  const value = fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] as number);
  return negative ? -value : value;
}
