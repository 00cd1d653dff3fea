/** The shapes every recording reader delivers (docs/recordings-contract.md). */

export type RecordingFormat = "comtrade" | "csv";
export type ComtradeRevision = 1991 | 1999 | 2013;
export type ComtradeFileType = "ASCII" | "BINARY" | "BINARY32" | "FLOAT32";

export interface ChannelInfo {
  /** The COMTRADE ch_id, or the CSV column. */
  name: string;
  /** The COMTRADE ph field; "" when none. */
  phase: string;
  /** What the delivered values are in: "V" for voltage channels (kV converted), others as written. */
  units: string;
  quantity: "voltage" | "other";
  /**
   * COMTRADE BINARY: every delivered value is gain·raw + offset of a 16-bit raw value (raw −32768: NaN), so a
   * consumer may keep the raw values instead (half the bytes of float32).
   */
  int16?: { gain: number; offset: number };
}

export interface SamplingRate {
  /** Samples per second. */
  rate: number;
  /** Number (1-based, inclusive) of the last sample taken at this rate. */
  endSample: number;
}

export interface RecordingInfo {
  source: string;
  format: RecordingFormat;
  revision: ComtradeRevision | null;
  fileType: ComtradeFileType | null;
  station: string;
  device: string;
  lineFrequency: number | null;
  rates: SamplingRate[];
  /** The first rate (Hz). */
  samplingRate: number;
  /** ISO 8601 with microseconds, as written, no zone: `2026-01-05T10:00:00.000000`. */
  startTime: string | null;
  triggerTime: string | null;
  /** null when unknown (CSV, stdin, a growing file). */
  totalSamples: number | null;
  /** The selected channels, in delivery order. */
  channels: ChannelInfo[];
  valuesIn: "primary";
  /** One line per tolerated quirk. */
  warnings: string[];
}

export interface SampleBlock {
  /** Absolute index of the block's first sample. */
  offset: number;
  /** Seconds from the first sample. */
  time: Float64Array;
  /** One per selected channel, in primary units. */
  channels: Float64Array[];
}

export interface Recording {
  info: RecordingInfo;
  /** The samples in order; a block never spans a change of sampling rate. */
  blocks(): AsyncIterable<SampleBlock>;
}

export interface OpenOptions {
  /** Channels by name (COMTRADE ch_id or CSV column). */
  channels?: string[];
  /** Channels by the COMTRADE ph field. */
  phases?: string[];
  /** CSV: the column holding the time (seconds, or ISO time strings). */
  timeColumn?: string;
  /** CSV: samples per second when there is no time column. */
  rate?: number;
  /** Samples per block (default 8192). */
  blockSize?: number;
  /**
   * Reuse each block's arrays for the next block, so a long read allocates none: for a consumer that is done
   * with a block (has copied out what it keeps) before it asks for the next one. Default false: fresh arrays.
   */
  reuseBlocks?: boolean;
  /**
   * COMTRADE BINARY: deliver each channel's raw 16-bit values (−32768 where missing) instead of gain·raw +
   * offset; `ChannelInfo.int16` says how to scale them. Other files deliver their values as usual (their
   * channels have no `int16`). For a consumer that keeps the raw values (ingest's int16 segments).
   */
  rawInt16?: boolean;
  /** Replaces reading the data file (the .dat for a .cfg; the whole file otherwise). */
  bytes?: AsyncIterable<Uint8Array>;
}

/** A recording that cannot be read; the message names the file and the line or record. */
export class RecordingError extends Error {
  override name = "RecordingError";
}

export const DEFAULT_BLOCK_SIZE = 8192;
