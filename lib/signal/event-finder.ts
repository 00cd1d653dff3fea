import { windowEvent } from "./event-metrics.ts";
import type { VoltageEvent } from "./events.ts";
import { detectorFromModel, type KlModel, type Model } from "./model.ts";
import { RmsEventDetector, rootMeanSquare } from "./rms.ts";

/** Events from a stream of blocks, whichever detector the model names. */
export interface EventFinder {
  push(block: ArrayLike<number>): VoltageEvent[];
  finish(): VoltageEvent[];
}

/**
 * rms: the streaming U_rms(1/2) detector. kl: every complete window of model.window samples is scored and each
 * flagged window is an event of kind "anomaly" spanning it (residual: the window's RMS; reference: the RMS of the
 * model's reference wave); a last incomplete window is not scored, as in the calibration.
 */
export function eventFinderFromModel(model: Model): EventFinder {
  if (model.detector === "rms") return new RmsEventDetector(model);
  return new KlWindowFinder(model);
}

class KlWindowFinder implements EventFinder {
  private readonly buffer: Float64Array;
  private filled = 0;
  private windows = 0;
  private readonly detector;
  private readonly referenceV: number;

  constructor(private readonly model: KlModel) {
    this.buffer = new Float64Array(model.window);
    this.detector = detectorFromModel(model);
    this.referenceV = rootMeanSquare(model.reference);
  }

  push(block: ArrayLike<number>): VoltageEvent[] {
    const out: VoltageEvent[] = [];
    const { buffer } = this;
    for (let k = 0; k < block.length; k++) {
      buffer[this.filled++] = block[k]!;
      if (this.filled < buffer.length) continue;
      const start = this.windows * buffer.length;
      if (this.detector.detect(buffer).anomaly) {
        const rms = rootMeanSquare(buffer);
        out.push(windowEvent(start, start + buffer.length, this.model.samplingRate, rms, this.referenceV));
      }
      this.windows++;
      this.filled = 0;
    }
    return out;
  }

  finish(): VoltageEvent[] {
    return [];
  }
}
