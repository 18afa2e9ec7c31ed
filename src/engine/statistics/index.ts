export type {
  DDSketchJSON,
  ExactSketchJSON,
  QuantileSketchJSON,
  QuantileSketchOptions,
  StoreJSON,
} from "./quantiles.js";
export { QuantileSketch } from "./quantiles.js";
export type { TallyJSON } from "./tally.js";
export { Tally } from "./tally.js";
export type { LevelRow, PhaseClock, SeriesRow } from "./time-series.js";
export { CyclicProfile, LevelSeries, regularPhases, TimeSeries } from "./time-series.js";
export { LevelDistribution, TimeWeighted } from "./time-weighted.js";
