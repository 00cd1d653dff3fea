/**
 * Bytes arriving in chunks (a file's stream, stdin, a growing file) with a look ahead: the readers peek at the
 * start (a CSV header, a .cff's text sections) and then stream the rest, so nothing is read twice and memory
 * stays bounded by the chunk size plus what was peeked.
 */
export class ByteSource {
  private readonly buffered: Uint8Array[] = [];
  private bufferedLength = 0;
  private ended = false;
  private consumed = false;
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  /** At least `length` bytes from the current position (fewer only at the end), without consuming them. */
  async peek(length: number): Promise<Uint8Array> {
    while (this.bufferedLength < length && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
      else if (next.value.length > 0) {
        this.buffered.push(next.value);
        this.bufferedLength += next.value.length;
      }
    }
    const joined = concat(this.buffered, this.bufferedLength);
    this.buffered.length = 0;
    if (joined.length > 0) this.buffered.push(joined);
    return joined;
  }

  /**
   * The bytes from the current position, chunk by chunk, until `enough(head)` holds, the bytes end or more than
   * `maxBytes` are in hand; not consumed. Waits only for what is needed (a live feed is not held up).
   */
  async peekUntil(enough: (head: Uint8Array) => boolean, maxBytes: number): Promise<Uint8Array> {
    let head = await this.peek(1);
    while (!enough(head) && !this.ended && head.length <= maxBytes) head = await this.peek(head.length + 1);
    return head;
  }

  /** True when nothing more will arrive after what was peeked. */
  get atEnd(): boolean {
    return this.ended;
  }

  /** Drops `length` peeked bytes. */
  skip(length: number): void {
    const joined = concat(this.buffered, this.bufferedLength);
    const rest = joined.subarray(Math.min(length, joined.length));
    this.buffered.length = 0;
    if (rest.length > 0) this.buffered.push(rest);
    this.bufferedLength = rest.length;
  }

  /** The remaining bytes, peeked ones first; once only (a stream cannot be rewound). */
  async *chunks(limit = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
    if (this.consumed) throw new Error("the bytes were already read");
    this.consumed = true;
    let left = limit;
    try {
      for (const chunk of this.buffered.splice(0)) {
        if (left <= 0) break;
        yield chunk.length > left ? chunk.subarray(0, left) : chunk;
        left -= chunk.length;
      }
      while (left > 0 && !this.ended) {
        const next = await this.iterator.next();
        if (next.done) {
          this.ended = true;
          break;
        }
        yield next.value.length > left ? next.value.subarray(0, left) : next.value;
        left -= next.value.length;
      }
    } finally {
      // Stopped early (the limit, an error, a consumer that broke off): let the file or stream go.
      if (!this.ended) await this.iterator.return?.();
    }
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** How many line feeds the bytes hold, counting up to `atMost`. */
export function lineFeeds(bytes: Uint8Array, atMost: number): number {
  let count = 0;
  for (let i = 0; i < bytes.length && count < atMost; i++) if (bytes[i] === 10) count++;
  return count;
}

/** A file's bytes in chunks (Bun's stream: the file is never read whole). */
export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return Bun.file(path).stream();
}

/** Chunks of bytes, arriving or in hand. */
export type Chunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
