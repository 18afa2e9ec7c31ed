/**
 * When a patient ready to go can actually leave: only within discharge hours, and at weekends
 * only at a reduced rate. A patient ready on a Saturday leaves that day with probability
 * `weekendRate` (the share of the weekday rate achieved), otherwise tries again on Sunday, and
 * leaves on Monday at the latest. One draw per patient per weekend day, from its own stream.
 */
import type { RandomStream } from "../engine/random.js";
import type { Calendar } from "../engine/time.js";
import { DAY } from "../engine/time.js";

export class DischargeTiming {
  private readonly calendar: Calendar;
  private readonly from: number;
  private readonly to: number;
  private readonly weekendRate: number;
  private readonly stream: RandomStream;
  readonly alwaysOpen: boolean;

  constructor(calendar: Calendar, from: number, to: number, weekendRate: number, stream: RandomStream) {
    this.calendar = calendar;
    this.from = from;
    this.to = to;
    this.weekendRate = weekendRate;
    this.stream = stream;
    this.alwaysOpen = (from === 0 && to === DAY) || from === to;
  }

  isOpenAt(time: number): boolean {
    if (this.alwaysOpen) return true;
    const m = this.calendar.minuteOfDay(time);
    return this.from < this.to ? m >= this.from && m < this.to : m >= this.from || m < this.to;
  }

  /** The earliest time ≥ `time` at which a patient ready at `time` leaves. */
  next(time: number): number {
    let t = time;
    // Weekends are at most two days, so a handful of steps always finds a weekday opening.
    for (let step = 0; step < 16; step++) {
      if (!this.isOpenAt(t)) {
        t = this.nextOpening(t);
        continue;
      }
      if (this.weekendRate >= 1 || this.calendar.dayOfWeek(t) < 5) return t;
      if (this.stream.uniform() < this.weekendRate) return t;
      // Not today: the next day's first opening.
      const startOfDay = t - this.calendar.minuteOfDay(t);
      t = startOfDay + DAY + (this.alwaysOpen ? 0 : this.from);
    }
    return t;
  }

  private nextOpening(t: number): number {
    const m = this.calendar.minuteOfDay(t);
    return m < this.from ? t + (this.from - m) : t + (DAY - m) + this.from;
  }
}
