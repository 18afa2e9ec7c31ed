/**
 * Month-of-year multipliers and an annual trend from admissions counted by calendar month.
 *
 * The model is Poisson: admissions on day d in month k arrive at exp(c_k + b·(d − first)/365.25)
 * a day. For a given b the month levels c_k have a closed form (admissions in month k over the
 * growth-weighted days of month k in the extract), so b is found by bisection on the profile
 * score, which falls as b rises (the log-likelihood is concave). Counting by calendar month
 * (not by day) loses nothing: the month totals are sufficient for this model.
 *
 * Multipliers are normalised so their mean, weighting each month by the days of it the extract
 * covers, is 1: the scenario's perDay then carries the level, and a mean over the extract's own
 * days is unchanged. Months need a whole year of data (else no multipliers) and a trend two
 * years (else growth is not estimated: a year's rise cannot be told from its season).
 */
import { exp, log } from "../engine/math.js";
import { isoDate } from "./dates.js";

/** Days of data needed before month multipliers are estimated. */
export const MONTHS_NEED_DAYS = 365;
/** Days of data needed before a trend is estimated. */
export const TREND_NEEDS_DAYS = 730;
/** Growth is searched within ±50% a year (the scenario's own limit). */
const GROWTH_LIMIT = 0.5;
const YEAR_DAYS = 365.25;

/** One calendar month of the extract: which month of the year, its admissions and its days. */
interface MonthBin {
  month: number;
  admissions: number;
  /** Days of the extract in this bin, as years since the extract's first day. */
  years: number[];
}

function monthBins(byMonth: ReadonlyMap<string, number>, firstDay: number, lastDay: number): MonthBin[] {
  const bins = new Map<string, MonthBin>();
  for (let day = firstDay; day <= lastDay; day++) {
    const key = isoDate(day).slice(0, 7);
    let bin = bins.get(key);
    if (!bin) {
      bin = { month: Number(key.slice(5, 7)) - 1, admissions: byMonth.get(key) ?? 0, years: [] };
      bins.set(key, bin);
    }
    bin.years.push((day - firstDay) / YEAR_DAYS);
  }
  return [...bins.values()];
}

/** exp(c_k) for each level (months, or one level for all) given the log growth b. */
function levels(bins: readonly MonthBin[], b: number, levelOf: (bin: MonthBin) => number, count: number) {
  const admissions = new Array<number>(count).fill(0);
  const weighted = new Array<number>(count).fill(0);
  const weightedTime = new Array<number>(count).fill(0);
  let observedTime = 0;
  for (const bin of bins) {
    const k = levelOf(bin);
    admissions[k]! += bin.admissions;
    let w = 0;
    let wt = 0;
    for (const t of bin.years) {
      const e = b === 0 ? 1 : exp(b * t);
      w += e;
      wt += t * e;
    }
    weighted[k]! += w;
    weightedTime[k]! += wt;
    observedTime += (bin.admissions * wt) / w;
  }
  const level = admissions.map((n, k) => (weighted[k]! > 0 ? n / weighted[k]! : 0));
  // d/db of the profile log-likelihood (envelope theorem): observed less expected time-weighted counts.
  let score = observedTime;
  for (let k = 0; k < count; k++) score -= level[k]! * weightedTime[k]!;
  return { level, score };
}

/** Log growth a year by bisection on the profile score, or 0 when the data cannot show one. */
export function fitLogGrowth(
  byMonth: ReadonlyMap<string, number>,
  firstDay: number,
  lastDay: number,
): number {
  const bins = monthBins(byMonth, firstDay, lastDay);
  const byMonthOfYear = lastDay - firstDay + 1 >= MONTHS_NEED_DAYS;
  const levelOf = byMonthOfYear ? (bin: MonthBin) => bin.month : () => 0;
  const count = byMonthOfYear ? 12 : 1;
  let lo = log(1 - GROWTH_LIMIT);
  let hi = log(1 + GROWTH_LIMIT);
  if (levels(bins, lo, levelOf, count).score <= 0) return lo;
  if (levels(bins, hi, levelOf, count).score >= 0) return hi;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (levels(bins, mid, levelOf, count).score > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Seasonality {
  /** Jan … Dec, mean 1 over the extract's days; undefined with less than a year of data. */
  months: number[] | undefined;
  /** Admissions a day at `atDay` (before any month multiplier), given the log growth used. */
  perDay: number;
}

/**
 * A group's month multipliers and its level at `atDay` (a day number), for a log growth b a year
 * fitted elsewhere (0 for none). With b = 0 and no months the level is admissions ÷ days.
 */
export function seasonality(
  byMonth: ReadonlyMap<string, number>,
  firstDay: number,
  lastDay: number,
  b: number,
  atDay: number,
): Seasonality {
  const bins = monthBins(byMonth, firstDay, lastDay);
  const byMonthOfYear = lastDay - firstDay + 1 >= MONTHS_NEED_DAYS;
  const count = byMonthOfYear ? 12 : 1;
  const { level } = levels(bins, b, byMonthOfYear ? (bin) => bin.month : () => 0, count);
  // Exposure-weighted mean level: each month weighted by the extract's days in it.
  const days = new Array<number>(count).fill(0);
  for (const bin of bins) days[byMonthOfYear ? bin.month : 0]! += bin.years.length;
  const totalDays = days.reduce((a, d) => a + d, 0);
  const mean = level.reduce((sum, l, k) => sum + l * days[k]!, 0) / totalDays;
  const growthToDay = b === 0 ? 1 : exp((b * (atDay - firstDay)) / YEAR_DAYS);
  return {
    months: byMonthOfYear ? level.map((l) => (mean > 0 ? l / mean : 1)) : undefined,
    perDay: mean * growthToDay,
  };
}
