/**
 * Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler 1979): candidates come at the
 * peak rate and each is kept with probability rate(t)/peak. Exact for any bounded rate function,
 * and one stream per source keeps common random numbers intact.
 */

import { log } from "./math.js";
import type { RandomStream } from "./random.js";

/** Arrival rate per minute as a function of simulated time. */
export type RateFunction = (time: number) => number;

export class ThinnedPoissonProcess {
  private readonly rate: RateFunction;
  private readonly peakRate: number;
  private readonly stream: RandomStream;

  constructor(rate: RateFunction, peakRate: number, stream: RandomStream) {
    if (!(peakRate >= 0) || !Number.isFinite(peakRate))
      throw new RangeError(`peak rate must be finite and ≥ 0, got ${peakRate}`);
    this.rate = rate;
    this.peakRate = peakRate;
    this.stream = stream;
  }

  /** The first arrival after `time`, or Infinity if the rate is zero everywhere. */
  next(time: number): number {
    if (this.peakRate === 0) return Number.POSITIVE_INFINITY;
    let t = time;
    for (;;) {
      t -= log(this.stream.uniform()) / this.peakRate;
      const r = this.rate(t);
      if (r > this.peakRate * (1 + 1e-12)) {
        throw new RangeError(`arrival rate ${r} at time ${t} exceeds the stated peak ${this.peakRate}`);
      }
      if (this.stream.uniform() * this.peakRate < r) return t;
    }
  }
}
