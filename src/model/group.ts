/** A patient group compiled for the run: its arrival rate function, stages and pathway split. */
import { ThinnedPoissonProcess } from "../engine/arrivals.js";
import { type Distribution, fromSpec } from "../engine/distributions.js";
import { PiecewiseThinnedPoissonProcess } from "../engine/piecewise-arrivals.js";
import type { RandomStream } from "../engine/random.js";
import type { Simulation } from "../engine/simulation.js";
import { DAY, HOUR } from "../engine/time.js";
import type { CalendarInputs } from "../scenario/calendar-schema.js";
import type { Group } from "../scenario/schema.js";
import { ActivationModel } from "./activation.js";
import { calendarArrivalRate } from "./calendar-inputs.js";
import type { WardModel } from "./ward.js";

export interface StageModel {
  ward: WardModel;
  los: Distribution;
  losStream: RandomStream;
}

export class GroupModel {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  readonly stages: StageModel[];
  /** Cumulative probabilities of pathways 0..3. */
  private readonly pathwayCumulative: Float64Array;
  readonly pathwayStream: RandomStream;
  readonly arrivals: ThinnedPoissonProcess | PiecewiseThinnedPoissonProcess;
  /** Mean arrivals a minute, and the hour-of-week rate multipliers (mean 1). */
  readonly meanRatePerMinute: number;
  readonly hourOfWeekFactor: Float64Array;
  readonly readmission: { standard: number[]; d2a: number[] };
  /** Whether a patient is readmitted, and (each its own source) when and on which pathway. */
  readonly readmissionStream: RandomStream;
  readonly readmissionTimeStream: RandomStream;
  readonly readmissionPathwayStream: RandomStream;
  /** Patient activation, when the scenario gives it for this group. */
  readonly activation: ActivationModel | null;

  constructor(
    sim: Simulation,
    index: number,
    group: Group,
    wards: Map<string, WardModel>,
    calendarInputs?: { inputs: CalendarInputs; end: number },
  ) {
    this.index = index;
    this.id = group.id;
    this.name = group.name ?? group.id;
    this.priority = group.priority;
    this.stages = group.stages.map((stage, i) => ({
      ward: wards.get(stage.ward)!,
      los: fromSpec(stage.los),
      losStream: sim.random.get(`los/${group.id}/${i}`),
    }));
    const split = group.dischargePathways;
    const p = [split.p0, split.p1, split.p2, split.p3];
    const total = p.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.pathwayCumulative = Float64Array.from(p, (x) => (acc += x / total));
    this.pathwayStream = sim.random.get(`pathway/${group.id}`);
    this.readmissionStream = sim.random.get(`readmission/${group.id}`);
    this.readmissionTimeStream = sim.random.get(`readmission-time/${group.id}`);
    this.readmissionPathwayStream = sim.random.get(`readmission-pathway/${group.id}`);
    const r = group.readmission;
    const perPathway = (x: { p0: number; p1: number; p2: number; p3: number } | undefined) =>
      x ? [x.p0, x.p1, x.p2, x.p3] : [0, 0, 0, 0];
    this.readmission = { standard: perPathway(r?.standard), d2a: perPathway(r?.d2a) };
    this.activation = group.activation ? new ActivationModel(sim, group.id, group.activation) : null;

    this.meanRatePerMinute = group.arrivals.perDay / DAY;
    this.hourOfWeekFactor = hourOfWeekFactors(group.arrivals.hourOfDay, group.arrivals.dayOfWeek);
    const factors = this.hourOfWeekFactor;
    const mean = this.meanRatePerMinute;
    const stream = sim.random.get(`arrivals/${group.id}`);
    this.arrivals =
      calendarInputs === undefined
        ? weeklyArrivals(sim, mean, factors, stream)
        : new PiecewiseThinnedPoissonProcess(
            calendarArrivalRate(
              sim.calendar,
              calendarInputs.inputs,
              group.id,
              mean,
              factors,
              calendarInputs.end,
            ),
            stream,
          );
  }

  drawPathway(stream = this.pathwayStream): number {
    const u = stream.uniform();
    const c = this.pathwayCumulative;
    return u < c[0]! ? 0 : u < c[1]! ? 1 : u < c[2]! ? 2 : 3;
  }

  /** Arrival rate a minute at an hour of the week. */
  rateAtHourOfWeek(hour: number): number {
    return this.meanRatePerMinute * this.hourOfWeekFactor[hour]!;
  }
}

/**
 * Multipliers for each of the 168 hours of the week, normalised so that their mean is 1 and the
 * stated daily rate is the long-run mean: hour-of-day shape × day-of-week shape.
 */
export function hourOfWeekFactors(
  hourOfDay?: readonly number[],
  dayOfWeek?: readonly number[],
): Float64Array {
  const hours = hourOfDay ?? new Array(24).fill(1);
  const days = dayOfWeek ?? new Array(7).fill(1);
  const out = new Float64Array(168);
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) out[d * 24 + h] = days[d]! * hours[h]!;
  const mean = out.reduce((a, b) => a + b, 0) / 168;
  for (let i = 0; i < 168; i++) out[i]! /= mean;
  return out;
}

/** Poisson arrivals at `perMinute` on average, shaped by the week's 168 hourly factors (thinning). */
export function weeklyArrivals(
  sim: Simulation,
  perMinute: number,
  factors: Float64Array,
  stream: RandomStream,
): ThinnedPoissonProcess {
  let peak = 0;
  for (const f of factors) peak = Math.max(peak, f);
  const calendar = sim.calendar;
  return new ThinnedPoissonProcess(
    (t) => perMinute * factors[calendar.hourOfWeek(t)]!,
    perMinute * peak,
    stream,
  );
}

export const HOURS_PER_WEEK = 168;
export { HOUR };
