/** Events as the store keeps them: exactly the wire fields, nothing a producer added beside them. */
import type { VoltageEventWire } from "./types.ts";

export function toWireEvent(event: VoltageEventWire): VoltageEventWire {
  return {
    kind: event.kind,
    start_s: event.start_s,
    end_s: event.end_s,
    duration_s: event.duration_s,
    residual_v: event.residual_v,
    residual_pct: event.residual_pct,
    cut: event.cut,
  };
}
