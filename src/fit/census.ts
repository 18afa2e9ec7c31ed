/**
 * Census CSV files (today's inpatients, today's community caseloads) turned into the scenario's
 * inline census lists. Rows arrive already split into cells (the Node adapter tokenises the file);
 * this checks them against the scenario — every bad row reported at once with its line and
 * reason — and keeps only the fields the run needs: no identifier or other column is copied.
 */
import type { CensusCaseload, CensusPatient } from "../scenario/census-schema.js";
import { MAX_CENSUS_ROWS } from "../scenario/census-schema.js";
import type { LocatedProblem } from "../scenario/problems.js";
import { parseExtractDate } from "./dates.js";

export interface CensusRow {
  /** The line the row starts on (the header is line 1). */
  line: number;
  cells: string[];
}

/** What the census rows are checked against: the scenario's wards, groups and services. */
export interface CensusContext {
  /** The run's start, "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM". */
  start: string;
  wards: ReadonlySet<string>;
  /** Each group's stage wards. */
  groups: ReadonlyMap<string, readonly string[]>;
  services: ReadonlySet<string>;
}

export const INPATIENT_COLUMNS = ["ward", "group", "admitted", "medically_fit", "pathway"] as const;
export const CASELOAD_COLUMNS = ["service", "started"] as const;
const REQUIRED_INPATIENT = ["ward", "group", "admitted"];
const REQUIRED_CASELOAD = ["service", "started"];

/** A stay or support longer than this before the start is a date typed wrong, not a patient. */
const MAX_YEARS_BEFORE_START = 10;
const MINUTES_PER_DAY = 1440;

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0", ""]);

type Problems = LocatedProblem[];

function columnsOf(
  header: CensusRow | undefined,
  required: readonly string[],
  problems: Problems,
): Map<string, number> | undefined {
  if (header === undefined) {
    problems.push({
      path: "(the whole file)",
      message: `is empty; it needs a header row naming ${required.join(", ")}`,
    });
    return undefined;
  }
  const columns = new Map<string, number>();
  header.cells.forEach((name, i) => {
    const key = name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    if (!columns.has(key)) columns.set(key, i);
  });
  const missing = required.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    problems.push({
      path: "header",
      line: header.line,
      message: `has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""}; it needs ${required.join(", ")}`,
    });
    return undefined;
  }
  return columns;
}

function startMinutes(start: string): number {
  const parsed = parseExtractDate(start.replace("T", " "));
  if (parsed === undefined) throw new RangeError(`run start "${start}" is not a date`);
  return parsed.minutes;
}

/** Minutes from `text` (a date, or date and time) to the run's start; a reason when it cannot be. */
function minutesBeforeStart(text: string, start: number, what: string): number | string {
  if (text.trim() === "") return `has no ${what} date`;
  const parsed = parseExtractDate(text);
  if (parsed === undefined)
    return `${what} ${JSON.stringify(text)} is not a date (use YYYY-MM-DD[ HH:MM] or DD/MM/YYYY[ HH:MM])`;
  const before = start - parsed.minutes;
  if (before < 0)
    return `${what} ${JSON.stringify(text)} is after the run's start: a census lists who is there when it begins`;
  if (before > MAX_YEARS_BEFORE_START * 366 * MINUTES_PER_DAY)
    return `${what} ${JSON.stringify(text)} is more than ${MAX_YEARS_BEFORE_START} years before the run's start`;
  return before;
}

function tooMany(rows: readonly CensusRow[], problems: Problems): boolean {
  if (rows.length - 1 <= MAX_CENSUS_ROWS) return false;
  problems.push({
    path: "(the whole file)",
    message: `has ${rows.length - 1} rows; a census may have at most ${MAX_CENSUS_ROWS}`,
  });
  return true;
}

const cell = (row: CensusRow, columns: Map<string, number>, name: string): string =>
  (columns.has(name) ? (row.cells[columns.get(name)!] ?? "") : "").trim();

/** Inpatients: one row each, with ward, group, admitted, and optionally medically_fit and pathway. */
export function readInpatientCensus(
  rows: readonly CensusRow[],
  context: CensusContext,
): {
  patients: CensusPatient[];
  problems: LocatedProblem[];
} {
  const problems: Problems = [];
  const patients: CensusPatient[] = [];
  const columns = columnsOf(rows[0], REQUIRED_INPATIENT, problems);
  if (columns === undefined || tooMany(rows, problems)) return { patients, problems };
  const start = startMinutes(context.start);
  for (const row of rows.slice(1)) {
    const reasons: string[] = [];
    const ward = cell(row, columns, "ward");
    const group = cell(row, columns, "group");
    if (!context.wards.has(ward))
      reasons.push(ward === "" ? "has no ward" : `ward ${JSON.stringify(ward)} is not in the scenario`);
    const stages = context.groups.get(group);
    if (stages === undefined)
      reasons.push(group === "" ? "has no group" : `group ${JSON.stringify(group)} is not in the scenario`);
    else if (context.wards.has(ward) && !stages.includes(ward))
      reasons.push(`group ${JSON.stringify(group)} has no stage on ward ${JSON.stringify(ward)}`);
    const stayed = minutesBeforeStart(cell(row, columns, "admitted"), start, "admitted");
    if (typeof stayed === "string") reasons.push(stayed);
    const fitText = cell(row, columns, "medically_fit").toLowerCase();
    const fit = YES.has(fitText) ? true : NO.has(fitText) ? false : undefined;
    if (fit === undefined) reasons.push(`medically_fit ${JSON.stringify(fitText)} is not yes or no`);
    const pathwayText = cell(row, columns, "pathway").replace(/^p/i, "");
    const pathway = pathwayText === "" ? undefined : Number(pathwayText);
    if (pathway !== undefined && !(Number.isInteger(pathway) && pathway >= 0 && pathway <= 3))
      reasons.push(`pathway ${JSON.stringify(pathwayText)} is not 0, 1, 2 or 3 (or blank)`);
    if (reasons.length > 0) {
      problems.push({ path: `row ${row.line}`, message: reasons.join("; ") });
      continue;
    }
    patients.push({
      ward,
      group,
      stayed: `${stayed as number}min`,
      medicallyFit: fit!,
      ...(pathway === undefined ? {} : { pathway }),
    });
  }
  return { patients, problems };
}

/** Community caseloads: one row per person supported, with service and started. */
export function readCaseloadCensus(
  rows: readonly CensusRow[],
  context: CensusContext,
): {
  caseloads: CensusCaseload[];
  problems: LocatedProblem[];
} {
  const problems: Problems = [];
  const caseloads: CensusCaseload[] = [];
  const columns = columnsOf(rows[0], REQUIRED_CASELOAD, problems);
  if (columns === undefined || tooMany(rows, problems)) return { caseloads, problems };
  const start = startMinutes(context.start);
  for (const row of rows.slice(1)) {
    const reasons: string[] = [];
    const service = cell(row, columns, "service");
    if (!context.services.has(service))
      reasons.push(
        service === "" ? "has no service" : `service ${JSON.stringify(service)} is not in the scenario`,
      );
    const supported = minutesBeforeStart(cell(row, columns, "started"), start, "started");
    if (typeof supported === "string") reasons.push(supported);
    if (reasons.length > 0) {
      problems.push({ path: `row ${row.line}`, message: reasons.join("; ") });
      continue;
    }
    caseloads.push({ service, supported: `${supported as number}min` });
  }
  return { caseloads, problems };
}
