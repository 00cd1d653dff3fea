/** Reads a COMTRADE .dat (any file type) as sample blocks of the selected analog channels, in primary units. */

import { BlockAssembler } from "./block-assembler.ts";
import type { Chunks } from "./byte-source.ts";
import type { ComtradeConfig } from "./cfg.ts";
import { readAsciiRecords } from "./dat-ascii.ts";
import { readBinaryRecords } from "./dat-binary.ts";
import { SampleTiming } from "./sample-timing.ts";
import type { SampleBlock } from "./types.ts";

export interface DatPlan {
  cfg: ComtradeConfig;
  /** 0-based indexes into cfg.analog of the channels to deliver, in delivery order. */
  selected: number[];
  blockSize: number;
  reuseBlocks: boolean;
  /** BINARY only: deliver the raw values (gain 1, offset 0, the missing marker kept). */
  rawInt16: boolean;
  /** The data's name in errors: "north.dat", "north.cff (DAT section)". */
  name: string;
  /** Where warnings found while reading go (the recording's info.warnings). */
  warnings: string[];
}

/** What the text record reader hands over per sample: the raw time stamp and the raw analog values by cfg index. */
export interface RecordSink {
  /** Writes one record; true when the current block is full. */
  record(stamp: number, raw: (analogIndex: number) => number): boolean;
}

export async function* readDat(plan: DatPlan, chunks: Chunks): AsyncGenerator<SampleBlock> {
  const { cfg, selected } = plan;
  const timing = new SampleTiming(cfg.rates, cfg.timeMultiplier);
  const assembler = new BlockAssembler(selected.length, plan.blockSize, timing.boundaries, plan.reuseBlocks);
  // chooseChannels picked `selected` among cfg.analog's indexes.
  const gains = selected.map((i) => (plan.rawInt16 ? 1 : cfg.analog[i]!.gain));
  const offsets = selected.map((i) => (plan.rawInt16 ? 0 : cfg.analog[i]!.offset));
  let index = 0;
  const sink: RecordSink = {
    record(stamp, raw) {
      const k = assembler.filled;
      assembler.time[k] = timing.time(index, stamp);
      for (let c = 0; c < selected.length; c++) {
        (assembler.channels[c] as Float64Array)[k] = gains[c]! * raw(selected[c]!) + offsets[c]!;
      }
      index++;
      return assembler.advance();
    },
  };
  const records =
    cfg.fileType === "ASCII"
      ? readAsciiRecords(plan, chunks, sink)
      : readBinaryRecords(plan, chunks, { assembler, timing, gains, offsets, keepMissing: plan.rawInt16 });
  let delivered = 0;
  for await (const _full of records) {
    const block = assembler.take();
    if (block) {
      delivered += block.time.length;
      yield block;
    }
  }
  const last = assembler.take();
  if (last) {
    delivered += last.time.length;
    yield last;
  }
  if (cfg.endSample > 0 && delivered !== cfg.endSample)
    plan.warnings.push(
      `${plan.name} holds ${delivered} samples where the .cfg's last endsamp says ${cfg.endSample}`,
    );
}
