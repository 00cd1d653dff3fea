/** A COMTRADE recording from its configuration and its data bytes (a .cfg with its .dat, or a .cff's sections). */
import { type ByteSource, lineFeeds } from "./byte-source.ts";
import type { ComtradeConfig } from "./cfg.ts";
import { chooseChannels } from "./channels.ts";
import { readDat } from "./dat.ts";
import { binaryRecordSize } from "./dat-binary.ts";
import {
  type ChannelInfo,
  DEFAULT_BLOCK_SIZE,
  type OpenOptions,
  type Recording,
  RecordingError,
} from "./types.ts";

/** A text .dat whose first two records are longer than this gives no rate estimate. */
const ASCII_PEEK_BYTES = 1024 * 1024;

export async function comtradeRecording(
  cfg: ComtradeConfig,
  data: ByteSource,
  dataName: string,
  options: OpenOptions,
  source = cfg.source,
): Promise<Recording> {
  const available: ChannelInfo[] = cfg.analog.map(({ name, phase, units, quantity, gain, offset }) => ({
    name,
    phase,
    units,
    quantity,
    ...(cfg.fileType === "BINARY" && { int16: { gain, offset } }),
  }));
  const chosen = chooseChannels(available, options, cfg.source);
  const warnings = [...cfg.warnings, ...chosen.warnings];
  const plan = {
    cfg,
    selected: chosen.indexes,
    blockSize: options.blockSize ?? DEFAULT_BLOCK_SIZE,
    reuseBlocks: options.reuseBlocks ?? false,
    rawInt16: (options.rawInt16 ?? false) && cfg.fileType === "BINARY",
    name: dataName,
    warnings,
  };
  const samplingRate = cfg.rates[0]?.rate ?? (await rateFromStamps(plan, data));
  if (cfg.rates.length === 0)
    warnings.push(
      `${cfg.source}: no sampling rate given; times from the .dat time stamps ` +
        (samplingRate > 0 ? `(${samplingRate} Hz from the first two)` : "(the first two give no rate)"),
    );
  let read = false;
  return {
    info: {
      source,
      format: "comtrade",
      revision: cfg.revision,
      fileType: cfg.fileType,
      station: cfg.station,
      device: cfg.device,
      lineFrequency: cfg.lineFrequency,
      rates: cfg.rates.map((r) => ({ ...r })),
      samplingRate,
      startTime: cfg.startTime,
      triggerTime: cfg.triggerTime,
      // Through `bytes` (stdin, a growing file) the count is not known until the end, whatever the .cfg says.
      totalSamples: cfg.endSample > 0 && !options.bytes ? cfg.endSample : null,
      channels: chosen.indexes.map((i) => available[i] as ChannelInfo),
      valuesIn: "primary",
      warnings,
    },
    blocks() {
      if (read)
        throw new RecordingError(`${cfg.source}: the samples can be read once; open the recording again`);
      read = true;
      return readDat(plan, data.chunks());
    },
  };
}

/** Samples per second from the first two time stamps (× the time multiplier, in µs). */
async function rateFromStamps(plan: Parameters<typeof readDat>[0], data: ByteSource): Promise<number> {
  const { cfg } = plan;
  const head =
    cfg.fileType === "ASCII"
      ? await data.peekUntil((bytes) => lineFeeds(bytes, 2) >= 2, ASCII_PEEK_BYTES)
      : await data.peek(2 * binaryRecordSize(cfg.fileType, cfg.analog.length, cfg.status.length));
  try {
    for await (const block of readDat({ ...plan, selected: [], blockSize: 2, warnings: [] }, [head])) {
      const step = block.time[1];
      if (step !== undefined && step > 0) return 1 / step;
      break;
    }
  } catch {
    // A record cut by the peek: no estimate; the real read reports real errors.
  }
  return 0;
}
