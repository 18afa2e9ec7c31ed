/**
 * Dates as extracts write them: UK day-first ("31/01/2026", "31/01/2026 14:05", "31-01-2026") and
 * ISO ("2026-01-31", "2026-01-31T14:05:00", "2026-01-31 14:05"). A date is read as a wall-clock
 * time, in minutes since 1970-01-01 00:00, with no time zone: the extract's own clock is the
 * hospital's, and so is the simulation's.
 */

export interface ExtractTime {
  /** Minutes since 1970-01-01 00:00 (wall clock). */
  minutes: number;
  /** False when the text held a date only: the time of day is unknown. */
  hasTime: boolean;
}

const UK = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const MINUTES_PER_DAY = 24 * 60;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(
  year: number,
  month: number,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
): ExtractTime | undefined {
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  const days = Date.UTC(year, month - 1, day) / 86_400_000;
  if (hour === undefined) return { minutes: days * MINUTES_PER_DAY, hasTime: false };
  const h = Number(hour);
  const m = Number(minute);
  if (h > 23 || m > 59) return undefined;
  return { minutes: days * MINUTES_PER_DAY + h * 60 + m, hasTime: true };
}

/** A date, or a date and time; undefined when the text is not one (or is not a real day). */
export function parseExtractDate(text: string): ExtractTime | undefined {
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  if (iso) return build(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4], iso[5]);
  const uk = UK.exec(trimmed);
  if (uk) return build(Number(uk[3]), Number(uk[2]), Number(uk[1]), uk[4], uk[5]);
  return undefined;
}

/** Minutes after midnight of a time of day ("14:05", "14:05:30"); undefined when not one. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  const h = Number(match[1]);
  const m = Number(match[2]);
  return h > 23 || m > 59 ? undefined : h * 60 + m;
}

/** Monday 0 … Sunday 6 (1970-01-01 was a Thursday). */
export function weekdayOf(minutes: number): number {
  const day = Math.floor(minutes / MINUTES_PER_DAY);
  return (((day + 3) % 7) + 7) % 7;
}

export function hourOf(minutes: number): number {
  return Math.floor((((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY) / 60);
}

export function dayNumberOf(minutes: number): number {
  return Math.floor(minutes / MINUTES_PER_DAY);
}

/** "2026-01-31" for a day number (days since 1970-01-01). */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

/** The fitted scenario's run.start: the first Monday after the extract's day, carrying on where the data stops. */
export function runStartDay(extractDay: number): number {
  return extractDay + 1 + ((7 - ((extractDay + 1 + 3) % 7)) % 7);
}
