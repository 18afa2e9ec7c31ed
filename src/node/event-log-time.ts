/**
 * Date-times for the event logs, made without a Date a line: the day's text is kept until the
 * day changes, and the time of day is two table look-ups (minute of the day, second of the
 * minute). Formatting dates was most of what a log line cost.
 */

const MINUTES_A_DAY = 1440;
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** "HH:MM:" for each minute of the day. */
const MINUTE_TEXT: readonly string[] = Array.from(
  { length: MINUTES_A_DAY },
  (_, m) => `${two(Math.floor(m / 60))}:${two(m % 60)}:`,
);
const SECOND_TEXT: readonly string[] = Array.from({ length: 60 }, (_, s) => two(s));

export class WallClock {
  private readonly startDay: number;
  private cachedDay = Number.NaN;
  private dayText = "";

  /** `start`: run.start (YYYY-MM-DD); `between`: what separates date and time ("T" or " "). */
  constructor(
    start: string,
    private readonly between: string,
  ) {
    this.startDay = Date.parse(`${start}T00:00:00Z`) / 86_400_000;
  }

  /** "2026-01-05 08:30:15" for `minutes` after run.start (seconds truncated, so never out of order). */
  format(minutes: number): string {
    const day = Math.floor(minutes / MINUTES_A_DAY);
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.dayText = `${new Date((this.startDay + day) * 86_400_000).toISOString().slice(0, 10)}${this.between}`;
    }
    // Clamped: a float a hair under midnight may divide into the next day.
    const seconds = Math.min(86_399, Math.max(0, Math.floor((minutes - day * MINUTES_A_DAY) * 60)));
    const minute = Math.floor(seconds / 60);
    return this.dayText + MINUTE_TEXT[minute]! + SECOND_TEXT[seconds - minute * 60]!;
  }
}

/**
 * The text of Math.round(minutes × 100) / 100 as JavaScript prints it, from whole hundredths:
 * integer formatting instead of the shortest-decimal search a float needs.
 */
export function hundredthsText(minutes: number): string {
  const hundredths = Math.round(minutes * 100);
  const whole = Math.floor(hundredths / 100);
  const rest = hundredths - whole * 100;
  if (rest === 0) return String(whole);
  if (rest % 10 === 0) return `${whole}.${rest / 10}`;
  return `${whole}.${rest < 10 ? "0" : ""}${rest}`;
}
