/**
 * A synthetic inpatient extract with known parameters (no real patients), for the fit's round
 * trip and for examples/data/. It deliberately does not share the fit's assumptions:
 * - the extract is taken while patients are still in: their discharge is blank (censored stays);
 * - a share of rows carry dates with no times (the fit reads them as midday);
 * - a group's stay can be a mixture of two distributions, which none of the fit's candidates is;
 * - dates are written UK day-first or ISO at random, and times sometimes in their own columns.
 * Arrivals are Poisson each day with weekday, hour-of-day and month shapes and optional growth
 * (applied continuously, where the fit assumes the same); stays are drawn with the
 * engine's own samplers, each group from its own random stream.
 */

import { type DistributionSpec, fromSpec } from "../engine/distributions.js";
import * as engineMath from "../engine/math.js";
import { RandomStream } from "../engine/random.js";
import { DAY } from "../engine/time.js";
import { isoDate } from "./dates.js";

export interface SyntheticGroup {
  group: string;
  ward: string;
  perDay: number;
  /** Monday … Sunday weights (mean 1). */
  dayOfWeek?: readonly number[];
  /** 24 hour-of-day weights. */
  hourOfDay?: readonly number[];
  /** Jan … Dec rate multipliers. */
  monthOfYear?: readonly number[];
  /** Annual growth (a share), compounding day by day from the first day: perDay is day 0's rate. */
  growthPerYear?: number;
  /** Stay in days: one distribution, or a mixture (weight of the first). */
  stay: DistributionSpec | { mixture: [DistributionSpec, DistributionSpec]; weight: number };
  /** Discharge pathway probabilities p0…p3. */
  pathways: readonly [number, number, number, number];
}

export interface SyntheticExtract {
  seed: number;
  /** First admission day, "YYYY-MM-DD". */
  start: string;
  days: number;
  groups: readonly SyntheticGroup[];
  /** Share of rows written with dates only (no times). */
  dateOnlyShare: number;
}

export const SYNTHETIC_HEADER = [
  "spell_id",
  "group",
  "ward",
  "admission_date",
  "admission_time",
  "discharge_date",
  "discharge_time",
  "pathway",
] as const;

/** Poisson by inversion, in pieces of mean ≤ 500 (a sum of Poissons is Poisson): e^−mean would
 * underflow past about 745. */
function poisson(rng: RandomStream, mean: number): number {
  let total = 0;
  for (let left = mean; left > 0; left -= 500) total += poissonSmall(rng, Math.min(left, 500));
  return total;
}

function poissonSmall(rng: RandomStream, mean: number): number {
  // Inversion by sequential search: O(mean), fine for daily counts.
  let k = 0;
  let p = engineMath.exp(-mean);
  let cumulative = p;
  const u = rng.uniform();
  while (u > cumulative && k < 10 * mean + 100) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

function pick(rng: RandomStream, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u <= 0) return i;
  }
  return weights.length - 1;
}

const two = (n: number): string => String(n).padStart(2, "0");

function formatDate(minutes: number, uk: boolean): string {
  const iso = isoDate(Math.floor(minutes / DAY));
  return uk ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;
}

function formatTime(minutes: number): string {
  const inDay = ((minutes % DAY) + DAY) % DAY;
  return `${two(Math.floor(inDay / 60))}:${two(Math.floor(inDay % 60))}`;
}

/** Rows as CSV lines (header first), lazily, so a file of any size can be written in constant memory. */
export function* syntheticExtractLines(spec: SyntheticExtract): Generator<string> {
  yield SYNTHETIC_HEADER.join(",");
  const startMinutes = (Date.parse(`${spec.start}T00:00:00Z`) / 60_000) | 0;
  const extractAt = startMinutes + spec.days * DAY;
  const layout = new RandomStream(`${spec.seed}:layout`, "layout");
  const streams = spec.groups.map((g) => ({
    arrivals: new RandomStream(`${spec.seed}:${g.group}:arrivals`, "arrivals"),
    stay: new RandomStream(`${spec.seed}:${g.group}:stay`, "stay"),
    pathway: new RandomStream(`${spec.seed}:${g.group}:pathway`, "pathway"),
    samplers:
      "mixture" in g.stay ? g.stay.mixture.map((s) => fromSpec(s)) : [fromSpec(g.stay as DistributionSpec)],
    weight: "mixture" in g.stay ? g.stay.weight : 1,
  }));
  let spell = 0;
  for (let day = 0; day < spec.days; day++) {
    const dayStart = startMinutes + day * DAY;
    const weekday = (day + ((Math.floor(startMinutes / DAY) + 3) % 7)) % 7;
    for (let gi = 0; gi < spec.groups.length; gi++) {
      const g = spec.groups[gi]!;
      const s = streams[gi]!;
      let mean = g.perDay * (g.dayOfWeek?.[weekday] ?? 1);
      if (g.monthOfYear) mean *= g.monthOfYear[new Date(dayStart * 60_000).getUTCMonth()]!;
      if (g.growthPerYear) mean *= engineMath.pow(1 + g.growthPerYear, day / 365.25);
      const count = poisson(s.arrivals, mean);
      for (let a = 0; a < count; a++) {
        const hour = g.hourOfDay ? pick(s.arrivals, g.hourOfDay) : Math.floor(s.arrivals.uniform() * 24);
        const admitted = dayStart + hour * 60 + Math.floor(s.arrivals.uniform() * 60);
        const first = s.stay.uniform() < s.weight;
        const stayDays = (first ? s.samplers[0]! : (s.samplers[1] ?? s.samplers[0]!)).sample(s.stay);
        const discharged = admitted + Math.round(stayDays * DAY);
        const pathway = pick(s.pathway, g.pathways);
        const dateOnly = layout.uniform() < spec.dateOnlyShare;
        const uk = layout.uniform() < 0.5;
        const open = discharged > extractAt;
        spell++;
        yield [
          `S${spell}`,
          g.group,
          g.ward,
          formatDate(admitted, uk),
          dateOnly ? "" : formatTime(admitted),
          open ? "" : formatDate(discharged, uk),
          open || dateOnly ? "" : formatTime(discharged),
          open ? "" : `P${pathway}`,
        ].join(",");
      }
    }
  }
}

/** The extract's date and time: the end of its last day. */
export function syntheticExtractTime(spec: SyntheticExtract): number {
  return (Date.parse(`${spec.start}T00:00:00Z`) / 60_000 + spec.days * DAY) | 0;
}
