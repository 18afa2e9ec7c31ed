/**
 * Random streams. One independent stream per named source, seeded from
 * (run seed, replication index, stream name): adding a source never shifts another source's
 * draws, which is what makes common random numbers work across scenario variants.
 *
 * Generator: seedrandom's xor4096 (Brent's xorgens with a Weyl sequence, period 2^4096 − 2^32).
 * Suitable means: passes TestU01's BigCrush and has a proven period far beyond the ≈ 10^8 draws of
 * a long run. That rules out xor128 and xorwow (Marsaglia's xorshifts fail BigCrush's linear
 * complexity and matrix-rank tests) and leaves xor4096, xorshift7 (2^256 − 1), tychei (period
 * not proven, ≈ 2^127 expected), alea (≈ 2^116) and the default ARC4. Measured here (`npm run
 * bench -- engine`, and ns a draw through the 32-bit output in separate processes, medians of 5):
 * xor128 2.4, xorwow 2.7, tychei 3.7, xor4096 4.9, xorshift7 6.5, alea 8.2, ARC4 48 — tychei and
 * xor4096 differ by about 1 ns, under 0.5 % of an M/M/10 patient and inside the noise, so xor4096
 * stays: the proven period, and every simulated figure stays as it was. The draw reads the
 * generator's 32-bit integer output (`int32`) and scales it, the same value seedrandom's own
 * `prng()` returns without its extra call. seedrandom hashes the string seed, so nearby seeds give
 * unrelated streams.
 */
import seedrandom from "seedrandom";
import { log } from "./math.js";

const TWO_POW_MINUS_33 = 2 ** -33;
const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * Uniforms are made BLOCK at a time: the generator's step then compiles into one tight loop, and
 * uniform() stays a few bytes of bytecode, small enough for V8 to inline into every sampler and
 * the samplers into their callers (a call that is not inlined boxes the double it returns). The
 * stream's values and their order are exactly those drawn one at a time.
 */
const BLOCK = 64;

export class RandomStream {
  readonly name: string;
  /** The generator's raw 32-bit output, signed. */
  private readonly nextInt32: () => number;
  private readonly block = new Float64Array(BLOCK);
  /** Next unread value in block; BLOCK when it is used up. */
  private position = BLOCK;
  private blocksMade = 0;
  private spareNormal = Number.NaN;

  constructor(seedKey: string, name: string) {
    this.name = name;
    this.nextInt32 = seedrandom.xor4096(seedKey).int32;
  }

  /** Uniforms drawn so far. */
  get draws(): number {
    return (this.blocksMade - 1) * BLOCK + this.position;
  }

  /** Uniform on the open interval (0, 1): never exactly 0 or 1, so logs and inverses are safe. */
  uniform(): number {
    if (this.position === BLOCK) this.refill();
    return this.block[this.position++]!;
  }

  private refill(): void {
    const nextInt32 = this.nextInt32;
    const block = this.block;
    for (let i = 0; i < BLOCK; i++) {
      const u = (nextInt32() >>> 0) * TWO_POW_MINUS_32;
      block[i] = u === 0 ? TWO_POW_MINUS_33 : u;
    }
    this.position = 0;
    this.blocksMade++;
  }

  /** Standard normal by the Marsaglia polar method; the spare is kept per stream. */
  standardNormal(): number {
    const spare = this.spareNormal;
    if (!Number.isNaN(spare)) {
      this.spareNormal = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Whole number uniform on [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }
}

/**
 * The random streams of one replication. Streams are created on first use and cached, so
 * `streams.get("arrivals/frail")` always returns the same stream within a replication.
 */
export class RandomStreams {
  readonly seed: number;
  readonly replication: number;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number, replication = 0) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, got ${seed}`);
    if (!Number.isSafeInteger(replication) || replication < 0) {
      throw new RangeError(`replication must be a whole number ≥ 0, got ${replication}`);
    }
    this.seed = seed;
    this.replication = replication;
  }

  get(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new RandomStream(streamSeedKey(this.seed, this.replication, name), name);
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** Names of the streams used so far, sorted (for reports). */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}

export function streamSeedKey(seed: number, replication: number, name: string): string {
  return `careflow:${seed}:${replication}:${name}`;
}
