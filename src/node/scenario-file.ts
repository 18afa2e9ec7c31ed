/** Scenario files on disk: the size check before reading, then the platform-free parser. */
import { readFileSync, statSync } from "node:fs";
import {
  type LoadedScenario,
  MAX_SCENARIO_BYTES,
  type ParsedFile,
  parseScenarioText,
  validateParsed,
} from "../scenario/parse.js";
import { ScenarioError } from "../scenario/problems.js";

export function readScenarioFile(file: string): ParsedFile {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ScenarioError(file, [{ path: "(the whole file)", message: "cannot be read: no such file" }]);
  }
  if (size > MAX_SCENARIO_BYTES) {
    throw new ScenarioError(file, [
      {
        path: "(the whole file)",
        message: `is ${size} bytes; scenario files are limited to ${MAX_SCENARIO_BYTES}`,
      },
    ]);
  }
  return parseScenarioText(readFileSync(file, "utf8"), file);
}

/** Reads, applies a variant and validates; throws ScenarioError listing every problem. */
export function loadScenario(file: string, variant?: string): LoadedScenario {
  return validateParsed(readScenarioFile(file), variant);
}
