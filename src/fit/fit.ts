/**
 * From a reduced extract to fitted groups: arrival rates and profiles, a length-of-stay fit,
 * pathway shares and discharge timing for each (group, ward) of the extract. Groups with fewer
 * than 5 spells are left out of everything written (NHS small-number rules): their rows are
 * counted among the skipped.
 */
import { exp } from "../engine/math.js";
import { dayNumberOf, runStartDay } from "./dates.js";
import { fitStays, type StayFit } from "./los.js";
import type { GroupTally, ReducedExtract } from "./reduce.js";
import { fitLogGrowth, MONTHS_NEED_DAYS, seasonality, TREND_NEEDS_DAYS } from "./seasonality.js";

/** Counts below this are shown as "<5" and groups this small are not modelled. */
export const SMALL_NUMBER = 5;
/** Below this share of timed stays a group's fit also uses date-only stays (read as midday). */
export const TIMED_SHARE_NEEDED = 0.5;
/** Hour-of-day shapes need this many timed admissions, else admissions are spread evenly (assumed). */
export const HOURLY_PROFILE_MINIMUM = 24 * SMALL_NUMBER;

export interface FittedGroup {
  id: string;
  group: string;
  ward: string;
  spells: number;
  perDay: number;
  /** Monday … Sunday, mean 1. */
  dayOfWeek: number[];
  /** 24 weights, mean 1; undefined when too few admissions had a time. */
  hourOfDay: number[] | undefined;
  timedAdmissions: number;
  admissionsByMonth: [string, number][];
  /** Jan … Dec demand multipliers (mean 1 over the extract's days); undefined under a year of data. */
  monthMultipliers: number[] | undefined;
  /** Admissions a day at the fitted run's start, before month multipliers: perDay carried on by the trend. */
  perDayAtStart: number;
  /** This group's own annual growth (a share), for the report; undefined under two years of data. */
  ownGrowth: number | undefined;
  /** Undefined when fewer than 2 stays had finished. */
  stay: StayFit | undefined;
  /** Whether the stay fit used date-only stays read as midday. */
  stayUsesDateOnly: boolean;
  /** p0…p3, from discharges with a readable pathway; undefined when there were none. */
  pathways: [number, number, number, number] | undefined;
  pathwayCounts: number[];
  dischargesByHour: number[];
  dischargesByWeekday: number[];
  /** Mean days from medically fit to discharge per pathway (NaN where none). */
  fitToDischarge: number[];
  fitToDischargeCounts: number[];
}

export interface FittedExtract {
  groups: FittedGroup[];
  reduced: ReducedExtract;
  /** Days from the first to the last admission day, both counted. */
  days: number;
  /** Rows in groups too small to model. */
  rowsInSmallGroups: number;
  /** Annual growth of all groups' admissions together (a share); undefined under two years of data. */
  growth: number | undefined;
}

export const idOf = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "") || "group";

function uniqueIds(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = idOf(name);
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
    used.add(id);
    return id;
  });
}

function toMeanOne(values: ArrayLike<number>): number[] {
  const list = Array.from(values);
  const mean = list.reduce((a, b) => a + b, 0) / list.length;
  return list.map((v) => (mean > 0 ? v / mean : 1));
}

/** How many Mondays … Sundays the days [first, last] hold. */
function weekdaysIn(first: number, last: number): number[] {
  const counts = new Array<number>(7).fill(0);
  for (let day = first; day <= last; day++) counts[(((day + 3) % 7) + 7) % 7]!++;
  return counts;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function stayFor(
  tally: GroupTally,
  extractTime: number,
): { fit: StayFit | undefined; usesDateOnly: boolean } {
  const timed = tally.finishedTimed.length + tally.openTimed.length;
  const usesDateOnly = timed < TIMED_SHARE_NEEDED * tally.spells;
  const finished = usesDateOnly
    ? concat(tally.finishedTimed.values(), tally.finishedDated.values())
    : tally.finishedTimed.values();
  const openSince = usesDateOnly
    ? concat(tally.openTimed.values(), tally.openDated.values())
    : tally.openTimed.values();
  const censored = openSince.map((admitted) => Math.max(0, extractTime - admitted) / (24 * 60));
  return { fit: finished.length >= 2 ? fitStays(finished, censored) : undefined, usesDateOnly };
}

export function fitExtract(reduced: ReducedExtract): FittedExtract {
  const kept = reduced.groups.filter((g) => g.spells >= SMALL_NUMBER);
  const rowsInSmallGroups = reduced.groups
    .filter((g) => g.spells < SMALL_NUMBER)
    .reduce((a, g) => a + g.spells, 0);
  const days = kept.length === 0 ? 0 : reduced.lastAdmissionDay - reduced.firstAdmissionDay + 1;
  const weekdays = days > 0 ? weekdaysIn(reduced.firstAdmissionDay, reduced.lastAdmissionDay) : [];
  const first = reduced.firstAdmissionDay;
  const last = reduced.lastAdmissionDay;
  const trend = days >= TREND_NEEDS_DAYS;
  const pooled = new Map<string, number>();
  for (const g of kept)
    for (const [month, n] of g.admissionsByMonth) pooled.set(month, (pooled.get(month) ?? 0) + n);
  // The scenario has one growth for every group: the pooled trend, which each group's level follows.
  const logGrowth = trend ? fitLogGrowth(pooled, first, last) : 0;
  const startDay = runStartDay(dayNumberOf(reduced.extractTime));
  const ids = uniqueIds(kept.map((g) => (g.group === g.ward ? g.group : `${g.group}-${g.ward}`)));
  const groups = kept.map((tally, index): FittedGroup => {
    const { fit, usesDateOnly } = stayFor(tally, reduced.extractTime);
    const known = Array.from(tally.pathways.subarray(0, 4));
    const knownTotal = known.reduce((a, b) => a + b, 0);
    const timedAdmissions = tally.admissionsByHour.reduce((a, b) => a + b, 0);
    const season =
      days >= MONTHS_NEED_DAYS || trend
        ? seasonality(tally.admissionsByMonth, first, last, logGrowth, startDay)
        : undefined;
    return {
      id: ids[index]!,
      group: tally.group,
      ward: tally.ward,
      spells: tally.spells,
      perDay: tally.spells / days,
      dayOfWeek: toMeanOne(
        Array.from(tally.admissionsByWeekday, (n, d) => (weekdays[d]! > 0 ? n / weekdays[d]! : 0)),
      ),
      hourOfDay: timedAdmissions >= HOURLY_PROFILE_MINIMUM ? toMeanOne(tally.admissionsByHour) : undefined,
      timedAdmissions,
      admissionsByMonth: [...tally.admissionsByMonth.entries()].sort(([a], [b]) => a.localeCompare(b)),
      monthMultipliers: season?.months,
      perDayAtStart: season?.perDay ?? tally.spells / days,
      ownGrowth: trend ? exp(fitLogGrowth(tally.admissionsByMonth, first, last)) - 1 : undefined,
      stay: fit,
      stayUsesDateOnly: usesDateOnly,
      pathways:
        knownTotal > 0 ? (known.map((n) => n / knownTotal) as [number, number, number, number]) : undefined,
      pathwayCounts: Array.from(tally.pathways),
      dischargesByHour: Array.from(tally.dischargesByHour),
      dischargesByWeekday: Array.from(tally.dischargesByWeekday),
      fitToDischarge: Array.from(tally.fitToDischargeSum, (s, p) => s / tally.fitToDischargeCount[p]!),
      fitToDischargeCounts: Array.from(tally.fitToDischargeCount),
    };
  });
  return { groups, reduced, days, rowsInSmallGroups, growth: trend ? exp(logGrowth) - 1 : undefined };
}
