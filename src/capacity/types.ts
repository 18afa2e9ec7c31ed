/**
 * The capacity report as plain data (what capacity.json holds). Rates are a day, times in days
 * unless named in hours, probabilities as fractions 0–1, loads and capacities in servers (beds,
 * places, assessors, people).
 */

import type { ClinicCapacity } from "./clinics.js";
import type { HeldCategory } from "./demand.js";
import type { CubicleMatch } from "./ed-demand.js";

export interface CapacityTargets {
  /** Acceptable probability an admission finds the ward full (Erlang B). */
  blocking: number;
  /** Mean occupancy to plan to (⌈a / target⌉). */
  occupancy: number;
  /** Acceptable probability of waiting at all (Erlang C, square-root staffing). */
  delay: number;
}

/** Mean over replications with a Student-t confidence interval. */
export interface Estimate {
  mean: number;
  /** Half-width of the interval; null with fewer than two replications. */
  halfWidth: number | null;
  n: number;
}

export interface Comparison {
  analytic: number;
  simulated: Estimate;
  /** Allowed gap: the CI half-width, never below a small floor (a CI of width zero is not a test). */
  tolerance: number | null;
  /** null when there is no interval to judge by (one replication). */
  agrees: boolean | null;
}

export interface BagustPoint {
  occupancy: number;
  /** Offered load at which the ward's mean occupancy equals `occupancy`. */
  offeredLoad: number;
  /** Probability the ward is full (an admission refused) at that load. */
  fullProbability: number;
}

export interface CapacityNeeded {
  /** Smallest c with Erlang B(c, a) ≤ target blocking. */
  forBlocking: number;
  /** ⌈a / target occupancy⌉. */
  forOccupancy: number;
  /** Smallest c with Erlang C(c, a) ≤ target delay probability. */
  forDelay: number;
  /** Square-root staffing c = ⌈a + β√a⌉ with β from the target delay probability (Halfin–Whitt). */
  squareRoot: { beta: number; servers: number };
}

export type QueueModel = "queue" | "loss" | "limited-queue" | "rate";

export interface UnitCapacity {
  kind: "ward" | "service" | "assessment";
  id: string;
  name: string;
  /**
   * queue: arrivals wait for a free server (Erlang C); loss: turned away (Erlang B);
   * limited-queue: a ward with a bounded waiting line (between the two); rate: a visits-a-day
   * service, a rate rather than servers (no Erlang figures).
   */
  model: QueueModel;
  arrivalsPerDay: number;
  /** Mean time a server is held per arrival (wards: patient stay plus bed cleaning). */
  meanHeldDays: number;
  /** Wards: what holds the bed, per admission, in days. */
  heldDays?: Record<HeldCategory, number>;
  /** Coefficient of variation of the time held (patients' own time for wards). */
  heldCv: number | null;
  /** a = λ·E[time held], the figure every Erlang formula here uses. */
  offeredLoad: number;
  /** Mean busy servers if no one were turned away (wards: patients only, no cleaning). */
  meanBusy: number;
  /** model/stability's estimateLoads figure (no readmissions, tasks, window or cleaning). */
  offeredLoadBaseline: number | null;
  /** Today's capacity (wards with a bed schedule: the most beds, as "full" is measured). */
  capacity: number;
  capacityRange?: { min: number; max: number; mean: number };
  utilisation: number;
  blocking: number | null;
  delayProbability: number | null;
  /** M/M/c mean wait in queue at today's capacity, days (Infinity when a ≥ c). */
  meanWaitDays: number | null;
  needed: CapacityNeeded | null;
  /** Probability of a full ward at 85%, 92% and the target occupancy, for today's size. */
  bagust: BagustPoint[];
  /**
   * Wards: the share of the week all beds are busy by MOL, Erlang C (B for loss wards) at today's
   * beds applied hour by hour to m(t) and averaged: the stationary figure with the weekly cycle in.
   */
  fullProbabilityOverWeek?: number;
  /** Time-varying demand (wards): the peak of m(t) and the beds needed at the peak hour. */
  peak?: { hourOfWeek: number; load: number; neededForBlocking: number; neededForOccupancy: number };
  compare: {
    meanBusy?: Comparison;
    fullProbability?: Comparison;
    admissionsPerDay?: Comparison;
    waitDays?: Comparison;
  };
  /** One plain sentence when a comparison disagrees, else null. */
  flag: string | null;
  reasons: string[];
}

export interface WardHour {
  ward: string;
  hourOfWeek: number;
  arrivalsPerHour: number;
  /** m(t): mean beds busy over the hour (patients and cleaning). */
  load: number;
  scheduledBeds: number;
  /** MOL: Erlang B applied to m(t). */
  neededForBlocking: number;
  neededForOccupancy: number;
}

export interface StaffHour {
  hourOfWeek: number;
  /** Per skill: mean people busy (MOL load m(t)) and people needed. */
  skills: { skill: string; load: number; needed: number; sessions: number }[];
  cheapest: { counts: Record<string, number>; cost: number; feasible: boolean };
  /** The scenario's rosters; cost counts only roles able to do some task. */
  rostered: { counts: Record<string, number>; cost: number };
  /** Skill sets the roster cannot staff at once this hour, with the people missing. */
  shortfalls: { skills: string[]; missing: number }[];
}

export interface StaffCapacity {
  approximation: string;
  roles: { id: string; name: string; skills: string[]; hourlyCost: number }[];
  skills: string[];
  tasks: { id: string; skills: string[]; perDay: number; meanMinutes: number; survival: string }[];
  hours: StaffHour[];
  summary: {
    cheapestCostPerWeek: number;
    rosteredCostPerWeek: number;
    hoursShort: number;
    /** Analytic person-hours of task work a week against the simulation's busy hours. */
    busyPersonHoursPerWeek?: Comparison;
  };
  notes: string[];
}

export interface CapacityReport {
  scenario: string;
  variant: string;
  policy: "standard" | "d2a";
  targets: CapacityTargets;
  confidence: number;
  replications: number;
  seed: number;
  units: UnitCapacity[];
  wardHours: WardHour[];
  staff: StaffCapacity | null;
  /** The emergency department's cubicles against Erlang C, when the scenario has an ED. */
  ed?: CubicleMatch;
  /** Outpatient clinics' slots against demand (only with an outpatients section). */
  clinics?: ClinicCapacity[];
  method: {
    stationary: string;
    timeVarying: string;
    staffing: string;
    survival: string[];
    notes: string[];
  };
  simulationSeconds: number;
}
