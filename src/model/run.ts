/** One replication of a scenario, start to finish. */
import type { Scenario } from "../scenario/schema.js";
import { Hospital, type RunOptions } from "./hospital.js";
import { type RunResult, summarise } from "./summary.js";

export function simulateScenario(
  scenario: Scenario,
  options: RunOptions & { scenarioName?: string; variant?: string } = {},
): RunResult {
  const hospital = new Hospital(scenario, options);
  hospital.run();
  return summarise(hospital, options.scenarioName ?? scenario.name, options.variant ?? "baseline");
}
