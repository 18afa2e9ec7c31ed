/**
 * Scenario file format versions. A file names the version it was written for (`version: "0.1.0"`);
 * a file without one is read as the current version. Every version listed here stays readable:
 * `migrateScenario` (migrate.ts) brings an older file up to date, with a notice for each change.
 */
export const SCENARIO_VERSION = "0.1.0";

/** Every version a released careflow wrote, oldest first; the last is the current one. */
export const SCENARIO_VERSIONS = ["0.1.0"] as const;

export function versionProblem(version: string): string | undefined {
  if ((SCENARIO_VERSIONS as readonly string[]).includes(version)) return undefined;
  return (
    `is not a scenario version this careflow knows (${SCENARIO_VERSIONS.join(", ")}); ` +
    "a file written for a newer careflow needs that careflow"
  );
}
