/**
 * Discharge hours and weekend rates as a fluid: patients ready to leave outside the discharge
 * window, or on a weekend day that does not discharge them, keep their bed until a later
 * opening. This wait depends on the clock, not on the patient, so it is not an Mt/G/∞ service
 * time; but the model's rule (DischargeTiming) is linear in the number of patients, so the MEAN
 * number waiting at each minute of the week follows exactly by pushing the readiness rate
 * through the rule's outcomes. Resolution: one minute.
 */
import { DAY, HOUR, WEEK } from "../engine/time.js";

export interface DischargeWindow {
  /** Minutes after midnight the window opens and closes, as in the scenario. */
  from: number;
  to: number;
  /** Share of the weekday rate achieved on Saturdays and Sundays. */
  weekendRate: number;
}

export interface TimingLoad {
  /** Mean minutes a ready patient waits for the window (0 when always open). */
  meanWaitMinutes: number;
  /** Mean number waiting at hh:00 of each hour of the week (Monday 00:00 first). */
  atHourStart: number[];
  /** Mean number waiting averaged over each hour of the week. */
  hourAverage: number[];
  /** Rate of leaving (per minute) in each hour of the week, after the wait. */
  leavingPerMinute: number[];
}

const HOURS = 168;

function alwaysOpen(w: DischargeWindow): boolean {
  return (w.from === 0 && w.to === DAY) || w.from === w.to;
}

function isOpen(w: DischargeWindow, t: number): boolean {
  if (alwaysOpen(w)) return true;
  const m = t % DAY;
  return w.from < w.to ? m >= w.from && m < w.to : m >= w.from || m < w.to;
}

function nextOpening(w: DischargeWindow, t: number): number {
  const m = t % DAY;
  return m < w.from ? t + (w.from - m) : t + (DAY - m) + w.from;
}

/**
 * When a patient ready at minute-of-week `t` leaves, as (time, probability) pairs: the expected
 * form of DischargeTiming.next, step for step (including its 16-step cap).
 */
export function leavingOutcomes(w: DischargeWindow, t: number): { at: number; p: number }[] {
  const out: { at: number; p: number }[] = [];
  let remaining = 1;
  for (let step = 0; step < 16; step++) {
    if (!isOpen(w, t)) {
      t = nextOpening(w, t);
      continue;
    }
    const weekday = Math.floor((t % WEEK) / DAY) < 5;
    if (w.weekendRate >= 1 || weekday) {
      out.push({ at: t, p: remaining });
      return out;
    }
    if (w.weekendRate > 0) out.push({ at: t, p: remaining * w.weekendRate });
    remaining *= 1 - w.weekendRate;
    t = t - (t % DAY) + DAY + (alwaysOpen(w) ? 0 : w.from);
  }
  out.push({ at: t, p: remaining });
  return out;
}

/**
 * Mean wait for the discharge window and the mean number waiting by hour of the week, given
 * the rate at which patients become ready (per minute, constant within each hour).
 */
export function dischargeTimingLoad(readyPerMinute: readonly number[], w: DischargeWindow): TimingLoad {
  if (readyPerMinute.length !== HOURS) throw new RangeError(`need ${HOURS} hourly rates`);
  const zero = new Array<number>(HOURS).fill(0);
  if (alwaysOpen(w) && w.weekendRate >= 1) {
    return {
      meanWaitMinutes: 0,
      atHourStart: zero,
      hourAverage: [...zero],
      leavingPerMinute: [...readyPerMinute],
    };
  }
  // The number waiting as whole minutes (a circular difference array) plus the part-minutes at
  // each wait's two ends, so each minute's figure is the exact mean over that minute.
  const diff = new Float64Array(WEEK + 1);
  const partial = new Float64Array(WEEK);
  const leaving = new Float64Array(WEEK);
  const wrap = (m: number): number => ((m % WEEK) + WEEK) % WEEK;
  const addWait = (from: number, to: number, mass: number): void => {
    const first = Math.ceil(from);
    const last = Math.floor(to);
    if (last < first) {
      partial[wrap(Math.floor(from))]! += mass * (to - from);
      return;
    }
    partial[wrap(Math.floor(from))]! += mass * (first - from);
    partial[wrap(last)]! += mass * (to - last);
    // Whole minutes [first, last), split where they pass the end of the week.
    const a = wrap(first);
    const b = a + (last - first);
    diff[a]! += mass;
    if (b <= WEEK) {
      diff[b]! -= mass;
    } else {
      diff[WEEK]! -= mass;
      diff[0]! += mass;
      diff[b - WEEK]! -= mass;
    }
  };
  let totalMass = 0;
  let totalWait = 0;
  for (let s = 0; s < WEEK; s++) {
    const mass = readyPerMinute[Math.floor(s / HOUR)]!;
    if (mass === 0) continue;
    // Readiness is spread over the minute; its midpoint stands for it.
    const t = s + 0.5;
    totalMass += mass;
    for (const o of leavingOutcomes(w, t)) {
      const m = mass * o.p;
      if (m === 0) continue;
      totalWait += m * (o.at - t);
      leaving[wrap(Math.floor(o.at))]! += m;
      if (o.at > t) addWait(t, o.at, m);
    }
  }
  const atHourStart: number[] = [];
  const hourAverage: number[] = [];
  const leavingPerMinute: number[] = [];
  let level = 0;
  for (let h = 0; h < HOURS; h++) {
    let sum = 0;
    let left = 0;
    for (let i = 0; i < HOUR; i++) {
      const minute = h * HOUR + i;
      level += diff[minute]!;
      if (i === 0) atHourStart.push(level);
      sum += level + partial[minute]!;
      left += leaving[minute]!;
    }
    hourAverage.push(sum / HOUR);
    leavingPerMinute.push(left / HOUR);
  }
  return {
    meanWaitMinutes: totalMass > 0 ? totalWait / totalMass : 0,
    atHourStart,
    hourAverage,
    leavingPerMinute,
  };
}
