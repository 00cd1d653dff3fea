/** Public API of the signal library: pure numeric code over Float64Array, no I/O. */
export { type Calibration, type CalibrationInput, type CalibrationOptions, calibrate } from "./calibrate.ts";
export { chunkLabels, chunkStarts, chunks } from "./chunks.ts";
export {
  DATASET_HEADER,
  type DatasetColumns,
  DatasetError,
  finiteCell,
  formatDatasetRows,
  parseDatasetCsv,
} from "./dataset-csv.ts";
export { type Detection, Detector, type DetectorOptions } from "./detector.ts";
export { type EventTable, en50160Tables, formatEventTable } from "./en50160.ts";
export { SignalError } from "./errors.ts";
export { type EventFinder, eventFinderFromModel } from "./event-finder.ts";
export {
  type EventScore,
  eventScoreLines,
  quantile,
  scoreEvents,
  type TruthEvent,
  truthFromLabels,
  truthFromSample,
  windowEvent,
  windowF1,
} from "./event-metrics.ts";
export { EVENT_KINDS, type EventKind, formatEventLine, isEventKind, type VoltageEvent } from "./events.ts";
export {
  generateSample,
  type Sample,
  type SampleBlock,
  SampleStream,
  sampleCount,
  sampleRange,
} from "./generate.ts";
export { HISTOGRAM_EPSILON, type Histogram, histogram, smoothedHistogram } from "./histogram.ts";
export { EventScheduler, type TrueEvent } from "./injected-events.ts";
export { klDivergence } from "./kl.ts";
export { MainsWave } from "./mains-wave.ts";
export { type ConfusionMetrics, confusionMetrics } from "./metrics.ts";
export {
  DETECTOR_KINDS,
  type DetectorKind,
  describeModel,
  detectorFromModel,
  type KlModel,
  type Model,
  ModelError,
  parseModel,
  type RmsModel,
  requireKlModel,
  TUTORIAL_THRESHOLD,
  tutorialDefaultModel,
} from "./model.ts";
export { mean, pairwiseSum, populationStd } from "./numpy-sum.ts";
export {
  detectPhaseEvents,
  type PhaseEvent,
  PolyphaseRmsDetector,
  type PolyphaseRmsDetectorOptions,
} from "./polyphase.ts";
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
  detectVoltageEvents,
  RMS_DEFAULTS,
  RmsEventDetector,
  type RmsEventDetectorOptions,
  type RmsSettings,
  rootMeanSquare,
  validateRmsSettings,
} from "./rms.ts";
export {
  calibrateRms,
  type RmsCalibration,
  type RmsCalibrationOptions,
  samplingRateFromTime,
} from "./rms-calibrate.ts";
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
export { type SeriesDetector, type SeriesVerdict, seriesDetectorFromModel } from "./series-detector.ts";
export { SlowWander } from "./slow-wander.ts";
export {
  f1MaximisingThreshold,
  normalMarginThreshold,
  THRESHOLD_RULES,
  type ThresholdRule,
  tutorialThreshold,
} from "./threshold.ts";
export { STEP_TOLERANCE, TimeStepChecker } from "./time-steps.ts";
export { findZeroCrossings, type TrimBounds, trimToZeroCrossings, zeroCrossingBounds } from "./trim.ts";
