import type { SampleBlock } from "./types.ts";

/**
 * Fills blocks of at most `blockSize` samples, cut so that none spans a boundary (a change of sampling rate).
 * Readers write `time[filled]` and `channels[c][filled]`, then call `advance()`; a full block is taken with
 * `take()` (fresh arrays each time, so a consumer may keep them; with `reuse`, views of the same arrays, each
 * block valid until the next is taken). Bulk readers write `room` samples at most and call `advanceBy(count)`.
 */
export class BlockAssembler {
  time!: Float64Array;
  channels!: Float64Array[];
  filled = 0;
  private offset = 0;
  private capacity = 0;
  private nextBoundary = 0;
  /** With `reuse`: the time and channel arrays every block is a view of. */
  private kept: Float64Array[] | undefined;

  constructor(
    private readonly channelCount: number,
    private readonly blockSize: number,
    private readonly boundaries: readonly number[] = [],
    private readonly reuse = false,
  ) {
    this.start(0);
  }

  /** Counts the sample just written; true when the block is full. */
  advance(): boolean {
    this.filled++;
    return this.filled >= this.capacity;
  }

  /** Samples the current block still has room for (at least one). */
  get room(): number {
    return this.capacity - this.filled;
  }

  /** Counts `count` samples just written (at most `room`); true when the block is full. */
  advanceBy(count: number): boolean {
    this.filled += count;
    return this.filled >= this.capacity;
  }

  /** The filled part as a block, or null when empty; the next block starts after it. */
  take(): SampleBlock | null {
    if (this.filled === 0) return null;
    const n = this.filled;
    const block: SampleBlock = {
      offset: this.offset,
      time: this.part(this.time, n),
      channels: this.channels.map((values) => this.part(values, n)),
    };
    this.start(this.offset + n);
    return block;
  }

  private start(offset: number): void {
    this.offset = offset;
    this.filled = 0;
    while (this.nextBoundary < this.boundaries.length && (this.boundaries[this.nextBoundary] ?? 0) <= offset)
      this.nextBoundary++;
    const boundary = this.boundaries[this.nextBoundary] ?? Number.POSITIVE_INFINITY;
    this.capacity = Math.min(this.blockSize, boundary - offset);
    if (!this.reuse) {
      this.time = new Float64Array(this.capacity);
      this.channels = Array.from({ length: this.channelCount }, () => new Float64Array(this.capacity));
      return;
    }
    this.kept ??= Array.from({ length: this.channelCount + 1 }, () => new Float64Array(this.blockSize));
    this.time = (this.kept[0] as Float64Array).subarray(0, this.capacity);
    this.channels = this.kept.slice(1).map((values) => values.subarray(0, this.capacity));
  }

  private part(values: Float64Array, n: number): Float64Array {
    if (n === values.length) return values;
    return this.reuse ? values.subarray(0, n) : values.slice(0, n);
  }
}
