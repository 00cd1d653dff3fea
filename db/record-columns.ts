/**
 * The columns of a series record, picked from either driver's `series` table (both name them alike): the
 * selection the lists and lookups read. The order is the order of a record row (PostgreSQL reads rows as
 * positional values).
 */
const RECORD_COLUMNS = [
  "seq",
  "tsId",
  "processId",
  "anomaly",
  "klDivergence",
  "eventKinds",
  "pointCount",
  "createdAt",
  "updatedAt",
] as const;

type RecordColumnName = (typeof RECORD_COLUMNS)[number];

export function recordColumns<Table extends Record<RecordColumnName, unknown>>(
  table: Table,
): Pick<Table, RecordColumnName> {
  const columns = {} as Pick<Table, RecordColumnName>;
  for (const name of RECORD_COLUMNS) columns[name] = table[name];
  return columns;
}
