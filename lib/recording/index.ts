/** Public API of the recording readers and writers (docs/recordings-contract.md). */
export { type ComtradeHeader, ComtradeWriter, writeComtrade } from "./comtrade-write.ts";
export { CsvRowCounter, countCsvSamples } from "./csv-count.ts";
export { describeRecording } from "./describe.ts";
export { type GeneratedFormat, type WrittenComtrade, writeGeneratedComtrade } from "./generated-comtrade.ts";
export { parseGeneratedFormat } from "./generated-format.ts";
export { openRecording, recordingFiles } from "./open.ts";
export { type PlacedEvent, type PolyphaseOptions, PolyphaseSampleStream } from "./polyphase-sample.ts";
export type {
  ChannelInfo,
  ComtradeFileType,
  OpenOptions,
  Recording,
  RecordingInfo,
  SampleBlock,
  SamplingRate,
} from "./types.ts";
export { RecordingError } from "./types.ts";
