/**
 * The elective waiting list in the stability verdict. A theatre scenario whose referrals outrun
 * the operations done is not in a steady state however calm its wards look: its patients pile up
 * on the list instead of in a bed, so its costs and bed figures fall because patients vanished
 * from them. Two checks, as for wards: offered load before the run (referrals a week against the
 * operations the lists can book a week) and growth during it (the list at the end against the
 * list at the start of the window, beyond what chance explains).
 */
import { fromSpec } from "../engine/distributions.js";
import type { Electives } from "../scenario/electives-schema.js";
import { whole } from "./words.js";

/** Referrals a week against the operations a specialty's lists can book a week. */
export interface ListLoad {
  specialty: string;
  referralsPerWeek: number;
  /**
   * Operations the week's sessions can do: what they book at the planned fill (at the referral
   * mix's mean booked time), or what fits once late starts and turnarounds are taken, if fewer.
   * Cancelled sessions, bank holidays and beds are not counted: the growth check sees those.
   */
  operationsPerWeek: number;
}

export function electiveListLoads(electives: Electives): ListLoad[] {
  const bySpecialty = new Map<
    string,
    { referrals: number; bookedMinutes: number; durationMinutes: number; sessionMinutes: number }
  >();
  const entry = (specialty: string) => {
    const found = bySpecialty.get(specialty) ?? {
      referrals: 0,
      bookedMinutes: 0,
      durationMinutes: 0,
      sessionMinutes: 0,
    };
    bySpecialty.set(specialty, found);
    return found;
  };
  for (const p of electives.procedures) {
    const e = entry(p.specialty);
    const booked = p.expectedDuration ?? fromSpec(p.duration).mean;
    e.referrals += p.referralsPerWeek;
    e.bookedMinutes += p.referralsPerWeek * booked;
    e.durationMinutes += p.referralsPerWeek * fromSpec(p.duration).mean;
  }
  for (const theatre of electives.theatres)
    for (const s of theatre.sessions) entry(s.specialty).sessionMinutes += s.to - s.from;
  const day = electives.onTheDay;
  const lateStart = fromSpec(day.lateStart).mean;
  const turnaround = fromSpec(day.turnaround).mean;
  const sessionsOf = (specialty: string) =>
    electives.theatres.reduce((n, t) => n + t.sessions.filter((s) => s.specialty === specialty).length, 0);
  const loads: ListLoad[] = [];
  for (const [specialty, e] of bySpecialty) {
    if (!(e.referrals > 0)) continue;
    const meanBooked = e.bookedMinutes / e.referrals;
    const booked = meanBooked > 0 ? (e.sessionMinutes * electives.booking.plannedFill) / meanBooked : 0;
    // Booked cases still have to fit: a late start takes time off each list, a turnaround follows each case.
    const sessions = sessionsOf(specialty);
    const open = e.sessionMinutes + sessions * (day.overrunTolerance - lateStart);
    const done = open > 0 ? open / (e.durationMinutes / e.referrals + turnaround) : 0;
    loads.push({ specialty, referralsPerWeek: e.referrals, operationsPerWeek: Math.min(booked, done) });
  }
  return loads;
}

/** The "growing:" warning for a list that grew, as ward queues have theirs; none otherwise. */
export function listGrowthWarnings(growth: ListGrowth | null, loads: readonly ListLoad[]): string[] {
  if (!growth?.grew) return [];
  return [
    `growing: ${describeListGrowth(growth, loads)}; ` +
      "referrals may exceed what the theatre lists can do (try more sessions, or look at why cases are cancelled)",
  ];
}

/** What the run saw of the elective waiting list (all specialties together). */
export interface ListGrowth {
  /** Patients waiting (on the list or booked, not yet operated on) at the start of the window. */
  atStart: number;
  atEnd: number;
  /** Referrals and operations in the window. */
  referrals: number;
  operations: number;
  weeks: number;
  /** Whether the list grew by more than chance explains (see listGrew). */
  grew: boolean;
}

/** Runs shorter than this many weekly counts are not judged by growth. */
const MIN_WEEKS = 8;

/**
 * A list in a steady state changes over the window by referrals − operations, a difference of
 * two counts each roughly Poisson, so its standard deviation is about √(referrals + operations).
 * Grown: up by at least three of those (and at least 20 patients, so a small list's jitter is not
 * a verdict), and longer over the window's last quarter than over its first (still rising, not a
 * single jump). A list being worked down from a backlog never passes.
 */
export function listGrowth(
  series: readonly { size: number }[],
  atEnd: number,
  referrals: number,
  operations: number,
): ListGrowth | null {
  if (series.length < MIN_WEEKS) return null;
  const atStart = series[0]!.size;
  const weeks = series.length;
  const quarter = Math.max(1, Math.floor(weeks / 4));
  const mean = (xs: readonly { size: number }[]) => xs.reduce((a, x) => a + x.size, 0) / xs.length;
  const chance = 3 * Math.sqrt(referrals + operations);
  const grew =
    atEnd - atStart >= Math.max(20, chance) && mean(series.slice(-quarter)) > mean(series.slice(0, quarter));
  return { atStart, atEnd, referrals, operations, weeks, grew };
}

function listName(loads: readonly ListLoad[]): string {
  return loads.length === 1 ? `the waiting list for ${loads[0]!.specialty}` : "the elective waiting list";
}

/** "ophthalmology: referrals 38 a week against 46 operations a week the lists can do (83%)". */
export function describeListLoad(l: ListLoad): string {
  if (!(l.operationsPerWeek > 0))
    return `${l.specialty}: referrals ${whole(l.referralsPerWeek)} a week and no theatre sessions to operate on them`;
  const percent = Math.round((100 * l.referralsPerWeek) / l.operationsPerWeek);
  return (
    `${l.specialty}: referrals ${whole(l.referralsPerWeek)} a week against ${whole(l.operationsPerWeek)} ` +
    `operations a week the lists can do (${percent}%)`
  );
}

/**
 * Plain words for a list that grew: "the waiting list for ophthalmology grew from 362 to 893 over
 * the run, with referrals 37 a week against 17 operations a week done" (no semicolon: the verdict
 * quotes a "growing:" warning up to its first one).
 */
export function describeListGrowth(growth: ListGrowth, loads: readonly ListLoad[]): string {
  const perWeek = (n: number) => whole(n / growth.weeks);
  return (
    `${listName(loads)} grew from ${whole(growth.atStart)} to ${whole(growth.atEnd)} over the run, with ` +
    `referrals ${perWeek(growth.referrals)} a week against ${perWeek(growth.operations)} operations a week done`
  );
}
