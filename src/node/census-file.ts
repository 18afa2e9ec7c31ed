/**
 * Census CSV files named by a scenario (`initialState.census`, `initialState.caseloadCensus`):
 * found relative to the scenario file and refused if they would lead outside its folder (a
 * symbolic link included), size-limited, split into cells by csv-parse (a BOM and ";" separators
 * read too), then checked by the platform-free census reader. Every bad row is reported at once.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import {
  type CensusContext,
  type CensusRow,
  readCaseloadCensus,
  readInpatientCensus,
} from "../fit/census.js";
import { type CensusData, censusFileProblem } from "../scenario/census-schema.js";
import { ScenarioError } from "../scenario/problems.js";
import type { RawScenario } from "../scenario/variants.js";
import { fsErrorReason } from "./fs-errors.js";
import { isInside } from "./safe-path.js";

/** Far above any trust's census (200,000 rows of a few short fields). */
const MAX_CENSUS_BYTES = 64 * 1024 * 1024;

type Raw = Record<string, unknown>;
const isRecord = (x: unknown): x is Raw => typeof x === "object" && x !== null && !Array.isArray(x);
const records = (x: unknown): Raw[] => (Array.isArray(x) ? x.filter(isRecord) : []);

/** The census files a scenario names, read and checked; undefined when it names none. */
export function readCensusFiles(scenarioFile: string, raw: RawScenario): CensusData | undefined {
  const initial = (raw as Raw).initialState;
  if (!isRecord(initial)) return undefined;
  const census = typeof initial.census === "string" ? initial.census : undefined;
  const caseloads = typeof initial.caseloadCensus === "string" ? initial.caseloadCensus : undefined;
  if (census === undefined && caseloads === undefined) return undefined;
  const context = contextOf(raw as Raw);
  const out: CensusData = {};
  if (census !== undefined) {
    const rows = readRows(scenarioFile, census);
    if (rows !== undefined) {
      const { patients, problems } = readInpatientCensus(rows.rows, context);
      if (problems.length > 0) throw new ScenarioError(rows.path, problems);
      out.census = { name: census, patients };
    }
  }
  if (caseloads !== undefined) {
    const rows = readRows(scenarioFile, caseloads);
    if (rows !== undefined) {
      const { caseloads: list, problems } = readCaseloadCensus(rows.rows, context);
      if (problems.length > 0) throw new ScenarioError(rows.path, problems);
      out.caseloadCensus = { name: caseloads, caseloads: list };
    }
  }
  return out;
}

function contextOf(raw: Raw): CensusContext {
  const run = isRecord(raw.run) ? raw.run : {};
  const ids = (x: unknown) => new Set(records(x).flatMap((e) => (typeof e.id === "string" ? [e.id] : [])));
  return {
    start: typeof run.start === "string" ? run.start : "2026-01-05",
    wards: ids(raw.wards),
    services: ids(raw.community),
    groups: new Map(
      records(raw.groups).flatMap((g) =>
        typeof g.id === "string"
          ? [[g.id, records(g.stages).flatMap((s) => (typeof s.ward === "string" ? [s.ward] : []))] as const]
          : [],
      ),
    ),
  };
}

/**
 * The file's rows, or undefined when its name is refused (validation reports the name, with the
 * scenario's line). A name that resolves outside the scenario's folder is refused here too.
 */
function readRows(scenarioFile: string, name: string): { path: string; rows: CensusRow[] } | undefined {
  if (censusFileProblem(name) !== undefined) return undefined;
  const folder = dirname(resolve(scenarioFile));
  const path = resolve(folder, name);
  const refuse = (message: string) => new ScenarioError(scenarioFile, [{ path: "initialState", message }]);
  if (!isInside(folder, path))
    throw refuse(`census file ${JSON.stringify(name)} is outside the scenario's folder`);
  let text: string;
  try {
    if (!isInside(realpathSync(folder), realpathSync(path)))
      throw refuse(`census file ${JSON.stringify(name)} leads outside the scenario's folder (a link)`);
    if (statSync(path).size > MAX_CENSUS_BYTES)
      throw new ScenarioError(path, [
        { path: "(the whole file)", message: `is larger than ${MAX_CENSUS_BYTES} bytes` },
      ]);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const reason = fsErrorReason(error);
    if (reason === undefined) throw error;
    throw new ScenarioError(path, [{ path: "(the whole file)", message: `cannot be read: ${reason}` }]);
  }
  try {
    const parsed = parse(text, {
      bom: true,
      delimiter: [",", ";"],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return { path, rows: parsed.map((r) => ({ line: r.info.lines, cells: r.record })) };
  } catch (error) {
    const message = (error as Error).message;
    throw new ScenarioError(path, [{ path: "(the whole file)", message: `is not a CSV file: ${message}` }]);
  }
}
