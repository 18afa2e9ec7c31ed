/**
 * Running summary of a stream of observations (waiting times, lengths of stay, ...).
 *
 * Welford's update rather than sums of squares: a simulation can feed millions of values with
 * a large mean and a small spread, where Σx² − (Σx)²/n cancels catastrophically. Replications
 * run in separate workers are combined with Chan, Golub & LeVeque's pairwise formula, which is
 * exact in real arithmetic, so merged tallies agree with a single pass over all values.
 */

export interface TallyJSON {
  count: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

export class Tally {
  private n = 0;
  private mu = 0;
  /** Sum of squared deviations from the running mean. */
  private m2 = 0;
  private total = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  add(x: number): void {
    const n = ++this.n;
    const delta = x - this.mu;
    this.mu += delta / n;
    this.m2 += delta * (x - this.mu);
    this.total += x;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  get count(): number {
    return this.n;
  }

  /** NaN while empty: a zero would be indistinguishable from a real mean of zero. */
  get mean(): number {
    return this.n === 0 ? Number.NaN : this.mu;
  }

  /** Sample variance (divisor n − 1); NaN below two observations, where it is undefined. */
  get variance(): number {
    return this.n < 2 ? Number.NaN : this.m2 / (this.n - 1);
  }

  get sd(): number {
    return Math.sqrt(this.variance);
  }

  get min(): number {
    return this.n === 0 ? Number.NaN : this.lo;
  }

  get max(): number {
    return this.n === 0 ? Number.NaN : this.hi;
  }

  get sum(): number {
    return this.total;
  }

  reset(): void {
    this.n = 0;
    this.mu = 0;
    this.m2 = 0;
    this.total = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
  }

  /** Folds `other` into this tally, as if its observations had been added here. */
  merge(other: Tally): this {
    const nb = other.n;
    if (nb === 0) return this;
    const na = this.n;
    if (na === 0) {
      this.n = nb;
      this.mu = other.mu;
      this.m2 = other.m2;
    } else {
      const n = na + nb;
      const delta = other.mu - this.mu;
      this.mu += (delta * nb) / n;
      this.m2 += other.m2 + ((delta * delta * na) / n) * nb;
      this.n = n;
    }
    this.total += other.total;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    return this;
  }

  toJSON(): TallyJSON {
    return { count: this.n, mean: this.mean, sd: this.sd, min: this.min, max: this.max };
  }
}
