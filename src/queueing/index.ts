/**
 * Closed-form queueing theory for validating the simulator and for capacity planning: Erlang
 * loss and delay formulas, staffing searches, the Bagust full-ward curve, square-root staffing,
 * and time-varying infinite-server (Mt/G/∞) offered load.
 *
 * The normal distribution helpers in `normal.ts` are deliberately not re-exported: they exist to
 * serve the staffing formulas, not as a statistics API.
 */
export {
  carriedLoad,
  carriedOccupancy,
  erlangB,
  erlangC,
  type FullWardPoint,
  fullProbabilityAtOccupancy,
  mm1MeanWait,
  mmcMeanQueueLength,
  mmcMeanWait,
  mmcProbWaitExceeds,
  mmcUtilisation,
  serversForBlocking,
  serversForDelayProbability,
  serversForMeanWait,
} from "./erlang.js";
export {
  type IntegrationGrid,
  infiniteServerLoad,
  type OfferedLoadProfileOptions,
  offeredLoadProfile,
  sinusoidalExponentialLoad,
} from "./infinite-server.js";
export {
  betaForDelayProbability,
  halfinWhittDelayProbability,
  type SquareRootStaffing,
  squareRootStaffing,
} from "./staffing.js";
