/**
 * Keeping scenario files people already have working. `migrateScenario` reads a file (text or
 * parsed data), brings it to the current format version one step at a time, and says what it
 * changed. Editing the YAML document itself keeps the author's comments and layout.
 *
 * Files without a `version` were written before versions existed and are read as the current
 * version; the only change they may need is LEGACY_FIXES: a start date in a form the run used to
 * accept but validation now refuses (e.g. "2026-01-05T08:00:00.000") is rewritten in the form
 * validation accepts. An impossible date ("2026-02-30") was never valid and is left to
 * validation to report.
 */
import { Document, isMap, isScalar } from "yaml";
import { calendarDateProblem } from "./basics.js";
import { parseScenarioText } from "./parse.js";
import { ScenarioError } from "./problems.js";
import type { RawScenario } from "./variants.js";
import { SCENARIO_VERSION } from "./version.js";

export interface Migration {
  /** The version this step reads. */
  from: string;
  /** The version it writes. */
  to: string;
  /** Edits the document in place; returns one plain-words notice for each change made. */
  apply: (document: Document) => string[];
}

/** Format changes between released versions, oldest first. None yet: 0.1.0 is the first. */
export const MIGRATIONS: readonly Migration[] = [];

export interface Migrated {
  /** The data after migration (validate it as any file). */
  scenario: RawScenario;
  /** The file after migration, comments kept. */
  text: string;
  /** The version the file was read as. */
  from: string;
  notices: string[];
}

export interface MigrateOptions {
  file?: string;
  migrations?: readonly Migration[];
  current?: string;
}

export function migrateScenario(input: string | object, options: MigrateOptions = {}): Migrated {
  const file = options.file ?? "scenario.yaml";
  const migrations = options.migrations ?? MIGRATIONS;
  const current = options.current ?? SCENARIO_VERSION;
  const document = typeof input === "string" ? parseScenarioText(input, file).document! : new Document(input);
  const written = document.get("version");
  if (written !== undefined && typeof written !== "string") {
    throw new ScenarioError(file, [{ path: "version", message: 'must be text such as "0.1.0"' }]);
  }
  const from = written ?? current;
  const notices: string[] = [];
  if (written === undefined) {
    for (const fix of LEGACY_FIXES) notices.push(...fix(document));
  }
  let version = from;
  while (version !== current) {
    const step = migrations.find((m) => m.from === version);
    if (step === undefined) {
      throw new ScenarioError(file, [
        {
          path: "version",
          message: `"${version}" cannot be brought up to ${current}: no migration from it (is the file from a newer careflow?)`,
        },
      ]);
    }
    notices.push(...step.apply(document).map((n) => `${step.from} → ${step.to}: ${n}`));
    version = step.to;
  }
  if (written !== current) setVersion(document, current);
  return {
    scenario: document.toJS({ maxAliasCount: 50 }) as RawScenario,
    text: document.toString({ lineWidth: 0 }),
    from,
    notices,
  };
}

/** Puts `version` first in the file, where a reader looks for it. */
function setVersion(document: Document, version: string): void {
  if (document.has("version")) {
    document.set("version", version);
    return;
  }
  const contents = document.contents;
  if (!isMap(contents)) return;
  const pair = document.createPair("version", version);
  // The file's opening comment stays above everything, the new line included.
  const first = contents.items[0]?.key;
  if (isScalar(first) && isScalar(pair.key) && first.commentBefore) {
    pair.key.commentBefore = first.commentBefore;
    first.commentBefore = undefined;
  }
  contents.items.unshift(pair);
}

const LEGACY_FIXES: ((document: Document) => string[])[] = [normaliseStartDate];

/** A start date the run read through Date.parse, written as validation now asks. */
function normaliseStartDate(document: Document): string[] {
  const start = document.getIn(["run", "start"]);
  if (typeof start !== "string" || calendarDateProblem(start) === undefined) return [];
  const parsed = Date.parse(start.length <= 10 ? `${start}T00:00:00Z` : `${start}Z`);
  // Only a date the run read as written: never one Date.parse rolled over (30 February).
  if (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== start.slice(0, 10)) return [];
  const iso = new Date(parsed).toISOString();
  const minutes = iso.slice(11, 16);
  const seconds = iso.slice(16, 19);
  const rewritten =
    iso.slice(0, 10) +
    (minutes === "00:00" && seconds === ":00" ? "" : `T${minutes}${seconds === ":00" ? "" : seconds}`);
  if (calendarDateProblem(rewritten) !== undefined) return [];
  document.setIn(["run", "start"], rewritten);
  const dropped = iso.slice(19, 23) !== ".000" ? " (fractions of a second dropped)" : "";
  return [`run.start "${start}" is now written "${rewritten}"${dropped}`];
}
