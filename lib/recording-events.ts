/**
 * The voltage events of a recording (COMTRADE or CSV, read by lib/recording/), found by the detector a model
 * names and streamed block by block, so memory stays bounded whatever the file's length. An rms model runs the
 * polyphase U_rms(1/2) detector over every chosen channel; a kl model scores the windows of its one channel.
 */
import type { Recording, RecordingInfo, SampleBlock } from "./recording/index.ts";
import {
  eventFinderFromModel,
  type Model,
  type PhaseEvent,
  PolyphaseRmsDetector,
  SignalError,
  TimeStepChecker,
} from "./signal/index.ts";

/** Relative mismatch between the recording's and the model's sampling rate that is refused. */
export const RATE_TOLERANCE = 1e-3;

/** A recording the model cannot be applied to (rate, channels, missing samples); the message says what to do. */
export class RecordingModelError extends SignalError {
  override name = "RecordingModelError";
}

export interface RecordingEvents {
  events: PhaseEvent[];
  /** The channels read, in delivery order (the names `phases` uses). */
  channels: string[];
  samples: number;
}

interface PhaseEventFinder {
  push(channels: Float64Array[]): PhaseEvent[];
  finish(): PhaseEvent[];
}

/** Refuses a recording the model does not fit: several sampling rates, another rate, or (kl) not one channel. */
export function checkRecordingForModel(info: RecordingInfo, model: Model): void {
  const rates = [...new Set(info.rates.map((r) => r.rate))];
  if (rates.length > 1) {
    let first = 1;
    const spans = info.rates.map(({ rate, endSample }) => {
      const span = `${rate} Hz for samples ${first}-${endSample}`;
      first = endSample + 1;
      return span;
    });
    throw new RecordingModelError(
      `${info.source} changes its sampling rate (${spans.join(", ")}); the detector needs one rate ` +
        "throughout: export the recording at one rate, or split it where the rate changes",
    );
  }
  const rate = info.samplingRate;
  if (!(rate > 0) || Math.abs(rate - model.samplingRate) > RATE_TOLERANCE * model.samplingRate) {
    throw new RecordingModelError(
      `${info.source} is sampled at ${rate > 0 ? `${rate.toPrecision(6)} Hz` : "a non-increasing time"}, but the model was calibrated at ${model.samplingRate} Hz; calibrate a model on data at this rate`,
    );
  }
  if (info.channels.length === 0)
    throw new RecordingModelError(
      `${info.source}: no channel to read; choose one with --channels NAME or --phases P`,
    );
  if (model.detector === "kl" && info.channels.length !== 1) {
    throw new RecordingModelError(
      `a kl model scores one channel, but ${info.channels.length} are chosen from ${info.source} ` +
        `(${info.channels.map((c) => c.name).join(", ")}); choose one with --channels NAME or --phases P, ` +
        "or calibrate an rms model (bun scripts/calibrate.ts --detector rms) for several phases",
    );
  }
}

function phaseEventFinder(model: Model, channels: string[]): PhaseEventFinder {
  if (model.detector === "rms") return new PolyphaseRmsDetector(model, channels);
  const finder = eventFinderFromModel(model);
  const phases = [channels[0] as string];
  return {
    push: (block) => finder.push(block[0] as Float64Array).map((event) => ({ ...event, phases })),
    finish: () => finder.finish().map((event) => ({ ...event, phases })),
  };
}

/** How a sample is named in messages: its CSV line (the header is line 1) or its COMTRADE sample number. */
function rowNamer(info: RecordingInfo): (index: number) => string {
  return info.format === "csv" ? (index) => `line ${index + 2}` : (index) => `sample ${index + 1}`;
}

function refuseMissing(block: SampleBlock, info: RecordingInfo, rowName: (index: number) => string): void {
  block.channels.forEach((values, c) => {
    for (let k = 0; k < values.length; k++) {
      if (!Number.isNaN(values[k])) continue;
      throw new RecordingModelError(
        `${info.source} ${rowName(block.offset + k)}: ${info.channels[c]?.name} has no value (a missing ` +
          "sample); the detector needs every sample: fill the gap or cut the recording there",
      );
    }
  });
}

/**
 * Every event in the recording, in the order they end (events still open at the end last, flagged cut).
 * Where the file gives the times (a CSV, a COMTRADE file timed by its stamps) each step must be one sample.
 */
export async function findRecordingEvents(recording: Recording, model: Model): Promise<RecordingEvents> {
  const { info } = recording;
  checkRecordingForModel(info, model);
  const channels = info.channels.map((c) => c.name);
  const finder = phaseEventFinder(model, channels);
  const rowName = rowNamer(info);
  const steps =
    info.rates.length === 0 ? new TimeStepChecker(model.samplingRate, info.source, rowName) : null;
  const events: PhaseEvent[] = [];
  let samples = 0;
  for await (const block of recording.blocks()) {
    steps?.check(block.time, block.offset);
    refuseMissing(block, info, rowName);
    for (const event of finder.push(block.channels)) events.push(event);
    samples = block.offset + block.time.length;
  }
  if (samples === 0) throw new RecordingModelError(`${info.source} holds no samples`);
  for (const event of finder.finish()) events.push(event);
  return { events, channels, samples };
}
