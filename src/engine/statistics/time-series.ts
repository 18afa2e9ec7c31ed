/**
 * Per-interval series (admissions per day, mean occupancy per hour) and cyclic profiles
 * (arrivals by hour of the week). Series memory grows with horizon / bucket width — one double
 * per bucket, arrays doubling as simulated time advances — never with the number of events.
 * Profiles are fixed-size: one slot per phase of the cycle.
 */

export interface SeriesRow {
  /** Start time of the bucket. */
  start: number;
  value: number;
}

export interface LevelRow extends SeriesRow {
  /** Highest level held at any instant of the bucket. */
  max: number;
}

function checkWidth(width: number): void {
  if (!(width > 0 && Number.isFinite(width)))
    throw new RangeError(`bucket width must be positive, got ${width}`);
}

function checkForward(time: number, last: number): void {
  if (!(time >= last)) throw new RangeError(`time ${time} is before the last observation at ${last}`);
}

function grown(array: Float64Array, minLength: number, fill: number): Float64Array {
  let size = Math.max(array.length * 2, 16);
  while (size < minLength) size *= 2;
  const next = new Float64Array(size);
  if (fill !== 0) next.fill(fill, array.length);
  next.set(array);
  return next;
}

/** Sums of amounts per fixed-width bucket, e.g. admissions per day. */
export class TimeSeries {
  readonly bucketWidth: number;
  readonly startTime: number;
  private sums: Float64Array = new Float64Array(16);
  private used = 0;
  private grandTotal = 0;

  constructor(bucketWidth: number, startTime = 0) {
    checkWidth(bucketWidth);
    this.bucketWidth = bucketWidth;
    this.startTime = startTime;
  }

  /** Adds `amount` to the bucket containing `time`; times before the start are a RangeError. */
  add(time: number, amount = 1): void {
    const b = Math.floor((time - this.startTime) / this.bucketWidth);
    if (!(b >= 0)) throw new RangeError(`time ${time} is before the series start ${this.startTime}`);
    if (b >= this.sums.length) this.sums = grown(this.sums, b + 1, 0);
    this.sums[b]! += amount;
    if (b >= this.used) this.used = b + 1;
    this.grandTotal += amount;
  }

  /** Sum of everything added. */
  get total(): number {
    return this.grandTotal;
  }

  /**
   * Bucket sums. Without `endTime` the series ends at the last bucket that received anything;
   * pass the run's end so that quiet trailing buckets appear as zeros rather than vanish.
   */
  values(endTime?: number): Float64Array {
    let n = this.used;
    if (endTime !== undefined) n = Math.max(n, Math.ceil((endTime - this.startTime) / this.bucketWidth));
    const out = new Float64Array(n);
    out.set(this.sums.subarray(0, Math.min(n, this.used)));
    return out;
  }

  rows(endTime?: number): SeriesRow[] {
    return Array.from(this.values(endTime), (value, b) => ({
      start: this.startTime + b * this.bucketWidth,
      value,
    }));
  }
}

/** Time-weighted mean and maximum of a piecewise-constant level per fixed-width bucket. */
export class LevelSeries {
  readonly bucketWidth: number;
  readonly startTime: number;
  private areas: Float64Array = new Float64Array(16);
  private maxima: Float64Array = new Float64Array(16).fill(Number.NEGATIVE_INFINITY);
  private lastTime: number;
  private current: number;

  constructor(bucketWidth: number, startTime = 0, initialLevel = 0) {
    checkWidth(bucketWidth);
    this.bucketWidth = bucketWidth;
    this.startTime = startTime;
    this.lastTime = startTime;
    this.current = initialLevel;
    this.maxima[0] = initialLevel;
  }

  /** The level holds from `time` onwards; `time` must not precede the previous update. */
  update(time: number, level: number): void {
    this.advance(time);
    this.current = level;
    const b = this.ensure(Math.floor((time - this.startTime) / this.bucketWidth));
    if (level > this.maxima[b]!) this.maxima[b] = level;
  }

  /** Closes the observation at `time` (the run's end), keeping the level. */
  finish(time: number): void {
    this.advance(time);
  }

  get level(): number {
    return this.current;
  }

  /**
   * Mean level per bucket up to the last update/finish. A final partial bucket is averaged over
   * the part observed, not the full width, so a run ending mid-day does not dilute that day.
   */
  values(): Float64Array {
    const n = this.bucketCount();
    const out = new Float64Array(n);
    for (let b = 0; b < n; b++) {
      const start = this.startTime + b * this.bucketWidth;
      const end = Math.min(this.lastTime, start + this.bucketWidth);
      out[b] = this.areas[b]! / (end - start);
    }
    return out;
  }

  /** Highest level held at any instant of each bucket, including momentary ones. */
  maxValues(): Float64Array {
    return this.maxima.slice(0, this.bucketCount());
  }

  rows(): LevelRow[] {
    const means = this.values();
    return Array.from(means, (value, b) => ({
      start: this.startTime + b * this.bucketWidth,
      value,
      max: this.maxima[b]!,
    }));
  }

  private bucketCount(): number {
    return Math.max(0, Math.ceil((this.lastTime - this.startTime) / this.bucketWidth));
  }

  private ensure(b: number): number {
    if (b >= this.areas.length) {
      this.areas = grown(this.areas, b + 1, 0);
      this.maxima = grown(this.maxima, b + 1, Number.NEGATIVE_INFINITY);
    }
    return b;
  }

  private advance(time: number): void {
    checkForward(time, this.lastTime);
    const level = this.current;
    const width = this.bucketWidth;
    let t = this.lastTime;
    let b = Math.floor((t - this.startTime) / width);
    while (t < time) {
      this.ensure(b);
      const end = Math.min(time, this.startTime + (b + 1) * width);
      if (end > t) {
        this.areas[b]! += level * (end - t);
        if (level > this.maxima[b]!) this.maxima[b] = level;
        t = end;
      }
      b++;
    }
    this.lastTime = time;
  }
}

/**
 * A cycle divided into phases, e.g. hours of the week. `nextChange` lets profiles split a level's
 * interval exactly at phase boundaries, so irregular calendars (weekday/weekend, shifts) work.
 */
export interface PhaseClock {
  readonly count: number;
  /** Phase index in [0, count) of the instant `time`. */
  phaseOf(time: number): number;
  /** The earliest time after `time` at which the phase may change; must exceed `time`. */
  nextChange(time: number): number;
}

/** `count` phases of equal `width` repeating from `origin`: regularPhases(168, 60) is hour of week. */
export function regularPhases(count: number, width: number, origin = 0): PhaseClock {
  if (!(Number.isInteger(count) && count > 0)) throw new RangeError(`phase count must be a positive integer`);
  checkWidth(width);
  // Division can land a boundary time just below its cell (k·w/w < k); the correction keeps
  // phaseOf and nextChange agreeing, so a boundary always starts its own phase.
  const cellOf = (time: number): number => {
    const cell = Math.floor((time - origin) / width);
    return origin + (cell + 1) * width <= time ? cell + 1 : cell;
  };
  return {
    count,
    phaseOf(time: number): number {
      const phase = cellOf(time) % count;
      return phase < 0 ? phase + count : phase;
    },
    nextChange(time: number): number {
      return origin + (cellOf(time) + 1) * width;
    },
  };
}

/**
 * Per-phase totals of events and time-weighted levels over many cycles, e.g. arrivals and
 * occupancy by hour of the week. Memory is a few doubles per phase whatever the run length.
 * Both `add` and `update` advance the clock, so calls must come in time order.
 */
export class CyclicProfile {
  readonly phases: PhaseClock;
  private readonly sums: Float64Array;
  private readonly observed: Float64Array;
  private readonly areas: Float64Array;
  private readonly maxima: Float64Array;
  private lastTime: number;
  private current: number;

  constructor(phases: PhaseClock, startTime = 0, initialLevel = 0) {
    this.phases = phases;
    this.sums = new Float64Array(phases.count);
    this.observed = new Float64Array(phases.count);
    this.areas = new Float64Array(phases.count);
    this.maxima = new Float64Array(phases.count).fill(Number.NEGATIVE_INFINITY);
    this.lastTime = startTime;
    this.current = initialLevel;
    this.maxima[this.phase(startTime)] = initialLevel;
  }

  /** Counts `amount` (default one event) in the phase of `time`. */
  add(time: number, amount = 1): void {
    this.advance(time);
    this.sums[this.phase(time)]! += amount;
  }

  update(time: number, level: number): void {
    this.advance(time);
    this.current = level;
    const p = this.phase(time);
    if (level > this.maxima[p]!) this.maxima[p] = level;
  }

  /** Extends the observed time to `time` (the run's end) without an event. */
  finish(time: number): void {
    this.advance(time);
  }

  /** Amounts added per phase, summed over all cycles. */
  totals(): Float64Array {
    return this.sums.slice();
  }

  /** Time observed in each phase (e.g. 60 × number of Mondays-09:00 seen). */
  exposure(): Float64Array {
    return this.observed.slice();
  }

  /** Totals per unit of observed time in each phase; NaN for a phase never observed. */
  rates(): Float64Array {
    return this.sums.map((s, p) => s / this.observed[p]!);
  }

  /** Time-weighted mean level in each phase; NaN for a phase never observed. */
  meanLevels(): Float64Array {
    return this.areas.map((a, p) => a / this.observed[p]!);
  }

  /** Highest level held in each phase; NaN for a phase never visited. */
  maxLevels(): Float64Array {
    return this.maxima.map((m) => (m === Number.NEGATIVE_INFINITY ? Number.NaN : m));
  }

  private phase(time: number): number {
    const p = this.phases.phaseOf(time);
    if (!(Number.isInteger(p) && p >= 0 && p < this.phases.count)) {
      throw new RangeError(`phase ${p} of time ${time} outside [0, ${this.phases.count})`);
    }
    return p;
  }

  private advance(time: number): void {
    checkForward(time, this.lastTime);
    const level = this.current;
    let t = this.lastTime;
    while (t < time) {
      const p = this.phase(t);
      const boundary = this.phases.nextChange(t);
      // A clock whose next change does not move forward would loop for ever.
      if (!(boundary > t)) throw new RangeError(`phase clock's next change ${boundary} is not after ${t}`);
      const end = Math.min(time, boundary);
      const dt = end - t;
      this.observed[p]! += dt;
      this.areas[p]! += level * dt;
      if (level > this.maxima[p]!) this.maxima[p] = level;
      t = end;
    }
    this.lastTime = time;
  }
}
