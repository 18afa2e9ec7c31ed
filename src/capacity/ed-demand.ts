/**
 * The emergency department in capacity matching: decisions to admit by hour of the week (the
 * ward demand ED adds to a patient group) and Erlang C for the cubicles.
 */
import { fromSpec } from "../engine/distributions.js";
import { DAY, HOUR } from "../engine/time.js";
import { hourOfWeekFactors } from "../model/group.js";
import { erlangC, mmcMeanWait } from "../queueing/index.js";
import { ED_MODES, type Ed } from "../scenario/ed-schema.js";

const HOURS_PER_WEEK = 168;
/** Far beyond any emergency department (10,000 cubicles busy); keeps the search's work bounded. */
const MAX_SEARCHED_LOAD = 10_000;

/**
 * Decisions to admit a minute into `groupId`, by hour of the week: each mode's arrivals times its
 * admitted share, shifted later by the mean time to a decision (triage and treatment), before
 * anyone leaves (an upper bound). All zeros without an ED.
 */
export function edAdmissionRates(ed: Ed | undefined, groupId: string): number[] {
  const out = new Array<number>(HOURS_PER_WEEK).fill(0);
  if (ed === undefined) return out;
  const toDecision =
    (ed.triage ? fromSpec(ed.triage.duration).mean : 0) + fromSpec(ed.treatment.duration).mean;
  const shift = Math.round(toDecision / HOUR);
  for (const [key] of ED_MODES) {
    const mode = ed.arrivals[key];
    if (mode === undefined || mode.admitTo !== groupId) continue;
    const o = mode.outcomes;
    const perMinute = (mode.perDay * o.admit) / (o.home + o.sdec + o.admit) / DAY;
    const factors = hourOfWeekFactors(mode.hourOfDay, mode.dayOfWeek);
    for (let h = 0; h < HOURS_PER_WEEK; h++) out[(h + shift) % HOURS_PER_WEEK]! += perMinute * factors[h]!;
  }
  return out;
}

export interface CubicleMatch {
  attendancesPerDay: number;
  /** Cubicle-hours of treatment offered a day ÷ 24: the cubicles busy on average, boarding aside. */
  offeredLoad: number;
  cubicles: number;
  /** Erlang C at the scenario's cubicles: P(wait) and mean wait in hours; null when overloaded. */
  probabilityOfWaiting: number | null;
  meanWaitHours: number | null;
  /**
   * Fewest cubicles for which under 20% wait (stationary M/M/c, boarding and reneging aside);
   * null when the load is beyond any department (the search is bounded, not the input).
   */
  cubiclesForTwentyPercentWaiting: number | null;
}

/**
 * Erlang C for the cubicles at the daily mean rate: treatment only (boarders hold cubicles too,
 * and patients who leave relieve them), so it is the floor the department needs, not the answer.
 */
export function matchCubicles(ed: Ed): CubicleMatch {
  let perDay = 0;
  for (const [key] of ED_MODES) perDay += ed.arrivals[key]?.perDay ?? 0;
  const treatmentHours = fromSpec(ed.treatment.duration).mean / HOUR;
  const lambda = perDay / 24;
  const mu = treatmentHours > 0 ? 1 / treatmentHours : Number.POSITIVE_INFINITY;
  const load = lambda * treatmentHours;
  const c = ed.cubicles;
  const stable = c > load && Number.isFinite(mu);
  const searchable = Number.isFinite(mu) && load <= MAX_SEARCHED_LOAD;
  let needed = Math.max(1, Math.floor(load) + 1);
  while (searchable && erlangC(needed, load) >= 0.2) needed++;
  return {
    attendancesPerDay: perDay,
    offeredLoad: load,
    cubicles: c,
    probabilityOfWaiting: stable ? erlangC(c, load) : null,
    meanWaitHours: stable ? mmcMeanWait(lambda, mu, c) : null,
    cubiclesForTwentyPercentWaiting: searchable ? needed : null,
  };
}
