/** `careflow validate` and `careflow schema`. */
import { readScenarioFile } from "../node/scenario-file.js";
import { scenarioJsonSchema } from "../scenario/json-schema.js";
import { validateParsed } from "../scenario/parse.js";

export function validateCommand(file: string): void {
  const parsed = readScenarioFile(file);
  const names = ["baseline", ...Object.keys((parsed.raw.variants ?? {}) as object)];
  for (const name of names) validateParsed(parsed, name === "baseline" ? undefined : name);
  console.log(`${file}: valid (variants: ${names.join(", ")})`);
}

export function schemaCommand(): void {
  console.log(JSON.stringify(scenarioJsonSchema(), null, 2));
}
