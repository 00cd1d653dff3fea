/**
 * Content negotiation for the series GET: JSON stays the answer for every client that does not ask otherwise
 * (the tutorial's, browsers, curl's `*\/*`); the values' bytes go only to one that names them first.
 */
const VALUE_BYTES = "application/octet-stream";

/** True when the Accept header's first media range is application/octet-stream with a non-zero q. */
export function prefersValueBytes(accept: string | null): boolean {
  if (accept === null) return false;
  const [first] = accept.split(",");
  if (first === undefined) return false;
  const [type, ...parameters] = first.split(";").map((part) => part.trim().toLowerCase());
  if (type !== VALUE_BYTES) return false;
  const q = parameters.find((parameter) => parameter.startsWith("q="));
  return q === undefined || Number(q.slice(2)) > 0;
}
