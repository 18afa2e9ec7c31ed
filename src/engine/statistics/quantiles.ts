/**
 * Quantiles of a stream (waiting times, lengths of stay) in bounded memory.
 *
 * Two regimes:
 *
 * 1. Exact, up to `sampleCap` values (default 4096). Values are kept in a preallocated
 *    Float64Array and quantiles use type-7 linear interpolation (R's and NumPy's default):
 *    with sorted values x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)q, Q(q) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
 *    Most per-replication samples in a hospital model are this small, and then the answer is
 *    exactly what a statistician would compute from the raw data.
 *
 * 2. Beyond the cap, a DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable
 *    quantile sketch with relative-error guarantees", VLDB 2019). With γ = (1 + α)/(1 − α), a
 *    positive x goes to bucket i = ⌈log_γ x⌉, which covers (γ^(i−1), γ^i]; the bucket is
 *    represented by 2γ^i/(γ + 1), within relative distance α of everything in it. Zeros have
 *    their own count and negatives use mirrored buckets of |x|.
 *
 *    Guarantee after switching: for positive data, quantile(q) is within relative error α
 *    (default 1 %) of the exact type-7 quantile, |Q̂ − Q| ≤ α·Q, because the two order
 *    statistics it interpolates between are each estimated within α. The exact min and max are
 *    tracked, so q = 0 and q = 1 are exact and no estimate leaves [min, max]. The same holds for
 *    all-negative data by symmetry; for mixed signs it holds wherever both order statistics
 *    share a sign. All of this assumes no bucket collapsed: each sign's store keeps at most
 *    `maxBuckets` (default 2048) consecutive buckets, a dynamic range of γ^maxBuckets ≈ 6e17 at
 *    the defaults. Values beyond it fold into the store's lowest bucket (the smallest
 *    magnitudes), so upper quantiles — the ones a planner asks about — keep the guarantee while
 *    memory stays bounded.
 *
 * Memory: the exact buffer (8·sampleCap bytes) is released at the switch; afterwards the
 * stores grow by doubling only as the log-range of the data widens, never past maxBuckets each.
 * `add` allocates only at the one-time switch and at those rare widenings.
 *
 * Merging is deterministic: the outcome depends only on the two sketches' contents and the
 * order of the calls, never on timing, so replications merged in a fixed order reproduce.
 * When no bucket has collapsed, merging sketches of A and B gives exactly the sketch of A
 * followed by B.
 */
import { exp, log } from "../math.js";

const INITIAL_BUCKETS = 64;
const FORMAT_VERSION = 1;

export interface StoreJSON {
  /** Bucket index of counts[0]. */
  minIndex: number;
  counts: number[];
}

interface CommonJSON {
  version: 1;
  alpha: number;
  maxBuckets: number;
  sampleCap: number;
  count: number;
  /** null while empty (JSON has no infinities). */
  min: number | null;
  max: number | null;
}

export interface ExactSketchJSON extends CommonJSON {
  mode: "exact";
  values: number[];
}

export interface DDSketchJSON extends CommonJSON {
  mode: "sketch";
  zeroCount: number;
  positive: StoreJSON;
  negative: StoreJSON;
}

export type QuantileSketchJSON = ExactSketchJSON | DDSketchJSON;

export interface QuantileSketchOptions {
  /** Relative accuracy once sketching (default 0.01). */
  alpha?: number;
  /** Number of values kept exactly before switching to the sketch (default 4096). */
  sampleCap?: number;
  /** Bucket limit per sign in sketch mode (default 2048). */
  maxBuckets?: number;
}

const EMPTY = new Float64Array(0);

/**
 * Counts for a contiguous range of bucket indices. The array is a window onto index space
 * (counts[k] holds index offset + k); it is zero outside the occupied range [minIndex, maxIndex].
 */
class DenseStore {
  counts: Float64Array = EMPTY;
  offset = 0;
  minIndex = 0;
  maxIndex = -1;
  total = 0;

  constructor(readonly maxBuckets: number) {}

  add(index: number, weight: number): void {
    if (this.total === 0) {
      if (this.counts.length === 0)
        this.counts = new Float64Array(Math.min(INITIAL_BUCKETS, this.maxBuckets));
      this.offset = index - (this.counts.length >> 1);
      this.minIndex = index;
      this.maxIndex = index;
    } else if (index < this.minIndex || index > this.maxIndex) {
      index = this.extend(index);
    }
    this.counts[index - this.offset]! += weight;
    this.total += weight;
  }

  /** Widens the occupied range to include `index`, collapsing the lowest buckets if needed. */
  private extend(index: number): number {
    let lo = Math.min(this.minIndex, index);
    const hi = Math.max(this.maxIndex, index);
    let folded = 0;
    if (hi - lo + 1 > this.maxBuckets) {
      lo = hi - this.maxBuckets + 1;
      const stop = Math.min(this.maxIndex, lo - 1);
      for (let i = this.minIndex; i <= stop; i++) {
        const k = i - this.offset;
        folded += this.counts[k]!;
        this.counts[k] = 0;
      }
      if (index < lo) index = lo;
    }
    this.relocate(lo, hi);
    if (folded > 0) this.counts[lo - this.offset]! += folded;
    this.minIndex = lo;
    this.maxIndex = hi;
    return index;
  }

  /** Moves or enlarges the window so that it covers [lo, hi], keeping the data. */
  private relocate(lo: number, hi: number): void {
    const old = this.counts;
    const oldOffset = this.offset;
    if (lo >= oldOffset && hi < oldOffset + old.length) return;
    const span = hi - lo + 1;
    let size = old.length;
    while (size < span) size *= 2;
    size = Math.min(size, this.maxBuckets);
    // Centre the occupied range so that growth in either direction has room before moving again.
    const offset = lo - ((size - span) >> 1);
    // After any collapse, data below lo is zero, so the live range is [max(minIndex, lo), maxIndex].
    const from = Math.max(this.minIndex, lo);
    const to = this.maxIndex;
    if (size !== old.length) {
      const next = new Float64Array(size);
      if (from <= to) next.set(old.subarray(from - oldOffset, to - oldOffset + 1), from - offset);
      this.counts = next;
    } else {
      if (from <= to) {
        old.copyWithin(from - offset, from - oldOffset, to - oldOffset + 1);
        old.fill(0, 0, from - offset);
        old.fill(0, to - offset + 1);
      } else {
        old.fill(0);
      }
    }
    this.offset = offset;
  }

  /** Allocated buckets, the store's memory footprint. */
  get capacity(): number {
    return this.counts.length;
  }

  countAt(index: number): number {
    return this.counts[index - this.offset]!;
  }

  mergeFrom(other: DenseStore): void {
    if (other.total === 0) return;
    for (let i = other.minIndex; i <= other.maxIndex; i++) {
      const c = other.countAt(i);
      if (c > 0) this.add(i, c);
    }
  }

  toJSON(): StoreJSON {
    if (this.total === 0) return { minIndex: 0, counts: [] };
    const counts: number[] = [];
    for (let i = this.minIndex; i <= this.maxIndex; i++) counts.push(this.countAt(i));
    return { minIndex: this.minIndex, counts };
  }

  static fromJSON(maxBuckets: number, json: StoreJSON): DenseStore {
    const store = new DenseStore(maxBuckets);
    const n = json.counts.length;
    if (n > maxBuckets) throw new RangeError(`store has ${n} buckets, more than maxBuckets ${maxBuckets}`);
    if (n === 0) return store;
    let size = Math.min(INITIAL_BUCKETS, maxBuckets);
    while (size < n) size *= 2;
    size = Math.min(size, maxBuckets);
    store.counts = new Float64Array(size);
    store.offset = json.minIndex - ((size - n) >> 1);
    store.minIndex = json.minIndex;
    store.maxIndex = json.minIndex + n - 1;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const c = json.counts[k]!;
      store.counts[json.minIndex + k - store.offset] = c;
      total += c;
    }
    store.total = total;
    return store;
  }
}

export class QuantileSketch {
  readonly alpha: number;
  readonly sampleCap: number;
  readonly maxBuckets: number;
  private readonly lnGamma: number;
  private readonly invLnGamma: number;
  /** ln(2/(γ+1)): representative value of bucket i is exp(i·lnγ + this), without overflow. */
  private readonly lnReprFactor: number;

  private n = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  /** Exact-mode values in arrival order; null once sketching. */
  private buffer: Float64Array | null;
  private sorted: Float64Array | null = null;
  private sortedValid = false;

  private zeroCount = 0;
  private positive: DenseStore | null = null;
  private negative: DenseStore | null = null;

  constructor(options: QuantileSketchOptions = {}) {
    const alpha = options.alpha ?? 0.01;
    const sampleCap = options.sampleCap ?? 4096;
    const maxBuckets = options.maxBuckets ?? 2048;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
    if (!Number.isInteger(sampleCap) || sampleCap < 0) {
      throw new RangeError(`sampleCap must be a non-negative integer, got ${sampleCap}`);
    }
    if (!Number.isInteger(maxBuckets) || maxBuckets < 1) {
      throw new RangeError(`maxBuckets must be a positive integer, got ${maxBuckets}`);
    }
    this.alpha = alpha;
    this.sampleCap = sampleCap;
    this.maxBuckets = maxBuckets;
    const gamma = (1 + alpha) / (1 - alpha);
    this.lnGamma = log(gamma);
    this.invLnGamma = 1 / this.lnGamma;
    this.lnReprFactor = log(2 / (gamma + 1));
    this.buffer = new Float64Array(sampleCap);
  }

  /** Adds a finite value. Non-finite values are rejected: they have no bucket. */
  add(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`cannot add non-finite value ${x}`);
    const buffer = this.buffer;
    if (buffer !== null) {
      if (this.n < buffer.length) {
        buffer[this.n] = x;
        this.sortedValid = false;
      } else {
        this.switchToSketch();
        this.addToSketch(x);
      }
    } else {
      this.addToSketch(x);
    }
    this.n++;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  get count(): number {
    return this.n;
  }

  get min(): number {
    return this.n === 0 ? Number.NaN : this.lo;
  }

  get max(): number {
    return this.n === 0 ? Number.NaN : this.hi;
  }

  /** True while every value is still held exactly. */
  get isExact(): boolean {
    return this.buffer !== null;
  }

  /** Buckets currently allocated across both signs (0 while exact); at most 2·maxBuckets. */
  get bucketCount(): number {
    return (this.positive?.capacity ?? 0) + (this.negative?.capacity ?? 0);
  }

  /** Type-7 quantile (exact, or within α after switching; see module comment). NaN when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} outside [0, 1]`);
    const n = this.n;
    if (n === 0) return Number.NaN;
    const h = (n - 1) * q;
    const below = Math.floor(h);
    const frac = h - below;
    const above = Math.min(below + 1, n - 1);
    if (this.buffer !== null) {
      const s = this.sortedValues();
      const a = s[below]!;
      return frac === 0 ? a : a + frac * (s[above]! - a);
    }
    const a = this.valueAtRank(below);
    return frac === 0 ? a : a + frac * (this.valueAtRank(above) - a);
  }

  /** Folds `other` in, as if its values had been added here after this sketch's own. */
  merge(other: QuantileSketch): this {
    if (other.alpha !== this.alpha || other.maxBuckets !== this.maxBuckets) {
      throw new RangeError("cannot merge sketches with different alpha or maxBuckets");
    }
    if (other.n === 0) return this;
    // Copy first so that merging a sketch into itself reads a stable source.
    const src = other === this ? QuantileSketch.fromJSON(other.toJSON()) : other;
    const buffer = this.buffer;
    if (buffer !== null && src.buffer !== null && this.n + src.n <= buffer.length) {
      buffer.set(src.buffer.subarray(0, src.n), this.n);
      this.sortedValid = false;
    } else {
      if (this.buffer !== null) this.switchToSketch();
      if (src.buffer !== null) {
        for (let i = 0; i < src.n; i++) this.addToSketch(src.buffer[i]!);
      } else {
        this.zeroCount += src.zeroCount;
        if (src.positive !== null) this.positiveStore().mergeFrom(src.positive);
        if (src.negative !== null) this.negativeStore().mergeFrom(src.negative);
      }
    }
    this.n += src.n;
    if (src.lo < this.lo) this.lo = src.lo;
    if (src.hi > this.hi) this.hi = src.hi;
    return this;
  }

  toJSON(): QuantileSketchJSON {
    const common: CommonJSON = {
      version: FORMAT_VERSION,
      alpha: this.alpha,
      maxBuckets: this.maxBuckets,
      sampleCap: this.sampleCap,
      count: this.n,
      min: this.n === 0 ? null : this.lo,
      max: this.n === 0 ? null : this.hi,
    };
    if (this.buffer !== null) {
      return { ...common, mode: "exact", values: Array.from(this.buffer.subarray(0, this.n)) };
    }
    const none: StoreJSON = { minIndex: 0, counts: [] };
    return {
      ...common,
      mode: "sketch",
      zeroCount: this.zeroCount,
      positive: this.positive?.toJSON() ?? none,
      negative: this.negative?.toJSON() ?? none,
    };
  }

  static fromJSON(json: QuantileSketchJSON): QuantileSketch {
    if (json.version !== FORMAT_VERSION) throw new RangeError(`unsupported sketch version ${json.version}`);
    const sketch = new QuantileSketch({
      alpha: json.alpha,
      sampleCap: json.sampleCap,
      maxBuckets: json.maxBuckets,
    });
    if (json.mode === "exact") {
      if (json.values.length !== json.count || json.count > json.sampleCap) {
        throw new RangeError("exact sketch JSON has inconsistent count");
      }
      sketch.buffer!.set(json.values);
    } else {
      sketch.buffer = null;
      sketch.zeroCount = json.zeroCount;
      if (json.positive.counts.length > 0)
        sketch.positive = DenseStore.fromJSON(json.maxBuckets, json.positive);
      if (json.negative.counts.length > 0)
        sketch.negative = DenseStore.fromJSON(json.maxBuckets, json.negative);
    }
    sketch.n = json.count;
    if (json.count > 0) {
      sketch.lo = json.min ?? Number.NaN;
      sketch.hi = json.max ?? Number.NaN;
    }
    return sketch;
  }

  private switchToSketch(): void {
    const buffer = this.buffer!;
    // Release the buffer before bucketing so the sketch never holds both.
    this.buffer = null;
    this.sorted = null;
    this.sortedValid = false;
    for (let i = 0; i < this.n; i++) this.addToSketch(buffer[i]!);
  }

  private addToSketch(x: number): void {
    if (x > 0) this.positiveStore().add(Math.ceil(log(x) * this.invLnGamma), 1);
    else if (x < 0) this.negativeStore().add(Math.ceil(log(-x) * this.invLnGamma), 1);
    else this.zeroCount++;
  }

  private positiveStore(): DenseStore {
    if (this.positive === null) this.positive = new DenseStore(this.maxBuckets);
    return this.positive;
  }

  private negativeStore(): DenseStore {
    if (this.negative === null) this.negative = new DenseStore(this.maxBuckets);
    return this.negative;
  }

  private sortedValues(): Float64Array {
    const buffer = this.buffer!;
    if (this.sorted === null) this.sorted = new Float64Array(buffer.length);
    if (!this.sortedValid) {
      this.sorted.set(buffer.subarray(0, this.n));
      this.sorted.subarray(0, this.n).sort();
      this.sortedValid = true;
    }
    return this.sorted;
  }

  /** Estimate of the order statistic of 0-based rank r, clamped to the exact extremes. */
  private valueAtRank(rank: number): number {
    // The extremes are tracked exactly, so the first and last order statistics need no estimate.
    if (rank === 0) return this.lo;
    if (rank === this.n - 1) return this.hi;
    let r = rank;
    let value = Number.NaN;
    const neg = this.negative;
    const negTotal = neg?.total ?? 0;
    if (neg !== null && r < negTotal) {
      // Most negative first: the highest |x| bucket holds the smallest values.
      let cumulative = 0;
      for (let i = neg.maxIndex; i >= neg.minIndex; i--) {
        cumulative += neg.countAt(i);
        if (cumulative > r) {
          value = -this.representative(i);
          break;
        }
      }
    } else {
      r -= negTotal;
      if (r < this.zeroCount) {
        value = 0;
      } else {
        r -= this.zeroCount;
        const pos = this.positive;
        if (pos !== null) {
          let cumulative = 0;
          for (let i = pos.minIndex; i <= pos.maxIndex; i++) {
            cumulative += pos.countAt(i);
            if (cumulative > r) {
              value = this.representative(i);
              break;
            }
          }
        }
      }
    }
    if (value < this.lo) return this.lo;
    if (value > this.hi) return this.hi;
    return value;
  }

  private representative(index: number): number {
    return exp(index * this.lnGamma + this.lnReprFactor);
  }
}
