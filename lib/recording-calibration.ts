/**
 * RMS calibration on a recording without labels (COMTRADE, or a CSV other than the tutorial's dataset): the model
 * takes the recording's sampling rate and line frequency, the declared supply voltage U_din as its reference
 * (IEC 61000-4-30 5.4: dip and swell thresholds are % of the declared input voltage) and the thresholds given;
 * the chosen channels are read together by the polyphase detector, whose events are reported (nothing to score
 * them against).
 */
import type { Recording } from "./recording/index.ts";
import { findRecordingEvents, type RecordingEvents } from "./recording-events.ts";
import { RMS_DEFAULTS, type RmsModel } from "./signal/index.ts";

export interface RecordingCalibrationOptions {
  /** The declared supply voltage U_din (RMS volts). */
  referenceVoltage: number;
  /** Nominal mains frequency; default the COMTRADE line frequency, else 50 Hz. */
  frequency?: number;
  dipPct?: number;
  swellPct?: number;
  interruptionPct?: number;
  hysteresisPct?: number;
  /** Keep every U_rms(1/2) value for a picture (memory grows with the recording). */
  trace?: boolean;
}

export interface RecordingCalibration extends RecordingEvents {
  model: RmsModel;
  /** U_rms(1/2) values when asked for: the channel's name, the window-end sample index and volts. */
  trace: { channel: string[]; index: number[]; rms: number[] };
}

/** The rate as a whole number of Hz when within 1e-6 of one (a CSV's 1 / step reads 999.9999999). */
function wholeHz(rate: number): number {
  const whole = Math.round(rate);
  return Math.abs(rate - whole) <= 1e-6 * rate ? whole : rate;
}

export async function calibrateRecording(
  recording: Recording,
  options: RecordingCalibrationOptions,
): Promise<RecordingCalibration> {
  const { info } = recording;
  const model: RmsModel = {
    version: 1,
    detector: "rms",
    samplingRate: wholeHz(info.samplingRate),
    frequency: options.frequency ?? info.lineFrequency ?? 50,
    referenceVoltage: options.referenceVoltage,
    dipPct: options.dipPct ?? RMS_DEFAULTS.dipPct,
    swellPct: options.swellPct ?? RMS_DEFAULTS.swellPct,
    interruptionPct: options.interruptionPct ?? RMS_DEFAULTS.interruptionPct,
    hysteresisPct: options.hysteresisPct ?? RMS_DEFAULTS.hysteresisPct,
  };
  const trace = { channel: [] as string[], index: [] as number[], rms: [] as number[] };
  const names = info.channels.map((c) => c.name);
  const onRms = options.trace
    ? (channel: number, index: number, rms: number) => {
        trace.channel.push(names[channel] as string);
        trace.index.push(index);
        trace.rms.push(rms);
      }
    : undefined;
  const found = await findRecordingEvents(recording, model, { onRms });
  model.calibration = {
    channels: found.channels,
    samples: found.samples,
    events: found.events.length,
    reference: "declared",
  };
  return { ...found, model, trace };
}
