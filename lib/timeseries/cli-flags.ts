/** The flags the tutorial's store scripts share: which store (--db) and which series in it (--id). */
import type { FlagSpec } from "../cli/index.ts";
import { defaultStoreUrl } from "./client.ts";

/** The series id the tutorial's scripts use. */
export const TUTORIAL_SERIES_ID = "1234";

/** `--db URL` (default STORE_URL) and `--id ID` (default 1234); `idDescription` says what the id is for. */
export function storeSeriesFlags(idDescription: string) {
  return {
    db: {
      type: "string",
      default: defaultStoreUrl(),
      description: "store URL (env STORE_URL)",
      placeholder: "URL",
    },
    id: { type: "string", default: TUTORIAL_SERIES_ID, description: idDescription },
  } as const satisfies FlagSpec;
}
