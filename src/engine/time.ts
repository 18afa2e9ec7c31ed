/**
 * Simulated time is a floating-point number of minutes from the start of the run.
 * Durations in files carry units ("20min", "36h", "4.5d", "1h 30min"); this is the one parser.
 */

export const MINUTE = 1;
export const HOUR = 60;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const UNIT_MINUTES: Readonly<Record<string, number>> = {
  s: 1 / 60,
  sec: 1 / 60,
  secs: 1 / 60,
  second: 1 / 60,
  seconds: 1 / 60,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: HOUR,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  w: WEEK,
  wk: WEEK,
  week: WEEK,
  weeks: WEEK,
};

const PART = /(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)/gy;

/** Why a duration string failed to parse, in words a scenario author can act on. */
export class DurationError extends Error {}

/**
 * Parses "20min", "36h", "4.5d", "2w", "1h 30min" into minutes.
 * A bare number is not accepted: the unit is what stops a 4-hour stay being read as 4 minutes.
 */
export function parseDuration(text: string): number {
  const source = text.trim().toLowerCase();
  if (source === "") throw new DurationError('a duration needs a number and a unit, e.g. "4h" or "2.5d"');
  if (source.startsWith("-")) {
    throw new DurationError(
      `"${text}" is not a duration: it is shorter than zero; write a number and a unit (s, min, h, d, w) of zero or more, e.g. "4h"`,
    );
  }
  let total = 0;
  let position = 0;
  PART.lastIndex = 0;
  while (position < source.length) {
    PART.lastIndex = position;
    const match = PART.exec(source);
    if (match === null) {
      throw new DurationError(
        `"${text}" is not a duration: write a number and a unit (s, min, h, d, w), e.g. "4h" or "1h 30min"`,
      );
    }
    const unit = UNIT_MINUTES[match[2] ?? ""];
    if (unit === undefined) {
      throw new DurationError(`"${text}" has an unknown unit "${match[2]}": use s, min, h, d or w`);
    }
    total += Number(match[1]) * unit;
    position = PART.lastIndex;
    while (source[position] === " ") position++;
  }
  return total;
}

/** A compact human form: 90 → "1.5h", 2880 → "2d". */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return String(minutes);
  const abs = Math.abs(minutes);
  const round = (x: number) => String(Math.round(x * 100) / 100);
  if (abs >= DAY) return `${round(minutes / DAY)}d`;
  if (abs >= HOUR) return `${round(minutes / HOUR)}h`;
  return `${round(minutes)}min`;
}

export const minutesToHours = (minutes: number): number => minutes / HOUR;
export const minutesToDays = (minutes: number): number => minutes / DAY;
export const hoursToMinutes = (hours: number): number => hours * HOUR;
export const daysToMinutes = (days: number): number => days * DAY;

export const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/**
 * Wall-clock view of simulated time from a start date. Simulated local time has no daylight
 * saving jumps: a model day is always 1440 minutes, so weekly profiles repeat exactly.
 * Days of the week count from Monday = 0, as NHS weekly templates do.
 */
export class Calendar {
  readonly startDate: string;
  /** Minutes from Monday 00:00 of the start week to the simulation's time zero. */
  readonly startOffsetInWeek: number;
  private readonly startEpochMinutes: number;

  constructor(startDate = "2026-01-05T00:00") {
    const parsed = Date.parse(startDate.length <= 10 ? `${startDate}T00:00:00Z` : `${startDate}Z`);
    if (Number.isNaN(parsed))
      throw new RangeError(`start date "${startDate}" is not a date (use YYYY-MM-DD)`);
    this.startDate = startDate;
    this.startEpochMinutes = parsed / 60_000;
    const date = new Date(parsed);
    const mondayBased = (date.getUTCDay() + 6) % 7;
    this.startOffsetInWeek = mondayBased * DAY + date.getUTCHours() * HOUR + date.getUTCMinutes();
  }

  /** Minutes since Monday 00:00 of the current week, in [0, WEEK). */
  minuteOfWeek(time: number): number {
    const m = (this.startOffsetInWeek + time) % WEEK;
    return m < 0 ? m + WEEK : m;
  }

  /** 0 = Monday … 6 = Sunday. */
  dayOfWeek(time: number): number {
    return Math.floor(this.minuteOfWeek(time) / DAY);
  }

  /** 0–23. */
  hourOfDay(time: number): number {
    return Math.floor((this.minuteOfWeek(time) % DAY) / HOUR);
  }

  /** 0–167, Monday 00:00–01:00 is 0. */
  hourOfWeek(time: number): number {
    return Math.floor(this.minuteOfWeek(time) / HOUR);
  }

  /** Minutes into the current day, [0, 1440). */
  minuteOfDay(time: number): number {
    return this.minuteOfWeek(time) % DAY;
  }

  /** The next time ≥ `time` whose minute of the week is `minuteOfWeek`. */
  nextMinuteOfWeek(time: number, minuteOfWeek: number): number {
    const delta = (minuteOfWeek - this.minuteOfWeek(time) + WEEK) % WEEK;
    return time + delta;
  }

  /**
   * Days whose weekly patterns follow another weekday (a bank holiday run as a Sunday): keys are
   * day numbers (`dayNumber`), values 0 = Monday … 6 = Sunday. Only the `pattern…` views change.
   */
  followOtherWeekdays(days: ReadonlyMap<number, number>): void {
    this.patternDays = days.size > 0 ? days : null;
  }

  /** Days since 1970-01-01 of a simulated time (whole days of the model's wall clock). */
  dayNumber(time: number): number {
    return Math.floor((this.startEpochMinutes + time) / DAY);
  }

  /** The simulated time of 00:00 on a date "YYYY-MM-DD" (negative before the start). */
  timeOfDate(date: string): number {
    return Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 60_000 - this.startEpochMinutes;
  }

  /** The weekday whose weekly patterns apply at `time`: `dayOfWeek`, unless the day follows another. */
  patternDayOfWeek(time: number): number {
    if (this.patternDays === null) return this.dayOfWeek(time);
    return this.patternDays.get(this.dayNumber(time)) ?? this.dayOfWeek(time);
  }

  /** The hour of the week (0–167) whose weekly patterns apply at `time`. */
  patternHourOfWeek(time: number): number {
    if (this.patternDays === null) return this.hourOfWeek(time);
    const day = this.patternDays.get(this.dayNumber(time));
    return day === undefined ? this.hourOfWeek(time) : day * 24 + this.hourOfDay(time);
  }

  private patternDays: ReadonlyMap<number, number> | null = null;

  /** ISO date-time (no zone) of a simulated time, for reports. */
  toISO(time: number): string {
    return new Date((this.startEpochMinutes + time) * 60_000).toISOString().slice(0, 16);
  }
}
