/** `careflow migrate`: bring a scenario file to the current format version, comments kept. */
import { readFileSync, writeFileSync } from "node:fs";
import { readScenarioFile } from "../node/scenario-file.js";
import { migrateScenario } from "../scenario/migrate.js";
import { parseScenarioText, validateParsed } from "../scenario/parse.js";

export function migrateCommand(file: string, options: { out?: string }): void {
  const text = readFileSync(readScenarioFile(file).file, "utf8");
  const migrated = migrateScenario(text, { file });
  // The result must validate, base and every variant, before anyone relies on it.
  const parsed = parseScenarioText(migrated.text, options.out ?? file);
  for (const name of [undefined, ...Object.keys((parsed.raw.variants ?? {}) as object)]) {
    validateParsed(parsed, name);
  }
  for (const notice of migrated.notices) console.error(`${file}: ${notice}`);
  if (options.out === undefined) process.stdout.write(migrated.text);
  else {
    writeFileSync(options.out, migrated.text);
    const changes = migrated.notices.length === 1 ? "1 change" : `${migrated.notices.length} changes`;
    console.error(`${file}: read as version ${migrated.from}; ${changes}; written to ${options.out}`);
  }
}
