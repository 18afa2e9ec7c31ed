/**
 * Date-times and times for the event logs, made without a Date a line: the day's text is kept
 * until the day changes, and the time of day is digits of whole numbers.
 */
import { type BlockFile, utf8 } from "./block-file.js";

const MINUTES_A_DAY = 1440;
const COLON = utf8(":");

export class WallClock {
  private readonly startDay: number;
  private cachedDay = Number.NaN;
  private dayBytes: Uint8Array = new Uint8Array(0);
  private dayText = "";

  /** `start`: run.start (YYYY-MM-DD); `between`: what separates date and time ("T" or " "). */
  constructor(
    start: string,
    private readonly between: string,
  ) {
    this.startDay = Date.parse(`${start}T00:00:00Z`) / 86_400_000;
  }

  private day(minutes: number): number {
    const day = Math.floor(minutes / MINUTES_A_DAY);
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.dayText = `${new Date((this.startDay + day) * 86_400_000).toISOString().slice(0, 10)}${this.between}`;
      this.dayBytes = utf8(this.dayText);
    }
    return day;
  }

  /** Seconds into the day, truncated (so never out of order), clamped: a float a hair under midnight may divide into the next day. */
  private secondOfDay(minutes: number, day: number): number {
    return Math.min(86_399, Math.max(0, Math.floor((minutes - day * MINUTES_A_DAY) * 60)));
  }

  /** "2026-01-05 08:30:15" for `minutes` after run.start. */
  format(minutes: number): string {
    const seconds = this.secondOfDay(minutes, this.day(minutes));
    const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
    return `${this.dayText}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  }

  /** The same text written into a block; reserve 20 bytes first. */
  write(file: BlockFile, minutes: number): void {
    const seconds = this.secondOfDay(minutes, this.day(minutes));
    const hours = Math.floor(seconds / 3600);
    const minute = Math.floor(seconds / 60) - hours * 60;
    file.bytes(this.dayBytes);
    file.twoDigits(hours);
    file.bytes(COLON);
    file.twoDigits(minute);
    file.bytes(COLON);
    file.twoDigits(seconds - hours * 3600 - minute * 60);
  }
}

const DOT = utf8(".");
const DOT_ZERO = utf8(".0");

/**
 * Math.round(minutes × 100) / 100 as JavaScript prints it ("12", "12.5", "12.05"), from whole
 * hundredths: integer digits instead of the shortest-decimal search a float needs.
 */
export function writeHundredths(file: BlockFile, minutes: number): void {
  const hundredths = Math.round(minutes * 100);
  const whole = Math.floor(hundredths / 100);
  const rest = hundredths - whole * 100;
  file.integer(whole);
  if (rest === 0) return;
  if (rest % 10 === 0) {
    file.bytes(DOT);
    file.integer(rest / 10);
  } else {
    file.bytes(rest < 10 ? DOT_ZERO : DOT);
    file.integer(rest);
  }
}
