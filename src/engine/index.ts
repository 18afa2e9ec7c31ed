/** The simulation engine: nothing here knows about hospitals. */
export * from "./arrivals.js";
export * from "./distributions.js";
export * from "./event-queue.js";
export * from "./random.js";
export * from "./resource.js";
export * from "./simulation.js";
export * from "./statistics/index.js";
export * from "./time.js";
export * from "./trajectory.js";
