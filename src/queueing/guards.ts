/**
 * Argument checks shared by the queueing formulas. These are public-API functions that planners
 * call with hand-typed numbers, so a NaN or a negative load must fail loudly at the call rather
 * than surface later as a silently wrong staffing figure.
 */

/** Throws a RangeError unless `x` is a finite number. */
export function requireFinite(name: string, x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`${name} must be a finite number, got ${x}`);
}

/** Throws a RangeError unless `x` is finite and ≥ 0. */
export function requireNonNegative(name: string, x: number): void {
  if (!(Number.isFinite(x) && x >= 0)) throw new RangeError(`${name} must be finite and ≥ 0, got ${x}`);
}

/** Throws a RangeError unless `x` is finite and > 0. */
export function requirePositive(name: string, x: number): void {
  if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`${name} must be finite and > 0, got ${x}`);
}

/** Throws a RangeError unless `x` is a whole number ≥ `min` (a server or bed count). */
export function requireWhole(name: string, x: number, min = 0): void {
  if (!(Number.isSafeInteger(x) && x >= min)) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${x}`);
  }
}

/** Throws a RangeError unless `p` is a probability target in (0, 1]. */
export function requireTargetProbability(name: string, p: number): void {
  if (!(p > 0 && p <= 1)) throw new RangeError(`${name} must lie in (0, 1], got ${p}`);
}
