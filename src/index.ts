/**
 * careflow as a library: the engine, queueing theory, scenarios, the hospital model, capacity
 * matching and Monte Carlo batches. The command line (src/cli) is built on exactly these.
 */

export * as capacity from "./capacity/index.js";
export * as engine from "./engine/index.js";
export { Hospital, type RunOptions } from "./model/hospital.js";
export { simulateScenario } from "./model/run.js";
export type { RunResult, RunSummary } from "./model/summary.js";
export * as batch from "./node/batch-index.js";
export { loadScenario, readScenarioFile } from "./node/scenario-file.js";
export * as queueing from "./queueing/index.js";
export { loadScenarioText, parseScenarioText, validateParsed } from "./scenario/parse.js";
export { ScenarioError } from "./scenario/problems.js";
export { type Scenario, type ScenarioInput, scenarioSchema } from "./scenario/schema.js";
export { applyOverrides } from "./scenario/variants.js";
