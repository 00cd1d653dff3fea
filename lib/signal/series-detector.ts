import type { VoltageEvent } from "./events.ts";
import { detectorFromModel, type Model } from "./model.ts";
import { detectVoltageEvents } from "./rms.ts";

/** The verdict on one series, whichever detector made it. */
export interface SeriesVerdict {
  anomaly: boolean;
  /** kl: the window's KL divergence; rms: null. */
  klDivergence: number | null;
  /** rms: every event found (anomaly = events.length > 0); kl: null. */
  events: VoltageEvent[] | null;
}

export interface SeriesDetector {
  readonly kind: "kl" | "rms";
  detect(values: ArrayLike<number>): SeriesVerdict;
}

/** The detector a model.json names, behind one interface (the executor and the dashboard use this). */
export function seriesDetectorFromModel(model: Model): SeriesDetector {
  if (model.detector === "rms") {
    return {
      kind: "rms",
      detect(values) {
        const events = detectVoltageEvents(values, model);
        return { anomaly: events.length > 0, klDivergence: null, events };
      },
    };
  }
  const detector = detectorFromModel(model);
  return {
    kind: "kl",
    detect(values) {
      const { anomaly, klDivergence } = detector.detect(values);
      return { anomaly, klDivergence, events: null };
    },
  };
}
