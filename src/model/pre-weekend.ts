/**
 * The pre-weekend push: on Friday's ward round the team looks ahead to patients whose treatment
 * would end before the weekend's second day (after Friday's round opens, by Saturday midnight)
 * and declares a share of them fit to go that Friday (weekend discharge planning: "who could go
 * today rather than tomorrow?"). Those due on Sunday are too far off to bring forward. The rest
 * become fit when their treatment ends and wait for the weekend team, or for Monday's.
 *
 * Two draws per final stage from its own stream whatever the outcome (whether the patient is
 * brought forward, and when in Friday's round), so a change to the share or the round moves no
 * other process's draws.
 */
import type { RandomStream } from "../engine/random.js";
import type { Calendar } from "../engine/time.js";
import { DAY } from "../engine/time.js";

const FRIDAY = 4;
/** How far ahead Friday's round looks: to Saturday midnight. */
const FRIDAY_TO_SUNDAY = 2 * DAY;

export class PreWeekendPush {
  private readonly calendar: Calendar;
  private readonly roundFrom: number;
  private readonly roundLength: number;
  private readonly share: number;
  private readonly stream: RandomStream;

  /** `roundFrom`/`roundTo` in minutes after midnight (a round within one day). */
  constructor(calendar: Calendar, roundFrom: number, roundTo: number, share: number, stream: RandomStream) {
    this.calendar = calendar;
    this.roundFrom = roundFrom;
    this.roundLength = Math.max(0, roundTo - roundFrom);
    this.share = share;
    this.stream = stream;
  }

  /**
   * When a final stage started at `now` ends: `end`, or a time in Friday's round when the
   * patient is in the ward for that round, would become fit after it opens and by Saturday
   * midnight, and is among the share brought forward.
   */
  endOfTreatment(now: number, end: number): number {
    const brought = this.stream.uniform() < this.share;
    const offset = this.stream.uniform() * this.roundLength;
    if (!brought) return end;
    const friday = this.nextFridayRound(now);
    const fridayMidnight = friday - this.roundFrom;
    if (end <= friday || end >= fridayMidnight + FRIDAY_TO_SUNDAY) return end;
    return Math.min(end, Math.max(now, friday + offset));
  }

  /** The opening of the first Friday round whose window has not closed by `now`. */
  private nextFridayRound(now: number): number {
    const startOfDay = now - this.calendar.minuteOfDay(now);
    const daysToFriday = (FRIDAY - this.calendar.dayOfWeek(now) + 7) % 7;
    const opening = startOfDay + daysToFriday * DAY + this.roundFrom;
    return now < opening + this.roundLength ? opening : opening + 7 * DAY;
  }
}
