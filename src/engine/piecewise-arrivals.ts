/**
 * Non-homogeneous Poisson arrivals by thinning against a piecewise-constant bound (Lewis &
 * Shedler 1979, with the bound changing at known times): on each piece candidates come at that
 * piece's bound, and a candidate that would fall past the piece's end is dropped and the search
 * restarts at the end — exact, because exponential gaps have no memory. A rate that is high for
 * a few weeks (winter) or grows over years costs candidates only where it is high. One stream
 * per source keeps common random numbers intact.
 */

import { log } from "./math.js";
import type { RandomStream } from "./random.js";

export interface PiecewiseRate {
  /** Start time of each piece, increasing; the first is at or before any time asked about. */
  readonly starts: Float64Array;
  /** Each piece's bound on the rate (per minute); the last piece runs for ever. */
  readonly bounds: Float64Array;
  /** Arrival rate per minute at `time`, which lies in piece `piece`. */
  rate(time: number, piece: number): number;
}

export class PiecewiseThinnedPoissonProcess {
  private readonly shape: PiecewiseRate;
  private readonly stream: RandomStream;

  constructor(shape: PiecewiseRate, stream: RandomStream) {
    const { starts, bounds } = shape;
    if (starts.length === 0 || starts.length !== bounds.length)
      throw new RangeError("a piecewise rate needs one bound for each piece, and at least one piece");
    for (let k = 0; k < starts.length; k++) {
      if (!(bounds[k]! >= 0) || !Number.isFinite(bounds[k]!))
        throw new RangeError(`piece ${k}'s bound must be finite and ≥ 0, got ${bounds[k]}`);
      if (k > 0 && !(starts[k]! > starts[k - 1]!))
        throw new RangeError("pieces must start in increasing order");
    }
    this.shape = shape;
    this.stream = stream;
  }

  /** The first arrival after `time`, or Infinity if the rate is zero from then on. */
  next(time: number): number {
    const { starts, bounds } = this.shape;
    let piece = pieceAt(starts, time);
    let t = time;
    for (;;) {
      const end = piece + 1 < starts.length ? starts[piece + 1]! : Number.POSITIVE_INFINITY;
      const bound = bounds[piece]!;
      if (bound === 0) {
        if (end === Number.POSITIVE_INFINITY) return end;
        t = end;
        piece++;
        continue;
      }
      const candidate = t - log(this.stream.uniform()) / bound;
      if (candidate >= end) {
        t = end;
        piece++;
        continue;
      }
      t = candidate;
      const r = this.shape.rate(t, piece);
      if (r > bound * (1 + 1e-12)) {
        throw new RangeError(`arrival rate ${r} at time ${t} exceeds its piece's bound ${bound}`);
      }
      if (this.stream.uniform() * bound < r) return t;
    }
  }
}

/** The last piece starting at or before `time` (the first piece for earlier times). */
export function pieceAt(starts: Float64Array, time: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
