/**
 * One pass over an extract's rows, reducing each to counts and one number in its group's sample.
 * No row, identifier or free text is kept: a spell becomes its stay (or, while still open, its
 * admission time) in a typed array, plus counts by hour, weekday, month and pathway. Bad rows are
 * skipped and counted by reason; the first few are listed with their row numbers (never their
 * contents), so the extract's owner can find them.
 */
import { type ColumnMap, type Field, mapColumns } from "./columns.js";
import {
  dayNumberOf,
  type ExtractTime,
  hourOf,
  parseExtractDate,
  parseTimeOfDay,
  weekdayOf,
} from "./dates.js";
import { FingerprintSet, GrowableSample } from "./storage.js";

export interface ReduceOptions {
  /** When the extract was taken (minutes, wall clock); default: the latest date in it. */
  extractTime?: number;
  /** Stays longer than this (days) are refused as implausible. */
  maxStayDays?: number;
  /** How many skipped rows to list by number (all are counted). */
  listSkipped?: number;
}

export const DEFAULT_MAX_STAY_DAYS = 365;
/** A date without a time is read as midday: the time is unknown, and midday is its expected value
 * if admissions and discharges were spread evenly over the day. */
export const IMPUTED_TIME_OF_DAY = 12 * 60;
const MINUTES_PER_DAY = 24 * 60;

export interface GroupTally {
  group: string;
  ward: string;
  spells: number;
  /** Stays (days) of finished spells whose both ends had a time. */
  finishedTimed: GrowableSample;
  /** Stays (days) of finished spells with a date-only end (read as midday). */
  finishedDated: GrowableSample;
  /** Admission times (minutes) of spells still open when extracted, timed / date-only. */
  openTimed: GrowableSample;
  openDated: GrowableSample;
  admissionsByWeekday: Float64Array;
  /** Admissions by hour, from rows with an admission time only. */
  admissionsByHour: Float64Array;
  admissionsByMonth: Map<string, number>;
  /** Discharges to pathways 0–3, then those with no readable pathway. */
  pathways: Float64Array;
  dischargesByHour: Float64Array;
  dischargesByWeekday: Float64Array;
  /** Medically fit to discharge, days: sum and count per pathway 0–3. */
  fitToDischargeSum: Float64Array;
  fitToDischargeCount: Float64Array;
}

export interface SkippedRow {
  row: number;
  reason: string;
}

export interface ReducedExtract {
  groups: GroupTally[];
  /** The extract time used to censor open spells (minutes). */
  extractTime: number;
  firstAdmissionDay: number;
  lastAdmissionDay: number;
  rowsRead: number;
  rowsUsed: number;
  skippedByReason: Map<string, number>;
  skippedRows: SkippedRow[];
  columns: Partial<Record<Field, string>>;
  hasMedicallyFit: boolean;
}

const PATHWAY = /^(?:p|pathway\s*)?([0-3])$/i;

function newTally(group: string, ward: string): GroupTally {
  return {
    group,
    ward,
    spells: 0,
    finishedTimed: new GrowableSample(),
    finishedDated: new GrowableSample(),
    openTimed: new GrowableSample(),
    openDated: new GrowableSample(),
    admissionsByWeekday: new Float64Array(7),
    admissionsByHour: new Float64Array(24),
    admissionsByMonth: new Map(),
    pathways: new Float64Array(5),
    dischargesByHour: new Float64Array(24),
    dischargesByWeekday: new Float64Array(7),
    fitToDischargeSum: new Float64Array(4),
    fitToDischargeCount: new Float64Array(4),
  };
}

/** Whether a is before b: to the minute when both have times, else by calendar day (a date-only
 * end read as midday may cross the other end of a same-day stay without being wrong). */
function before(a: ExtractTime, b: ExtractTime): boolean {
  if (a.hasTime && b.hasTime) return a.minutes < b.minutes;
  return dayNumberOf(a.minutes) < dayNumberOf(b.minutes);
}

/** Skips a row: thrown inside addRow, caught there. */
class BadRow extends Error {}

export class ExtractReducer {
  private readonly columns: ColumnMap;
  private readonly columnNames: Partial<Record<Field, string>> = {};
  private readonly tallies = new Map<string, GroupTally>();
  private readonly seen = new FingerprintSet();
  private readonly maxStayMinutes: number;
  private readonly listSkipped: number;
  private readonly skippedByReason = new Map<string, number>();
  private readonly skippedRows: SkippedRow[] = [];
  private latestTime = Number.NEGATIVE_INFINITY;
  private firstAdmissionDay = Number.POSITIVE_INFINITY;
  private lastAdmissionDay = Number.NEGATIVE_INFINITY;
  private rowsRead = 0;
  private rowsUsed = 0;

  constructor(
    header: readonly string[],
    mapping: Partial<Record<Field, string>> = {},
    private readonly options: ReduceOptions = {},
  ) {
    this.columns = mapColumns(header, mapping);
    for (const [field, index] of Object.entries(this.columns)) {
      this.columnNames[field as Field] = header[index as number]!;
    }
    this.maxStayMinutes = (options.maxStayDays ?? DEFAULT_MAX_STAY_DAYS) * MINUTES_PER_DAY;
    this.listSkipped = options.listSkipped ?? 50;
  }

  /** One data row; `row` is its line number in the file, for the skipped-row list. */
  addRow(fields: readonly string[], row: number): void {
    this.rowsRead++;
    try {
      this.reduceRow(fields);
      this.rowsUsed++;
    } catch (error) {
      if (!(error instanceof BadRow)) throw error;
      this.skip(row, error.message);
    }
  }

  /** A row the reader could not split into fields (e.g. an unclosed quote). */
  addUnreadableRow(row: number, reason: string): void {
    this.rowsRead++;
    this.skip(row, reason);
  }

  private skip(row: number, reason: string): void {
    this.skippedByReason.set(reason, (this.skippedByReason.get(reason) ?? 0) + 1);
    if (this.skippedRows.length < this.listSkipped) this.skippedRows.push({ row, reason });
  }

  private cell(fields: readonly string[], field: Field): string {
    const index = this.columns[field];
    return index === undefined ? "" : (fields[index] ?? "").trim();
  }

  private when(
    fields: readonly string[],
    dateField: Field,
    timeField: Field | undefined,
    what: string,
  ): ExtractTime | undefined {
    const text = this.cell(fields, dateField);
    if (text === "") return undefined;
    const date = parseExtractDate(text);
    if (!date) throw new BadRow(`unreadable ${what} date`);
    const timeText = timeField === undefined ? "" : this.cell(fields, timeField);
    if (date.hasTime || timeText === "") return date;
    const time = parseTimeOfDay(timeText);
    if (time === undefined) throw new BadRow(`unreadable ${what} time`);
    return { minutes: date.minutes + time, hasTime: true };
  }

  private reduceRow(fields: readonly string[]): void {
    if (fields.every((f) => f.trim() === "")) throw new BadRow("empty row");
    const admitted = this.when(fields, "admitted", "admittedTime", "admission");
    if (!admitted) throw new BadRow("missing admission date");
    const discharged = this.when(fields, "discharged", "dischargedTime", "discharge");
    const fit = this.when(fields, "medicallyFit", undefined, "medically fit");
    const ward = this.columns.ward === undefined ? "ward" : this.cell(fields, "ward");
    if (ward === "") throw new BadRow("missing ward");
    const group = this.columns.group === undefined ? ward : this.cell(fields, "group");
    if (group === "") throw new BadRow("missing group");

    const admittedAt = admitted.hasTime ? admitted.minutes : admitted.minutes + IMPUTED_TIME_OF_DAY;
    const dischargedAt =
      discharged && (discharged.hasTime ? discharged.minutes : discharged.minutes + IMPUTED_TIME_OF_DAY);
    const fitAt = fit && (fit.hasTime ? fit.minutes : fit.minutes + IMPUTED_TIME_OF_DAY);
    const extractTime = this.options.extractTime;
    if (extractTime !== undefined && admittedAt > extractTime)
      throw new BadRow("admitted after the extract was taken");
    if (discharged && before(discharged, admitted)) throw new BadRow("discharge before admission");
    if (fit && before(fit, admitted)) throw new BadRow("medically fit before admission");
    if (fit && discharged && before(discharged, fit)) throw new BadRow("medically fit after discharge");

    const endOfTreatment = fit ? fitAt! : dischargedAt;
    const stay = endOfTreatment === undefined ? undefined : Math.max(0, endOfTreatment - admittedAt);
    if (stay !== undefined && stay > this.maxStayMinutes)
      throw new BadRow(`stay longer than ${this.maxStayMinutes / MINUTES_PER_DAY} days`);
    if (!this.seen.add(this.duplicateKey(fields))) throw new BadRow("duplicate row");

    const key = `${group}\u0000${ward}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = newTally(group, ward);
      this.tallies.set(key, tally);
    }
    tally.spells++;
    this.latestTime = Math.max(this.latestTime, admittedAt, dischargedAt ?? admittedAt, fitAt ?? admittedAt);
    const day = dayNumberOf(admitted.minutes);
    this.firstAdmissionDay = Math.min(this.firstAdmissionDay, day);
    this.lastAdmissionDay = Math.max(this.lastAdmissionDay, day);
    tally.admissionsByWeekday[weekdayOf(admitted.minutes)]!++;
    if (admitted.hasTime) tally.admissionsByHour[hourOf(admitted.minutes)]!++;
    const month = new Date(day * 86_400_000).toISOString().slice(0, 7);
    tally.admissionsByMonth.set(month, (tally.admissionsByMonth.get(month) ?? 0) + 1);

    const bothTimed = admitted.hasTime && (fit ? fit.hasTime : (discharged?.hasTime ?? true));
    if (stay === undefined) (bothTimed ? tally.openTimed : tally.openDated).push(admittedAt);
    else (bothTimed ? tally.finishedTimed : tally.finishedDated).push(stay / MINUTES_PER_DAY);

    if (discharged) {
      const pathway = PATHWAY.exec(this.cell(fields, "pathway"));
      const index = pathway ? Number(pathway[1]) : 4;
      tally.pathways[index]!++;
      tally.dischargesByWeekday[weekdayOf(discharged.minutes)]!++;
      if (discharged.hasTime) tally.dischargesByHour[hourOf(discharged.minutes)]!++;
      if (fit && index < 4) {
        tally.fitToDischargeSum[index]! += Math.max(0, dischargedAt! - fitAt!) / MINUTES_PER_DAY;
        tally.fitToDischargeCount[index]!++;
      }
    }
  }

  private duplicateKey(fields: readonly string[]): string {
    if (this.columns.spell !== undefined) return `spell\u0000${this.cell(fields, "spell")}`;
    return Object.values(this.columns)
      .map((index) => (fields[index] ?? "").trim())
      .join("\u0000");
  }

  finish(): ReducedExtract {
    const extractTime = this.options.extractTime ?? this.latestTime;
    return {
      groups: [...this.tallies.values()],
      extractTime,
      firstAdmissionDay: this.firstAdmissionDay,
      lastAdmissionDay: this.lastAdmissionDay,
      rowsRead: this.rowsRead,
      rowsUsed: this.rowsUsed,
      skippedByReason: this.skippedByReason,
      skippedRows: this.skippedRows,
      columns: this.columnNames,
      hasMedicallyFit: this.columns.medicallyFit !== undefined,
    };
  }
}
