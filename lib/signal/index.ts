/** Public API of the signal library: pure numeric code over Float64Array, no I/O. */
export { type Calibration, type CalibrationInput, type CalibrationOptions, calibrate } from "./calibrate.ts";
export { chunkLabels, chunkStarts, chunks } from "./chunks.ts";
export {
  DATASET_HEADER,
  type DatasetColumns,
  DatasetError,
  formatDatasetRows,
  parseDatasetCsv,
} from "./dataset-csv.ts";
export { type Detection, Detector, type DetectorOptions } from "./detector.ts";
export { SignalError } from "./errors.ts";
export {
  generateSample,
  type Sample,
  type SampleBlock,
  SampleStream,
  sampleCount,
  sampleRange,
} from "./generate.ts";
export { HISTOGRAM_EPSILON, type Histogram, histogram, smoothedHistogram } from "./histogram.ts";
export { EVENT_KINDS, type EventKind, EventScheduler, type TrueEvent } from "./injected-events.ts";
export { klDivergence } from "./kl.ts";
export { MainsWave } from "./mains-wave.ts";
export { type ConfusionMetrics, confusionMetrics } from "./metrics.ts";
export {
  detectorFromModel,
  type Model,
  ModelError,
  parseModel,
  TUTORIAL_THRESHOLD,
  tutorialDefaultModel,
} from "./model.ts";
export { mean, pairwiseSum, populationStd } from "./numpy-sum.ts";
export {
  isProfileName,
  PROFILE_NAMES,
  type ProfileName,
  parseProfileName,
  profileOptions,
  profileWith,
  withEventRate,
} from "./profiles.ts";
export { pythonFixed, pythonFloatString } from "./python-float.ts";
export { Gaussian, randomSeed, SUBSTREAMS, substreamSeed, Xoshiro128 } from "./random.ts";
export {
  DATASET_DEFAULTS,
  definedOnly,
  type Harmonic,
  MAX_AMPLITUDE_WANDER,
  type NumberOrRange,
  type NumberRange,
  rangeBounds,
  resolveSampleOptions,
  type SampleOptions,
} from "./sample-options.ts";
export { SlowWander } from "./slow-wander.ts";
export {
  f1MaximisingThreshold,
  normalMarginThreshold,
  THRESHOLD_RULES,
  type ThresholdRule,
  tutorialThreshold,
} from "./threshold.ts";
export { findZeroCrossings, type TrimBounds, trimToZeroCrossings, zeroCrossingBounds } from "./trim.ts";
