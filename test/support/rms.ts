/** An RMS model and mains series with one voltage event, for the tests of the rms path through the system. */
import type { RmsModel } from "../../lib/signal/index.ts";
import type { TimeSeriesBody } from "../../lib/timeseries/index.ts";

export const rmsTestModel: RmsModel = {
  version: 1,
  detector: "rms",
  samplingRate: 1000,
  frequency: 50,
  referenceVoltage: 230,
  dipPct: 90,
  swellPct: 110,
  interruptionPct: 5,
  hysteresisPct: 2,
};

/** 2 s of 230 V, 50 Hz mains at 1 kHz; from 0.6 s to 1.0 s the voltage is `factor` of normal. */
export function mainsWithEvent(tsId: string, factor: number): TimeSeriesBody {
  const amplitude = 230 * Math.SQRT2;
  const data = Array.from({ length: 2000 }, (_, i) => {
    const t = i / 1000;
    const scale = t >= 0.6 && t < 1.0 ? factor : 1;
    return { time: String(t), value: scale * amplitude * Math.sin(2 * Math.PI * 50 * t) };
  });
  return { ts_id: tsId, process_id: "", data, anomaly: false };
}
