/**
 * The fitted scenario as YAML text. What came from the extract says how many rows it rests on;
 * everything the extract cannot tell (beds, community services, assessment, costs, run length) is
 * a documented default marked `# assumed`, for the analyst to replace.
 */

import { MAX_DEMAND_MULTIPLIER } from "../scenario/calendar-schema.js";
import { dayNumberOf, isoDate, runStartDay } from "./dates.js";
import type { FittedExtract, FittedGroup } from "./fit.js";
import { idOf, SMALL_NUMBER } from "./fit.js";
import type { CandidateFit } from "./los.js";
import { MONTHS_NEED_DAYS, TREND_NEEDS_DAYS } from "./seasonality.js";

/** Beds are sized for this mean occupancy from Little's law (arrivals a day × mean stay). */
export const ASSUMED_OCCUPANCY = 0.85;
/** A stay for a group none of whose stays had finished. */
export const ASSUMED_STAY_DAYS = 5;
const ASSUMED_STAY = `${ASSUMED_STAY_DAYS}d`;

const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));
const days = (x: number): string => `${round(x, 4)}d`;
/** A count as it may be published: 1–4 suppressed as "<5" (NHS small-number rules). */
export const shown = (n: number): string =>
  n > 0 && n < SMALL_NUMBER ? `<${SMALL_NUMBER}` : String(Math.round(n));

/** The distribution written for a group's stay, and a comment saying where it came from. */
export function stayYaml(group: FittedGroup): { yaml: string; comment: string } {
  const fit = group.stay;
  if (!fit)
    return {
      yaml: ASSUMED_STAY,
      comment: `assumed: fewer than 2 of ${shown(group.spells)} stays had finished`,
    };
  const best = fit.candidates[0]!;
  const basis = `${shown(fit.finished)} finished + ${shown(fit.censored)} still open`;
  if (!fit.fits) {
    return {
      yaml: `{ dist: empirical, points: [${fit.empiricalPoints.map(days).join(", ")}] }`,
      comment: `empirical (Kaplan–Meier quantiles 0.5%–99.5%): no candidate fits (best by AIC ${best.family}, KS ${round(best.ks, 3)} > ${round(fit.ksLimit, 3)}); ${basis}`,
    };
  }
  return { yaml: candidateYaml(best), comment: `${best.family} by AIC, KS ${round(best.ks, 3)}; ${basis}` };
}

/** Mean of the stay written to the scenario (days), as the simulation will sample it. */
export function writtenMeanStay(group: FittedGroup): number {
  const fit = group.stay;
  if (!fit) return ASSUMED_STAY_DAYS;
  if (fit.fits) return fit.candidates[0]!.mean;
  // The empirical sampler is piecewise linear between equally likely points: the mean of the midpoints.
  const p = fit.empiricalPoints;
  let sum = 0;
  for (let i = 0; i + 1 < p.length; i++) sum += (p[i]! + p[i + 1]!) / 2;
  return sum / (p.length - 1);
}

export function candidateYaml(fit: CandidateFit): string {
  switch (fit.family) {
    case "lognormal":
      return `{ dist: lognormal, mean: ${days(fit.mean)}, sd: ${days(fit.sd)} }`;
    case "gamma":
      return `{ dist: gamma, mean: ${days(fit.mean)}, shape: ${round(fit.parameters.shape!)} }`;
    case "weibull":
      return `{ dist: weibull, shape: ${round(fit.parameters.shape!)}, scale: ${days(fit.parameters.scale!)} }`;
    case "exponential":
      return `{ dist: exponential, mean: ${days(fit.mean)} }`;
  }
}

const list = (values: readonly number[]): string => `[${values.map((v) => round(v, 3)).join(", ")}]`;

function pathwaysYaml(group: FittedGroup): string {
  if (!group.pathways)
    return "dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 } # assumed: no discharge had a pathway";
  const [, p1, p2, p3] = group.pathways.map((p) => round(p, 4)) as [number, number, number, number];
  const p0 = round(1 - p1 - p2 - p3, 10);
  const counted = group.pathwayCounts.slice(0, 4).reduce((a, b) => a + b, 0);
  return `dischargePathways: { p0: ${p0}, p1: ${p1}, p2: ${p2}, p3: ${p3} } # from ${shown(counted)} discharges with a pathway`;
}

function wardsYaml(fitted: FittedExtract): string[] {
  const wards = [...new Set(fitted.groups.map((g) => g.ward))];
  return wards.flatMap((ward) => {
    const load = fitted.groups
      .filter((g) => g.ward === ward)
      .reduce((sum, g) => sum + g.perDay * writtenMeanStay(g), 0);
    return [
      `  - id: ${JSON.stringify(idOf(ward))}`,
      `    name: ${JSON.stringify(ward)}`,
      `    beds: ${Math.max(1, Math.ceil(load / ASSUMED_OCCUPANCY))} # assumed: mean occupancy ${round(load, 3)} (arrivals × mean stay) at ${ASSUMED_OCCUPANCY * 100}%`,
    ];
  });
}

function groupYaml(group: FittedGroup): string[] {
  const stay = stayYaml(group);
  return [
    `  - id: ${JSON.stringify(group.id)}`,
    `    name: ${JSON.stringify(group.group === group.ward ? group.group : `${group.group} on ${group.ward}`)}`,
    "    arrivals:",
    `      perDay: ${round(group.perDayAtStart, 5)} # from ${shown(group.spells)} spells${group.perDayAtStart === group.perDay ? "" : ", carried on by the trend to run.start"}`,
    group.hourOfDay
      ? `      hourOfDay: ${list(group.hourOfDay)} # from ${shown(group.timedAdmissions)} timed admissions`
      : "      # hourOfDay: too few admissions had a time; spread evenly over the day (assumed)",
    `      dayOfWeek: ${list(group.dayOfWeek)}`,
    "    stages:",
    `      - ward: ${JSON.stringify(idOf(group.ward))}`,
    `        los: ${stay.yaml} # ${stay.comment}`,
    `    ${pathwaysYaml(group)}`,
  ];
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Month multipliers per group and the pooled growth, when the extract is long enough for them. */
function calendarYaml(fitted: FittedExtract): string[] {
  const withMonths = fitted.groups.filter((g) => g.monthMultipliers);
  const span = `the extract covers ${fitted.days} days`;
  if (withMonths.length === 0 && fitted.growth === undefined)
    return [
      `# calendar: not written: ${span}; month multipliers need ${MONTHS_NEED_DAYS} days, a trend ${TREND_NEEDS_DAYS}`,
    ];
  const growth =
    fitted.growth === undefined
      ? `  growth: 0 # not estimated: ${span}, a trend needs ${TREND_NEEDS_DAYS} (one year's rise cannot be told from its season)`
      : `  growth: ${round(fitted.growth, 3)} # log-linear trend of all groups' admissions over ${fitted.days} days, with month effects`;
  return [
    "calendar:",
    "  bankHolidays: { region: england-and-wales, treatAs: sun } # assumed",
    growth,
    "  demand: # month multipliers per group: admissions a day in the month ÷ the mean, weighting months by the extract's days in them",
    ...withMonths.flatMap((g) =>
      g.monthMultipliers!.map(
        (m, k) =>
          `    - { months: [${MONTHS[k]}], multiplier: ${round(Math.min(m, MAX_DEMAND_MULTIPLIER), 3)}, groups: [${JSON.stringify(g.id)}] }`,
      ),
    ),
  ];
}

const ASSUMED_TAIL = `
community: # assumed: none of this is in an extract of inpatient spells; sized generously so discharges are not held up
  - { id: home-care, kind: caseload, capacity: 10000, lengthOfSupport: { dist: lognormal, mean: 18d, median: 9d } } # assumed
  - { id: rehab-beds, kind: beds, capacity: 10000, lengthOfSupport: { dist: lognormal, mean: 43d, median: 34d } } # assumed
  - { id: care-homes, kind: beds, capacity: 10000, lengthOfSupport: { dist: lognormal, mean: 59d, median: 50d } } # assumed

discharge:
  policy: standard # assumed
  standard:
    assessment: { assessors: 10000, duration: 0min } # assumed: the fitted stays already end at discharge
    services: { p1: home-care, p2: rehab-beds, p3: care-homes } # assumed
  d2a:
    assessment: { assessors: 10000, duration: 0min } # assumed
    services: { p1: home-care, p2: rehab-beds, p3: care-homes } # assumed
`;

/** The scenario file for a fitted extract (it always has at least one group). */
export function scenarioYaml(fitted: FittedExtract, sourceName: string): string {
  const extractDay = dayNumberOf(fitted.reduced.extractTime);
  const start = runStartDay(extractDay);
  const stayBasis = fitted.reduced.hasMedicallyFit ? "admission to medically fit" : "admission to discharge";
  return [
    `# careflow scenario fitted by \`careflow fit\` from ${JSON.stringify(sourceName)}:`,
    `# ${shown(fitted.reduced.rowsUsed)} spells admitted ${isoDate(fitted.reduced.firstAdmissionDay)} to ${isoDate(fitted.reduced.lastAdmissionDay)}, extract taken ${isoDate(extractDay)}.`,
    `# Stays are ${stayBasis}. Lines marked "# assumed" are defaults, not data: replace them.`,
    `name: ${JSON.stringify(`Fitted from ${sourceName}`)}`,
    "seed: 1 # assumed",
    "",
    "run:",
    `  start: "${isoDate(start)}" # the first Monday after the extract`,
    "  warmup: 60d # assumed",
    "  horizon: 365d # assumed",
    "",
    "wards:",
    ...wardsYaml(fitted),
    "",
    "groups:",
    ...fitted.groups.flatMap(groupYaml),
    "",
    ...calendarYaml(fitted),
    ASSUMED_TAIL,
  ].join("\n");
}
