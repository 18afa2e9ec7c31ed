/**
 * When something that needs the ward's daytime team can happen: a discharge within discharge
 * hours, or a medically-fit decision on the ward round. At weekends only a share of it happens
 * (`weekendRate`, the weekend share of the weekday rate), drawn from its own stream:
 * - `weekendDraw: "daily"`: a patient not seen on Saturday tries again on Sunday, and goes on
 *   Monday at the latest (one draw per patient per weekend day);
 * - `weekendDraw: "once"`: the weekend team sees its share of those who become ready, once; the
 *   rest wait for Monday's team (one draw per patient per weekend). Sunday then takes no
 *   leftovers from Saturday, which is why Saturday runs at or above Sunday.
 * Without `hourWeights`, those who wait for the day's opening go the minute it opens; with them,
 * at a time drawn from the weights of the hours inside the window (one draw, its own stream),
 * as a ward spreads its morning's discharges through the day.
 */
import type { RandomStream } from "../engine/random.js";
import type { Calendar } from "../engine/time.js";
import { DAY, HOUR } from "../engine/time.js";

export type WeekendDraw = "daily" | "once";

export interface TimingOptions {
  weekendDraw?: WeekendDraw;
  /** Weights of the 24 hours of the day for a wait that ends at the day's opening. */
  hourWeights?: readonly number[];
  hourStream?: RandomStream;
}

/** A stretch of the window, from `start` minutes after its opening, `length` minutes long. */
interface Slice {
  start: number;
  length: number;
  /** Cumulative share of the weights up to the end of this slice. */
  upTo: number;
}

export class DischargeTiming {
  private readonly calendar: Calendar;
  private readonly from: number;
  private readonly to: number;
  private readonly weekendRate: number;
  private readonly stream: RandomStream;
  private readonly weekendDraw: WeekendDraw;
  private readonly slices: Slice[] | null;
  private readonly hourStream: RandomStream | null;
  readonly alwaysOpen: boolean;

  constructor(
    calendar: Calendar,
    from: number,
    to: number,
    weekendRate: number,
    stream: RandomStream,
    options: TimingOptions = {},
  ) {
    this.calendar = calendar;
    this.from = from;
    this.to = to;
    this.weekendRate = weekendRate;
    this.stream = stream;
    this.alwaysOpen = (from === 0 && to === DAY) || from === to;
    this.weekendDraw = options.weekendDraw ?? "daily";
    this.slices = options.hourWeights === undefined ? null : this.slicesOf(options.hourWeights);
    this.hourStream = options.hourStream ?? null;
    if (this.slices !== null && this.hourStream === null) throw new Error("hourWeights need an hourStream");
  }

  isOpenAt(time: number): boolean {
    if (this.alwaysOpen) return true;
    const m = this.calendar.minuteOfDay(time);
    return this.from < this.to ? m >= this.from && m < this.to : m >= this.from || m < this.to;
  }

  /** The earliest time ≥ `time` at which a patient ready at `time` goes. */
  next(time: number): number {
    let t = time;
    let waitingForWeekday = false;
    // Weekends are at most two days, so a handful of steps always finds a weekday opening.
    for (let step = 0; step < 16; step++) {
      if (!this.isOpenAt(t)) {
        t = this.spread(this.nextOpening(t));
        continue;
      }
      if (this.weekendRate >= 1 || this.calendar.patternDayOfWeek(t) < 5) return t;
      if (!waitingForWeekday) {
        if (this.stream.uniform() < this.weekendRate) return t;
        if (this.weekendDraw === "once") waitingForWeekday = true;
      }
      // Not today: the next day's first opening.
      const startOfDay = t - this.calendar.minuteOfDay(t);
      t = this.spread(startOfDay + DAY + (this.alwaysOpen ? 0 : this.from));
    }
    return t;
  }

  private nextOpening(t: number): number {
    const m = this.calendar.minuteOfDay(t);
    return m < this.from ? t + (this.from - m) : t + (DAY - m) + this.from;
  }

  /** A time in the window opening at `opening`, drawn from the hour weights (or the opening). */
  private spread(opening: number): number {
    const slices = this.slices;
    if (slices === null) return opening;
    const u = this.hourStream!.uniform();
    let before = 0;
    for (const slice of slices) {
      if (u < slice.upTo)
        return opening + slice.start + (slice.length * (u - before)) / (slice.upTo - before);
      before = slice.upTo;
    }
    const last = slices[slices.length - 1]!;
    return opening + last.start;
  }

  /** The window cut at the hours of the clock, each piece weighted by its hour's share of it. */
  private slicesOf(hourWeights: readonly number[]): Slice[] {
    const opening = this.alwaysOpen ? 0 : this.from;
    const windowLength = this.alwaysOpen ? DAY : (this.to - this.from + DAY) % DAY;
    const pieces: { start: number; length: number; weight: number }[] = [];
    for (let start = 0; start < windowLength; ) {
      const minute = (opening + start) % DAY;
      const hour = Math.floor(minute / HOUR);
      const length = Math.min(HOUR - (minute % HOUR), windowLength - start);
      const weight = ((hourWeights[hour] ?? 0) * length) / HOUR;
      if (weight > 0) pieces.push({ start, length, weight });
      start += length;
    }
    const total = pieces.reduce((sum, p) => sum + p.weight, 0);
    if (total <= 0) throw new Error("hourWeights give no weight to any hour inside the window");
    let upTo = 0;
    return pieces.map((p) => {
      upTo += p.weight / total;
      return { start: p.start, length: p.length, upTo };
    });
  }
}
