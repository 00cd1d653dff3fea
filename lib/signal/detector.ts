import { SignalError } from "./errors.ts";
import { assertBins, countsToDensity, HISTOGRAM_EPSILON, histogramCounts } from "./histogram.ts";
import { klFromNormalised, normalise } from "./kl.ts";
import { zeroCrossingBounds } from "./trim.ts";

export interface DetectorOptions {
  /** Reference wave as recorded (untrimmed); it gets the same preprocessing as every sample. */
  reference: ArrayLike<number>;
  /** A sample is anomalous when its KL divergence is strictly greater than this. */
  threshold: number;
  bins?: number;
  /** Trim reference and samples to zero crossings first (as the calibration script does). */
  trim?: boolean;
}

export interface Detection {
  anomaly: boolean;
  klDivergence: number;
}

/**
 * The tutorial's `detect_anomaly`, made once: the reference histogram is computed in the constructor
 * (the tutorial recomputes it at every call) and `detect` allocates nothing.
 */
export class Detector {
  readonly threshold: number;
  readonly bins: number;
  readonly trim: boolean;
  /** Normalised reference distribution (tutorial histogram + 1e-10, divided by its sum). */
  readonly referenceDistribution: Float64Array;
  private readonly edges: Float64Array;
  private readonly counts: Float64Array;
  private readonly density: Float64Array;
  private readonly terms: Float64Array;

  constructor({ reference, threshold, bins = 50, trim = false }: DetectorOptions) {
    assertBins(bins);
    if (!Number.isFinite(threshold))
      throw new SignalError(`threshold must be a finite number, got ${threshold}`);
    if (reference.length === 0) throw new SignalError("reference wave is empty; give at least one value");
    this.threshold = threshold;
    this.bins = bins;
    this.trim = trim;
    this.edges = new Float64Array(bins + 1);
    this.counts = new Float64Array(bins);
    this.density = new Float64Array(bins);
    this.terms = new Float64Array(bins);
    this.referenceDistribution = normalise(this.smoothedDensity(reference), "reference histogram");
  }

  /** KL divergence of the sample against the reference, and whether it exceeds the threshold. */
  detect(values: ArrayLike<number>): Detection {
    const kl = this.klDivergence(values);
    return { anomaly: kl > this.threshold, klDivergence: kl };
  }

  klDivergence(values: ArrayLike<number>): number {
    if (values.length === 0) throw new SignalError("sample is empty; give at least one value");
    return klFromNormalised(this.referenceDistribution, this.smoothedDensity(values), this.terms);
  }

  /** Histogram density + 1e-10 of the (optionally trimmed) values, in the reused `density` buffer. */
  private smoothedDensity(values: ArrayLike<number>): Float64Array {
    const view = this.trim ? trimmedView(values) : values;
    histogramCounts(view, this.bins, this.edges, this.counts);
    const density = countsToDensity(this.counts, this.edges, this.density);
    for (let i = 0; i < density.length; i++) density[i]! += HISTOGRAM_EPSILON;
    return density;
  }
}

function trimmedView(values: ArrayLike<number>): ArrayLike<number> {
  const { start, end } = zeroCrossingBounds(values);
  if (start === 0 && end === values.length) return values;
  if (values instanceof Float64Array) return values.subarray(start, end);
  return Array.prototype.slice.call(values, start, end) as number[];
}
