/**
 * The extract's columns: the fields the fit reads, the header names it recognises for each, and
 * `--map field=Column` for an extract whose names differ. Header names are matched ignoring case,
 * spaces and punctuation, so "Admission Date", "ADMISSION_DATE" and "admissiondate" are one name.
 */
import { InputError } from "../scenario/problems.js";

export const FIELDS = [
  "spell",
  "group",
  "ward",
  "admitted",
  "admittedTime",
  "discharged",
  "dischargedTime",
  "medicallyFit",
  "pathway",
] as const;
export type Field = (typeof FIELDS)[number];

/** What each field holds, for the README and for the error that lists the expected columns. */
export const FIELD_HELP: Record<Field, string> = {
  spell: "spell identifier (optional; only to find duplicate rows, never copied)",
  group: "patient group, e.g. specialty or admission method (optional; default: the ward)",
  ward: "ward of the stay (optional; default: one ward)",
  admitted: "admission date, or date and time (required)",
  admittedTime: "admission time, when kept apart from the date (optional)",
  discharged: "discharge date, or date and time (blank: still in hospital when extracted)",
  dischargedTime: "discharge time, when kept apart from the date (optional)",
  medicallyFit: "date (and time) the patient was medically fit for discharge (optional)",
  pathway: "discharge pathway 0–3 (optional; 0, 1, 2, 3, P0–P3 or 'pathway 1')",
};

const KNOWN_NAMES: Record<Field, readonly string[]> = {
  spell: ["spell", "spellid", "spellnumber", "id", "episodeid", "hospitalproviderspellnumber"],
  group: ["group", "patientgroup", "specialty", "admissionmethod", "cohort"],
  ward: ["ward", "wardcode", "wardname", "ward_code"],
  admitted: ["admitted", "admissiondate", "admissiondatetime", "admitdate", "startdate", "arrival"],
  admittedTime: ["admissiontime", "admittime", "admittedtime", "starttime"],
  discharged: ["discharged", "dischargedate", "dischargedatetime", "enddate", "departure"],
  dischargedTime: ["dischargetime", "dischargedtime", "endtime"],
  medicallyFit: ["medicallyfit", "medicallyfitdate", "mfd", "mffd", "readyfordischarge", "fitdate"],
  pathway: ["pathway", "dischargepathway", "dischargedestinationpathway"],
};

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Field → column index (absent when the extract has no such column). */
export type ColumnMap = Partial<Record<Field, number>>;

/** Parses "--map admitted=ADM_DATE,ward=WARD_CODE" into field → column name. */
export function parseColumnMapping(text: string | undefined): Partial<Record<Field, string>> {
  const mapping: Partial<Record<Field, string>> = {};
  if (!text) return mapping;
  const problems: string[] = [];
  for (const part of text.split(",")) {
    const [field, column] = part.split("=").map((s) => s.trim());
    if (!field || !column) {
      problems.push(`"${part}" is not field=Column`);
      continue;
    }
    const known = FIELDS.find((f) => f.toLowerCase() === field.toLowerCase());
    if (!known) problems.push(`"${field}" is not a field (fields: ${FIELDS.join(", ")})`);
    else mapping[known] = column;
  }
  if (problems.length > 0) throw new InputError(`--map: ${problems.join("; ")}`);
  return mapping;
}

/** Finds each field's column in the header row; every problem at once. */
export function mapColumns(
  header: readonly string[],
  mapping: Partial<Record<Field, string>> = {},
): ColumnMap {
  const byName = new Map<string, number>();
  header.forEach((name, index) => {
    const key = normalise(name);
    if (!byName.has(key)) byName.set(key, index);
  });
  const columns: ColumnMap = {};
  const problems: string[] = [];
  for (const field of FIELDS) {
    const asked = mapping[field];
    if (asked !== undefined) {
      const index = byName.get(normalise(asked));
      if (index === undefined) problems.push(`column "${asked}" (for ${field}) is not in the header`);
      else columns[field] = index;
      continue;
    }
    const index = KNOWN_NAMES[field].map((n) => byName.get(n)).find((i) => i !== undefined);
    if (index !== undefined) columns[field] = index;
  }
  if (problems.length === 0 && columns.admitted === undefined) {
    problems.push(
      `no admission date column (looked for ${KNOWN_NAMES.admitted.join(", ")}; name yours with --map admitted=Column)`,
    );
  }
  if (problems.length > 0) throw new InputError(`the extract's header: ${problems.join("; ")}`);
  return columns;
}
