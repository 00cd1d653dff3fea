/**
 * Seedable PRNG: xoshiro128** (Blackman & Vigna), state seeded from one 32-bit seed with splitmix32.
 * Chosen because it is fast on 32-bit integer ops (what JS engines do best) and has a 2^128 period.
 * `next()` returns a double in [0, 1) built from 53 random bits, like numpy's `random.rand()`.
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const splitmix32 = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 bits of randomness. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fresh random 32-bit seed, for runs where the caller gave none (it is reported so the run can be repeated). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}

/**
 * Seed of the `index`-th independent stream derived from `seed` (index 0 is the seed itself). The generator
 * draws noise, drift and event shapes from their own streams, so turning a feature on never shifts the
 * tutorial's one-draw-per-row event stream.
 */
export function substreamSeed(seed: number, index: number): number {
  return (seed + Math.imul(index, 0x632be5ab)) >>> 0;
}

/** Standard normal draws (Box–Muller, both values used). */
export class Gaussian {
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly random: Xoshiro128) {}

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.random.next()));
    const angle = 2 * Math.PI * this.random.next();
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }
}

/** The generator's substreams (index 0 is the seed's own stream: one draw per row for event starts). */
export const SUBSTREAMS = { eventShapes: 1, noise: 2, frequency: 3, amplitude: 4 } as const;
