/**
 * What a hospital saw, day by day, for `careflow check --observed`: a CSV's rows (already split
 * into fields by the platform's CSV reader) turned into daily series the simulation also gives —
 * occupied beds over all wards or per ward, and admissions and discharges over the hospital.
 *
 * Two layouts are read. Wide: a date column and one column per series (`beds_occupied`,
 * `admissions`, `discharges`, `beds_occupied_<ward>`). Long: a date column, a `ward` column and
 * the measure columns, one row per ward and day (ward `total`, `all` or blank for the whole
 * hospital). Header names are matched ignoring case, spaces and punctuation.
 *
 * A bad row (no date, an unreadable date or number, a negative count, a second row for the same
 * day, an unknown ward) is skipped and counted with its line number and reason; a bad header (no
 * date column, nothing to compare, a column naming an unknown ward) stops the check, every
 * problem listed at once.
 */
import { parseExtractDate } from "../fit/dates.js";
import { BatchInputError } from "./input-error.js";
import type { WarmupMetric } from "./warmup.js";

export type ObservedMeasure = "occupancy" | "admissions" | "discharges";

export interface ObservedSeries {
  /** The simulated series it is compared with (a daily row's field, as `careflow warmup` names them). */
  key: WarmupMetric;
  measure: ObservedMeasure;
  /** The ward, or null for the whole hospital. */
  ward: string | null;
  /** Observed value by day number (days since 1970-01-01). */
  values: Map<number, number>;
}

export interface SkippedRow {
  /** Line of the file (the header is line 1). */
  line: number;
  reason: string;
}

export interface ObservedInput {
  file: string;
  layout: "wide" | "long";
  series: ObservedSeries[];
  /** Data rows read (the header not counted). */
  rows: number;
  /** Rows skipped, each with its reason; only the first MAX_LISTED are kept, `skipped` counts all. */
  skippedRows: SkippedRow[];
  skipped: number;
  /** Columns or values read but not compared, in plain words. */
  notes: string[];
}

export const MAX_LISTED = 50;

const normalise = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

const DATE_HEADERS = ["date", "day", "censusdate", "snapshotdate", "reportdate"];
const WARD_HEADERS = ["ward", "wardid", "wardcode", "wardname"];
/** Longest first, so "bedsoccupied" wins over "beds". */
const MEASURE_HEADERS: readonly (readonly [string, ObservedMeasure])[] = [
  ["occupiedbeds", "occupancy"],
  ["bedsoccupied", "occupancy"],
  ["discharges", "discharges"],
  ["admissions", "admissions"],
  ["discharged", "discharges"],
  ["occupancy", "occupancy"],
  ["occupied", "occupancy"],
  ["admitted", "admissions"],
];
/** Too general to carry a ward's name ("beds_available" is not occupancy): matched whole only. */
const BARE_HEADERS: ReadonlyMap<string, ObservedMeasure> = new Map([["beds", "occupancy"]]);
const WHOLE_HOSPITAL = new Set(["", "all", "total", "hospital", "trust", "allwards"]);

const MEASURE_WORDS: Record<ObservedMeasure, string> = {
  occupancy: "occupied beds",
  admissions: "admissions",
  discharges: "discharges",
};

export function seriesLabel(series: { measure: ObservedMeasure; ward: string | null }): string {
  if (series.ward !== null) return `${MEASURE_WORDS[series.measure]}, ward ${series.ward}`;
  return series.measure === "occupancy" ? "occupied beds, all wards" : MEASURE_WORDS[series.measure];
}

function keyOf(measure: ObservedMeasure, ward: string | null): WarmupMetric {
  return ward === null ? measure : `occupancy_${ward}`;
}

interface Column {
  index: number;
  measure: ObservedMeasure;
  ward: string | null;
}

interface Header {
  date: number;
  ward: number | undefined;
  columns: Column[];
  notes: string[];
}

/** A header cell as measure and ward: "beds_occupied_amu", "AMU occupied beds", "Admissions". */
function readMeasureHeader(
  cell: string,
  wardsByName: ReadonlyMap<string, string>,
): { measure: ObservedMeasure; wardText: string; ward: string | null | undefined } | undefined {
  const name = normalise(cell);
  const bare = BARE_HEADERS.get(name);
  if (bare !== undefined) return { measure: bare, wardText: "", ward: null };
  for (const [alias, measure] of MEASURE_HEADERS) {
    let wardText: string | undefined;
    if (name.startsWith(alias)) wardText = name.slice(alias.length);
    else if (name.endsWith(alias)) wardText = name.slice(0, name.length - alias.length);
    if (wardText === undefined) continue;
    if (wardText === "" || wardText === "total" || wardText === "all")
      return { measure, wardText, ward: null };
    return { measure, wardText, ward: wardsByName.get(wardText) };
  }
  return undefined;
}

function readHeader(header: readonly string[], wards: readonly string[], file: string): Header {
  const wardsByName = new Map(wards.map((w) => [normalise(w), w]));
  const problems: string[] = [];
  const notes: string[] = [];
  const names = header.map(normalise);
  // In the order listed: careflow's own daily.csv has a "day" number before its "date".
  const date = DATE_HEADERS.map((h) => names.indexOf(h)).find((i) => i >= 0) ?? -1;
  const wardIndex = names.findIndex((n) => WARD_HEADERS.includes(n));
  const ward = wardIndex < 0 ? undefined : wardIndex;
  if (date < 0) {
    problems.push(`no date column (name one "date"; found ${header.map((h) => `"${h}"`).join(", ")})`);
  }
  const columns: Column[] = [];
  const seen = new Map<string, string>();
  header.forEach((cell, index) => {
    if (index === date || index === ward) return;
    const read = readMeasureHeader(cell, wardsByName);
    if (read === undefined) {
      if (cell.trim() !== "") notes.push(`column "${cell}" is not a series careflow simulates; ignored`);
      return;
    }
    if (read.ward === undefined) {
      problems.push(
        `column "${cell}": no ward "${read.wardText}" in the scenario (its wards: ${wards.join(", ")})`,
      );
      return;
    }
    if (read.ward !== null && read.measure !== "occupancy") {
      notes.push(
        `column "${cell}": careflow simulates ${read.measure} for the hospital as a whole, not per ward; ignored (give a total column "${read.measure}")`,
      );
      return;
    }
    const key = keyOf(read.measure, read.ward);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(
        `columns "${earlier}" and "${cell}" both give ${seriesLabel({ measure: read.measure, ward: read.ward })}`,
      );
      return;
    }
    seen.set(key, cell);
    columns.push({ index, measure: read.measure, ward: read.ward });
  });
  if (columns.length === 0 && date >= 0) {
    problems.push(
      "no column to compare: name them beds_occupied, admissions, discharges or beds_occupied_<ward>",
    );
  }
  if (problems.length > 0) {
    throw new BatchInputError(
      `${file}: ${problems.length === 1 ? problems[0] : `\n  ${problems.join("\n  ")}`}`,
    );
  }
  return { date, ward, columns, notes };
}

/** A count or a mean number of beds: digits, optionally with decimals; undefined when not one. */
function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * Reads observed rows one at a time: `row` for each data row with its line in the file, `finish`
 * for the series. A file has at most a few thousand days a ward, so the series are kept whole.
 */
export class ObservedReader {
  private readonly header: Header;
  private readonly series = new Map<WarmupMetric, ObservedSeries>();
  private readonly wardsByName: ReadonlyMap<string, string>;
  private readonly skippedRows: SkippedRow[] = [];
  private skipped = 0;
  private rows = 0;
  private droppedWardTotals = false;

  constructor(
    private readonly file: string,
    header: readonly string[],
    private readonly wards: readonly string[],
  ) {
    this.header = readHeader(header, wards, file);
    this.wardsByName = new Map(wards.map((w) => [normalise(w), w]));
  }

  /** Skips the row, noting why (the parser found a malformed record there, for instance). */
  skip(line: number, reason: string): void {
    this.skipped++;
    if (this.skippedRows.length < MAX_LISTED) this.skippedRows.push({ line, reason });
  }

  row(cells: readonly string[], line: number): void {
    this.rows++;
    const reason = this.tryRow(cells);
    if (reason !== undefined) this.skip(line, reason);
  }

  /** Undefined when the row was used, else why not; a row is used whole or not at all. */
  private tryRow(cells: readonly string[]): string | undefined {
    const h = this.header;
    const dateText = (cells[h.date] ?? "").trim();
    if (dateText === "") return "no date";
    const parsed = parseExtractDate(dateText);
    if (parsed === undefined) return `unreadable date "${dateText}" (write DD/MM/YYYY or YYYY-MM-DD)`;
    const day = Math.floor(parsed.minutes / 1440);
    let rowWard: string | null = null;
    if (h.ward !== undefined) {
      const wardText = (cells[h.ward] ?? "").trim();
      const name = normalise(wardText);
      if (!WHOLE_HOSPITAL.has(name)) {
        const ward = this.wardsByName.get(name);
        if (ward === undefined)
          return `unknown ward "${wardText}" (the scenario's wards: ${this.wards.join(", ")})`;
        rowWard = ward;
      }
    }
    const values: [WarmupMetric, Column, string | null, number][] = [];
    let perWardTotals = false;
    for (const column of h.columns) {
      const text = (cells[column.index] ?? "").trim();
      if (text === "") continue;
      const value = readNumber(text);
      const name = MEASURE_WORDS[column.measure];
      if (value === undefined) return `${name} "${text}" is not a number`;
      if (value < 0) return `${name} ${text} is negative`;
      const ward = column.ward ?? rowWard;
      if (ward !== null && column.measure !== "occupancy") {
        // Long layout: a ward's own admissions and discharges are not simulated per ward.
        perWardTotals = true;
        continue;
      }
      values.push([keyOf(column.measure, ward), column, ward, value]);
    }
    this.droppedWardTotals ||= perWardTotals;
    for (const [key] of values) {
      if (this.series.get(key)?.values.has(day)) return `a second row for ${dateText}`;
    }
    if (values.length === 0) return perWardTotals ? undefined : "no value in any column";
    for (const [key, column, ward, value] of values) {
      let series = this.series.get(key);
      if (series === undefined) {
        series = { key, measure: column.measure, ward, values: new Map() };
        this.series.set(key, series);
      }
      series.values.set(day, value);
    }
    return undefined;
  }

  finish(): ObservedInput {
    const notes = [...this.header.notes];
    if (this.droppedWardTotals) {
      notes.push(
        "admissions and discharges given per ward are not compared: careflow simulates them for the hospital as a whole (give them on rows with ward total)",
      );
    }
    // The same order whatever the file's: measures as listed, the hospital before its wards.
    const measureRank = (s: ObservedSeries): number =>
      ["occupancy", "admissions", "discharges"].indexOf(s.measure);
    const wardRank = (s: ObservedSeries): number => (s.ward === null ? -1 : this.wards.indexOf(s.ward));
    const series = [...this.series.values()].sort(
      (a, b) => measureRank(a) - measureRank(b) || wardRank(a) - wardRank(b),
    );
    if (series.length === 0) {
      throw new BatchInputError(
        `${this.file}: no usable row (${this.rows} read, ${this.skipped} skipped${this.skippedRows[0] ? `; line ${this.skippedRows[0].line}: ${this.skippedRows[0].reason}` : ""})`,
      );
    }
    return {
      file: this.file,
      layout: this.header.ward === undefined ? "wide" : "long",
      series,
      rows: this.rows,
      skippedRows: this.skippedRows,
      skipped: this.skipped,
      notes,
    };
  }
}
