/**
 * The platform-free pipeline in one import, for a browser bundle or any JavaScript runtime:
 * scenario text in, validated scenario and its variants, one replication, batches through any
 * Executor, aggregation and comparison, charts and the report's HTML as a string. Nothing here
 * touches files, threads or a terminal (test/architecture/imports.test.ts keeps it so); the Node
 * adapter is src/node/, the command line src/cli/.
 */
export * as batch from "./batch/index.js";
export * as capacity from "./capacity/index.js";
export * as engine from "./engine/index.js";
export { simulateScenario } from "./model/run.js";
export type { RunResult, RunSummary } from "./model/summary.js";
export { runFiles } from "./output/run-files.js";
export * as queueing from "./queueing/index.js";
export * as report from "./report/index.js";
export {
  type LoadedScenario,
  loadScenarioText,
  type ParsedFile,
  parseScenarioText,
  scenarioSlug,
  validateParsed,
} from "./scenario/parse.js";
export { InputError, ScenarioError } from "./scenario/problems.js";
export { type Scenario, type ScenarioInput, scenarioSchema } from "./scenario/schema.js";
export { applyOverrides } from "./scenario/variants.js";
export { CAREFLOW_VERSION } from "./version.js";
