/**
 * Python's `str(float)` / `repr(float)`: shortest round-trip digits (same digits as JS `String`),
 * positional for decimal exponents -4..15 with a trailing `.0` on integers, otherwise `1e-05` style.
 * Examples: 0 -> "0.0", 0.009000000000000001, 1e-05, 100.0, 1e+16, nan, inf.
 */
export function pythonFloatString(x: number): string {
  const magnitude = x < 0 ? -x : x;
  // Fast path: in [1e-4, 1e16) JS never uses exponents, so JS and Python differ only by the ".0" of integers.
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(x);
    return Number.isInteger(x) ? `${text}.0` : text;
  }
  return normalise(x);
}

function normalise(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const exponential = x.toExponential(); // shortest round-trip digits: "-1.2345e-7"
  const ePos = exponential.indexOf("e");
  const exponent = Number(exponential.slice(ePos + 1));
  const negative = exponential.startsWith("-");
  const mantissa = exponential.slice(negative ? 1 : 0, ePos);
  const digits = mantissa.replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const intLength = exponent + 1;
    if (digits.length <= intLength) return `${sign}${digits}${"0".repeat(intLength - digits.length)}.0`;
    return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
  }
  const exponentText = `${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return `${sign}${mantissa}e${exponentText}`;
}

/**
 * Python's `f"{x:.{digits}f}"`: like toFixed, but an exact binary tie rounds half to even
 * (Python: 0.03125 -> "0.0312"; toFixed gives "0.0313").
 */
export function pythonFixed(x: number, digits: number): string {
  const scale = 10 ** digits;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && (floor + 0.5) / scale === x) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / scale).toFixed(digits);
  }
  return x.toFixed(digits);
}
