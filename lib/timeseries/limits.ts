/**
 * Documented input limits of the time-series store. The server enforces them (validation schemas and the
 * request-body cap) and the client can check against them before sending.
 */

/** Series ids: 1-128 characters from `A-Z a-z 0-9 _ - . ~`, not starting with a dot (no `.`/`..` path tricks). */
export const TS_ID_PATTERN = "^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$";
export const MAX_TS_ID_LENGTH = 128;
/** Colonies process ids are 64 hex characters; the tutorial uploads "" before a process exists. */
export const MAX_PROCESS_ID_LENGTH = 256;
/** Length of one time string as given by the caller (Python `str(float)` needs at most 24). */
export const MAX_TIME_LENGTH = 64;
/** Points in one series (100 seconds at the tutorial's 1 kHz). */
export const MAX_POINTS = 100_000;
/** Request bodies above this many bytes get 413 with a message (a full MAX_POINTS body is about 5 MB). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Page size of `GET /timeseries/` when no `limit` is given, and the largest accepted `limit`. */
export const DEFAULT_LIST_LIMIT = 10_000;
export const MAX_LIST_LIMIT = 10_000;
/** Events one verdict may carry (`PATCH .../anomaly` with `events`); a detector finding more should merge them. */
export const MAX_EVENTS = 10_000;
/** `end_s - start_s` and the sent `duration_s` may differ by this many seconds (rounding by other clients). */
export const EVENT_DURATION_TOLERANCE_S = 1e-6;

/** Recordings (`/recordings/...`): channels of one recording. */
export const MAX_CHANNELS = 64;
/** Segments of one recording (a day at 1 kHz in 10 s segments is 8,640). */
export const MAX_SEGMENTS = 1_000_000;
/** Samples per channel `GET /recordings/{id}/samples` answers at once (10 s at 10 kHz). */
export const MAX_SAMPLES_READ = 100_000;
/** Envelope buckets per channel in one segment result, and the most columns `GET .../envelope` merges into. */
export const MAX_ENVELOPE_BUCKETS = 100_000;
export const MAX_ENVELOPE_COLUMNS = 10_000;
/** Warnings kept with a recording, and the length of each. */
export const MAX_WARNINGS = 1000;
export const MAX_TEXT_LENGTH = 4096;
