/**
 * Queue-theory capacity matching for library users: beds and staff a scenario needs by Erlang
 * B/C, square-root staffing, the Bagust curves and time-varying (Mt/G/∞) demand by hour of the
 * week, beside what a short batch of simulations shows. The Erlang and infinite-server formulas
 * themselves are re-exported from the queueing module so one import serves a planner.
 */
export {
  betaForDelayProbability,
  carriedLoad,
  carriedOccupancy,
  erlangB,
  erlangC,
  fullProbabilityAtOccupancy,
  infiniteServerLoad,
  offeredLoadProfile,
  serversForBlocking,
  serversForDelayProbability,
  sinusoidalExponentialLoad,
  squareRootStaffing,
} from "../queueing/index.js";
export { analyseCapacity, type CapacityOptions, DEFAULT_TARGETS } from "./analyse.js";
export {
  buildDemand,
  type Demand,
  HOURS_PER_WEEK,
  passThrough,
  type TaskDemand,
  type WardDemand,
  type WeekProfile,
} from "./demand.js";
export { formatCapacityReport, hourLabel } from "./format.js";
export { type Cover, cheapestCover, coversRequirement, hallShortfalls, type RoleOption } from "./roster.js";
export { compare, estimate, simulatedFigures, simulateReplications } from "./simulated.js";
export { rosteredByHour, STAFFING_APPROXIMATION, staffCapacity } from "./staff.js";
export { bagustPoints, capacityNeeded, erlangFigures, type FiniteQueue, finiteQueue } from "./stationary.js";
export { maxOfSurvivals, regularizedGammaQ, type Survival, survivalOf } from "./survival.js";
export { type DischargeWindow, dischargeTimingLoad, leavingOutcomes, type TimingLoad } from "./timing.js";
export type * from "./types.js";
