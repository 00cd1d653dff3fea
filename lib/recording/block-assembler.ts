import type { SampleBlock } from "./types.ts";

/**
 * Fills blocks of at most `blockSize` samples, cut so that none spans a boundary (a change of sampling rate).
 * Readers write `time[filled]` and `channels[c][filled]`, then call `advance()`; a full block is taken with
 * `take()` (fresh arrays each time, so a consumer may keep them). Bulk readers write `room` samples at most
 * and call `advanceBy(count)`.
 */
export class BlockAssembler {
  time!: Float64Array;
  channels!: Float64Array[];
  filled = 0;
  private offset = 0;
  private capacity = 0;
  private nextBoundary = 0;

  constructor(
    private readonly channelCount: number,
    private readonly blockSize: number,
    private readonly boundaries: readonly number[] = [],
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
      time: n === this.time.length ? this.time : this.time.slice(0, n),
      channels: this.channels.map((values) => (n === values.length ? values : values.slice(0, n))),
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
    this.time = new Float64Array(this.capacity);
    this.channels = Array.from({ length: this.channelCount }, () => new Float64Array(this.capacity));
  }
}
