/**
 * Standard normal density and distribution function for the Halfin–Whitt staffing formulas.
 *
 * erfc follows W. J. Cody, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23 (1969) 631–638, with the coefficients of his SPECFUN routine CALERF (netlib):
 * near-minimax rational approximations on |x| ≤ 0.46875, 0.46875 < |x| ≤ 4 and |x| > 4, which
 * Cody rates at 18 or more significant digits before floating-point rounding. Unlike 1 − erf,
 * it keeps full relative accuracy in the far tail, which the delay-probability root finding
 * depends on.
 *
 * Kept local to the queueing module so it has no dependency on other statistics code.
 */

// Cody's coefficients, numbered as in CALERF (A1..A5 etc.), printed at double precision.
const A1 = 3.1611237438705655;
const A2 = 113.86415415105016;
const A3 = 377.485237685302;
const A4 = 3209.3775891384694;
const A5 = 0.18577770618460315;
const B1 = 23.601290952344122;
const B2 = 244.02463793444417;
const B3 = 1282.6165260773723;
const B4 = 2844.236833439171;

const C1 = 0.5641884969886701;
const C2 = 8.883149794388377;
const C3 = 66.11919063714163;
const C4 = 298.6351381974001;
const C5 = 881.952221241769;
const C6 = 1712.0476126340707;
const C7 = 2051.0783778260716;
const C8 = 1230.3393547979972;
const C9 = 2.1531153547440383e-8;
const D1 = 15.744926110709835;
const D2 = 117.6939508913125;
const D3 = 537.1811018620099;
const D4 = 1621.3895745666903;
const D5 = 3290.7992357334597;
const D6 = 4362.619090143247;
const D7 = 3439.3676741437216;
const D8 = 1230.3393548037495;

const P1 = 0.30532663496123236;
const P2 = 0.36034489994980445;
const P3 = 0.12578172611122926;
const P4 = 0.016083785148742275;
const P5 = 0.0006587491615298378;
const P6 = 0.016315387137302097;
const Q1 = 2.568520192289822;
const Q2 = 1.8729528499234604;
const Q3 = 0.5279051029514285;
const Q4 = 0.06051834131244132;
const Q5 = 0.0023352049762686918;

/** 1/√π. */
const INV_SQRT_PI = 0.5641895835477563;
const THRESH = 0.46875;
/** Beyond this erfc underflows in double precision. */
const X_BIG = 26.543;
const INV_SQRT_TWO = Math.SQRT1_2;
const INV_SQRT_TWO_PI = 0.3989422804014327;

/**
 * exp(−y²) with y² split as (whole sixteenths)² + remainder: y·y rounds with an absolute error of
 * order y²·ε, which exp would turn into a relative error of the same size; the split keeps the
 * first square exact.
 */
function expMinusSquare(y: number): number {
  const head = Math.trunc(y * 16) / 16;
  const del = (y - head) * (y + head);
  return Math.exp(-head * head) * Math.exp(-del);
}

/**
 * Complementary error function erfc(x) = (2/√π)∫ₓ^∞ e^(−t²) dt, accurate to a few ulps in
 * relative terms for every x (W. J. Cody's rational approximations). 0 for x ≥ 26.543, 2 in the
 * negative limit; NaN for NaN.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) {
    const z = y * y;
    const num = (((A5 * z + A1) * z + A2) * z + A3) * z + A4;
    const den = (((z + B1) * z + B2) * z + B3) * z + B4;
    return 1 - (x * num) / den;
  }
  let upper: number;
  if (y <= 4) {
    const num = (((((((C9 * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7) * y + C8;
    const den = (((((((y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7) * y + D8;
    upper = expMinusSquare(y) * (num / den);
  } else if (y >= X_BIG) {
    upper = 0;
  } else {
    const z = 1 / (y * y);
    const num = ((((P6 * z + P1) * z + P2) * z + P3) * z + P4) * z + P5;
    const den = ((((z + Q1) * z + Q2) * z + Q3) * z + Q4) * z + Q5;
    upper = (expMinusSquare(y) * (INV_SQRT_PI - (z * num) / den)) / y;
  }
  return x < 0 ? 2 - upper : upper;
}

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal distribution function Φ(x) = erfc(−x/√2)/2, with full relative accuracy in
 * the lower tail (Φ(−30) ≈ 5e-198 is returned accurately, not as 0).
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * INV_SQRT_TWO);
}
