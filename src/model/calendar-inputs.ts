/**
 * Compiles a scenario's `calendar:` section onto the run: bank holidays into the engine
 * calendar's pattern days, demand multipliers and growth into piecewise arrival rates, and bed
 * and roster changes into dated capacity events. Work is bounded by the section's size and the
 * run's length in months (at most MAX_CALENDAR_YEARS years), never by a number's size.
 */

import { exp, log } from "../engine/math.js";
import type { PiecewiseRate } from "../engine/piecewise-arrivals.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import { type Calendar, DAY } from "../engine/time.js";
import { type CalendarInputs, MAX_CALENDAR_YEARS, monthNames } from "../scenario/calendar-schema.js";
import { DAY_KEYS } from "../scenario/schema.js";
import { englandAndWalesBankHolidays } from "./bank-holidays.js";
import type { StaffService } from "./staffing.js";
import type { WardModel } from "./ward.js";

/** A year for growth: growth of g a year multiplies demand by (1 + g) every 365.25 days. */
export const GROWTH_YEAR = 365.25 * DAY;

/** A date-dated change over [start, end) in simulated minutes (whole days). */
export interface DatedChange {
  start: number;
  end: number;
}

export function rangeTimes(calendar: Calendar, range: { from: string; to: string }): DatedChange {
  return { start: calendar.timeOfDate(range.from), end: calendar.timeOfDate(range.to) + DAY };
}

/** The year (UTC wall clock) of a simulated time. */
function yearAt(calendar: Calendar, time: number): number {
  return new Date(calendar.dayNumber(time) * 86_400_000).getUTCFullYear();
}

/**
 * Day numbers (Calendar.dayNumber) of the bank holidays and extra dates in [0, end], each
 * mapped to the weekday whose patterns it follows.
 */
export function holidayPatternDays(
  calendar: Calendar,
  inputs: CalendarInputs,
  end: number,
): Map<number, number> {
  const holidays = inputs.bankHolidays;
  const treatAs = DAY_KEYS.indexOf(holidays.treatAs);
  const firstYear = yearAt(calendar, 0);
  const lastYear = Math.min(yearAt(calendar, end), firstYear + MAX_CALENDAR_YEARS);
  const dates = new Set<string>();
  if (holidays.region === "england-and-wales") {
    for (let year = firstYear; year <= lastYear; year++)
      for (const date of englandAndWalesBankHolidays(year)) dates.add(date);
  }
  for (const date of holidays.extra) dates.add(date.slice(0, 10));
  for (const date of holidays.except) dates.delete(date.slice(0, 10));
  const days = new Map<number, number>();
  for (const date of dates) days.set(calendar.dayNumber(calendar.timeOfDate(date)), treatAs);
  return days;
}

/**
 * A group's arrival rate under the calendar: mean × weekly pattern (bank holidays following
 * their pattern day) × the demand multipliers in force × growth since the start. Pieces break at
 * every date where a multiplier starts or stops and, with growth or monthly multipliers, at
 * every month, so each piece's bound is tight.
 */
export function calendarArrivalRate(
  calendar: Calendar,
  inputs: CalendarInputs,
  groupId: string,
  meanPerMinute: number,
  hourOfWeekFactor: Float64Array,
  end: number,
): PiecewiseRate {
  const entries = inputs.demand.filter((e) => e.groups === undefined || e.groups.includes(groupId));
  const byDates = entries.flatMap((e) =>
    "from" in e ? [{ ...rangeTimes(calendar, e), multiplier: e.multiplier }] : [],
  );
  const byMonths = entries.flatMap((e) =>
    "months" in e
      ? [{ months: new Set(e.months.map((m) => monthNames.indexOf(m))), multiplier: e.multiplier }]
      : [],
  );
  const points = new Set<number>([0, end]);
  for (const e of byDates) {
    if (e.start > 0 && e.start < end) points.add(e.start);
    if (e.end > 0 && e.end < end) points.add(e.end);
  }
  if (byMonths.length > 0 || inputs.growth !== 0) {
    for (const t of monthStarts(calendar, end)) points.add(t);
  }
  const starts = Float64Array.from([...points].sort((a, b) => a - b));
  const growthRate = log(1 + inputs.growth) / GROWTH_YEAR;
  const growthAt = (t: number) => (growthRate === 0 ? 1 : exp(growthRate * Math.min(Math.max(t, 0), end)));
  const multiplierAt = (t: number) => {
    let m = 1;
    for (const e of byDates) if (t >= e.start && t < e.end) m *= e.multiplier;
    if (byMonths.length > 0) {
      const month = new Date(calendar.dayNumber(t) * 86_400_000).getUTCMonth();
      for (const e of byMonths) if (e.months.has(month)) m *= e.multiplier;
    }
    return m;
  };
  let weeklyPeak = 0;
  for (const f of hourOfWeekFactor) weeklyPeak = Math.max(weeklyPeak, f);
  const multipliers = starts.map((t) => multiplierAt(t));
  const bounds = starts.map((t, k) => {
    const pieceEnd = k + 1 < starts.length ? starts[k + 1]! : end;
    // A little headroom over the exact bound, so rounding in exp never trips the sampler's check.
    return (
      meanPerMinute * weeklyPeak * multipliers[k]! * Math.max(growthAt(t), growthAt(pieceEnd)) * (1 + 1e-9)
    );
  });
  return {
    starts,
    bounds,
    rate: (t, piece) =>
      meanPerMinute * hourOfWeekFactor[calendar.patternHourOfWeek(t)]! * multipliers[piece]! * growthAt(t),
  };
}

/** Times of 00:00 on the first of each month after time 0 and before `end`. */
function monthStarts(calendar: Calendar, end: number): number[] {
  const out: number[] = [];
  const first = new Date(calendar.dayNumber(0) * 86_400_000);
  const year = first.getUTCFullYear();
  const month = first.getUTCMonth();
  for (let n = 1; n <= 12 * (MAX_CALENDAR_YEARS + 1); n++) {
    const t = calendar.timeOfDate(new Date(Date.UTC(year, month + n, 1)).toISOString());
    if (t >= end) break;
    out.push(t);
  }
  return out;
}

/**
 * Dated capacity changes as (time, delta) steps within [0, end]: each range adds `change` at its
 * start (or at time 0 if it began before the run) and takes it away at its end.
 */
export function datedSteps(
  calendar: Calendar,
  ranges: readonly { from: string; to: string; change: number }[],
  end: number,
): { at: number; delta: number }[] {
  const steps: { at: number; delta: number }[] = [];
  for (const range of ranges) {
    const { start, end: stop } = rangeTimes(calendar, range);
    if (stop <= 0 || start > end || range.change === 0) continue;
    steps.push({ at: Math.max(0, start), delta: range.change });
    if (stop <= end) steps.push({ at: stop, delta: -range.change });
  }
  return steps.sort((a, b) => a.at - b.at);
}

/** Bank holidays (and extra dates) follow their pattern day for the rest of the run. */
export function followBankHolidays(calendar: Calendar, inputs: CalendarInputs, end: number): void {
  calendar.followOtherWeekdays(holidayPatternDays(calendar, inputs, end));
}

/** Schedules the calendar's dated bed and roster changes; those in force at time 0 apply now. */
export function scheduleDatedCapacity(
  sim: Simulation,
  inputs: CalendarInputs,
  end: number,
  wards: ReadonlyMap<string, WardModel>,
  staff: StaffService | null,
): void {
  for (const [wardId, ranges] of byKey(inputs.beds, (b) => b.ward)) {
    const ward = wards.get(wardId);
    if (ward === undefined) continue;
    for (const step of datedSteps(sim.calendar, ranges, end)) {
      if (step.at <= sim.now) ward.changeCalendarBeds(step.delta);
      else
        sim.scheduleAt(
          step.at,
          (delta: number) => ward.changeCalendarBeds(delta),
          step.delta,
          Priority.capacityChange,
        );
    }
  }
  if (staff === null) return;
  for (const [key, ranges] of byKey(inputs.rosters, (r) => `${r.role}\u0000${r.ward ?? ""}`)) {
    const [role, ward] = key.split("\u0000") as [string, string];
    const change = (delta: number) =>
      staff.changeRosterByCalendar(role, ward === "" ? undefined : ward, delta);
    for (const step of datedSteps(sim.calendar, ranges, end)) {
      if (step.at <= sim.now) change(step.delta);
      else sim.scheduleAt(step.at, change, step.delta, Priority.capacityChange);
    }
  }
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}
