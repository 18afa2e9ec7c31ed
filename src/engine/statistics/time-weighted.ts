/**
 * Statistics of a piecewise-constant level observed over simulated time (units in use, queue
 * length, ...). A level's contribution is weighted by how long it was held, not by how often it
 * changed: a bed occupied for a week must count more than ten beds that churned in an hour.
 *
 * Extremes (`max`, `min`) include every level ever set, even one replaced at the same instant.
 * Several events at one simulated time pass through transient levels that held for zero time;
 * the distribution in `LevelDistribution` ignores those, the extremes deliberately do not, so
 * a momentary overshoot of capacity stays visible.
 */

function checkForward(time: number, last: number): void {
  // Written as a negated >= so that NaN is rejected too.
  if (!(time >= last)) rejectBackward(time, last);
}

/** Kept out of checkForward so that update() stays small enough for V8 to inline. */
function rejectBackward(time: number, last: number): never {
  throw new RangeError(`time ${time} is before the last observation at ${last}`);
}

export class TimeWeighted {
  protected windowStart: number;
  protected lastTime: number;
  protected current: number;
  /** ∫ level dt from windowStart to lastTime. */
  protected area = 0;
  protected hi: number;
  protected lo: number;

  constructor(startTime = 0, initialLevel = 0) {
    this.windowStart = startTime;
    this.lastTime = startTime;
    this.current = initialLevel;
    this.hi = initialLevel;
    this.lo = initialLevel;
  }

  /** The level now holds from `time` onwards. Throws RangeError if `time` precedes the last update. */
  update(time: number, level: number): void {
    checkForward(time, this.lastTime);
    this.area += this.current * (time - this.lastTime);
    this.lastTime = time;
    this.current = level;
    if (level > this.hi) this.hi = level;
    if (level < this.lo) this.lo = level;
  }

  /** ∫ level dt over the window, up to `atTime` (default: the last update). */
  integral(atTime: number = this.lastTime): number {
    checkForward(atTime, this.lastTime);
    return this.area + this.current * (atTime - this.lastTime);
  }

  /** Time average over [window start, atTime]; NaN for an empty window, which has no average. */
  mean(atTime: number = this.lastTime): number {
    const duration = atTime - this.windowStart;
    const area = this.integral(atTime);
    return duration > 0 ? area / duration : Number.NaN;
  }

  /**
   * Starts a new observation window at `time`, keeping the current level. Used to discard a
   * warm-up period: everything before `time` is forgotten, including extremes.
   */
  reset(time: number): void {
    checkForward(time, this.lastTime);
    this.windowStart = time;
    this.lastTime = time;
    this.area = 0;
    this.hi = this.current;
    this.lo = this.current;
  }

  get level(): number {
    return this.current;
  }

  get max(): number {
    return this.hi;
  }

  get min(): number {
    return this.lo;
  }

  /** Start of the current observation window. */
  get startTime(): number {
    return this.windowStart;
  }

  /** Time of the last update or reset. */
  get time(): number {
    return this.lastTime;
  }
}

function checkLevel(level: number): number {
  if (!Number.isInteger(level) || level < 0) {
    throw new RangeError(`level must be a non-negative integer, got ${level}`);
  }
  return level;
}

/**
 * Time spent at each integer level, for quantiles of a count such as beds in use ("p95 of
 * occupancy", "fraction of time full"). Memory is one double per level up to the largest level
 * seen, independent of run length; the array grows (doubling) only when a new maximum appears.
 */
export class LevelDistribution extends TimeWeighted {
  private durations: Float64Array;

  constructor(startTime = 0, initialLevel = 0) {
    super(startTime, checkLevel(initialLevel));
    this.durations = new Float64Array(Math.max(16, initialLevel + 1));
  }

  override update(time: number, level: number): void {
    checkLevel(level);
    checkForward(time, this.lastTime);
    this.durations[this.current]! += time - this.lastTime;
    if (level >= this.durations.length) this.grow(level);
    super.update(time, level);
  }

  override reset(time: number): void {
    super.reset(time);
    this.durations.fill(0);
  }

  /**
   * Smallest level L such that the fraction of time spent at levels ≤ L is at least q.
   * q = 0 gives the lowest level actually held for a positive time. NaN for an empty window.
   */
  quantile(q: number, atTime: number = this.lastTime): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} outside [0, 1]`);
    const total = this.totalTime(atTime);
    if (!(total > 0)) return Number.NaN;
    const open = atTime - this.lastTime;
    const top = this.hi;
    let cumulative = 0;
    // Summing in the same order as totalTime makes the last level reach exactly `total`, so
    // q = 1 always finds a level despite rounding. Comparing the ratio rather than q·total
    // keeps decimal thresholds (q = 0.3 with 30 of 100 minutes) on the intended side.
    for (let level = 0; level <= top; level++) {
      const t = this.durations[level]! + (level === this.current ? open : 0);
      if (t <= 0) continue;
      cumulative += t;
      if (cumulative / total >= q) return level;
    }
    return top;
  }

  /** Fraction of the window's time spent at a level ≥ `level` (e.g. `capacity` for "time full"). */
  fractionAtLeast(level: number, atTime: number = this.lastTime): number {
    const total = this.totalTime(atTime);
    if (!(total > 0)) return Number.NaN;
    const open = atTime - this.lastTime;
    let above = 0;
    for (let l = Math.max(0, Math.ceil(level)); l <= this.hi; l++) {
      above += this.durations[l]! + (l === this.current ? open : 0);
    }
    return above / total;
  }

  /** Time-weighted (population) variance of the level over the window. */
  variance(atTime: number = this.lastTime): number {
    const total = this.totalTime(atTime);
    if (!(total > 0)) return Number.NaN;
    const open = atTime - this.lastTime;
    let weighted = 0;
    for (let l = 0; l <= this.hi; l++) weighted += l * (this.durations[l]! + (l === this.current ? open : 0));
    const mean = weighted / total;
    // Two passes around the distribution's own mean: E[L²] − mean² would cancel for a busy,
    // nearly constant level.
    let squares = 0;
    for (let l = 0; l <= this.hi; l++) {
      const d = l - mean;
      squares += d * d * (this.durations[l]! + (l === this.current ? open : 0));
    }
    return squares / total;
  }

  /** Fraction of the window's time at each level 0 … max. A fresh array (not a hot path). */
  fractions(atTime: number = this.lastTime): Float64Array {
    const total = this.totalTime(atTime);
    const out = new Float64Array(this.hi + 1);
    const open = atTime - this.lastTime;
    for (let l = 0; l <= this.hi; l++) {
      out[l] = (this.durations[l]! + (l === this.current ? open : 0)) / total;
    }
    return out;
  }

  private totalTime(atTime: number): number {
    checkForward(atTime, this.lastTime);
    const open = atTime - this.lastTime;
    let total = 0;
    for (let l = 0; l <= this.hi; l++) total += this.durations[l]! + (l === this.current ? open : 0);
    return total;
  }

  private grow(level: number): void {
    let size = this.durations.length * 2;
    while (size <= level) size *= 2;
    const next = new Float64Array(size);
    next.set(this.durations);
    this.durations = next;
  }
}
