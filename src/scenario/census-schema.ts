/**
 * Starting from a census: the patients in beds and the community caseloads on the run's first
 * day, one by one. Written inline (`initialState.patients`, `initialState.caseloads`) or, as a
 * trust would, in CSV files beside the scenario (`initialState.census`, `initialState.caseloadCensus`)
 * that the file reader turns into the same lists. Nothing identifies a patient: no identifier
 * column is read, and nothing of a row but these fields reaches the run.
 */
import { z } from "zod";
import { durationSchema, id } from "./basics.js";
import { pathNameProblem } from "./names.js";

/** Most census rows in one file: a large trust's inpatients and caseloads, many times over. */
export const MAX_CENSUS_ROWS = 200_000;

/** Why `name` cannot name a file inside the scenario's folder, or undefined when it can. */
export function censusFileProblem(name: string): string | undefined {
  const parts = name.split("/");
  for (const part of parts) {
    const problem = pathNameProblem(part);
    if (problem !== undefined) {
      return `must name a file in the scenario's folder or below it: "${part}" ${problem}`;
    }
  }
  return undefined;
}

const censusFile = z.string().superRefine((name, ctx) => {
  const problem = censusFileProblem(name);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: name });
});

export const censusPatientSchema = z.strictObject({
  ward: id,
  group: id,
  stayed: durationSchema.describe("Time in hospital before the run starts (admitted that long ago)."),
  medicallyFit: z.boolean().default(false).describe("Already medically fit for discharge."),
  pathway: z.number().int().min(0).max(3).optional().describe("Discharge pathway if known (else drawn)."),
});

export const censusCaseloadSchema = z.strictObject({
  service: id,
  supported: durationSchema.describe("Time already supported when the run starts."),
});

export const censusFields = {
  census: censusFile
    .optional()
    .describe(
      "CSV of today's inpatients (columns ward, group, admitted, medically_fit, pathway), relative to this file.",
    ),
  caseloadCensus: censusFile
    .optional()
    .describe("CSV of today's community caseloads (columns service, started), relative to this file."),
  patients: z.array(censusPatientSchema).max(MAX_CENSUS_ROWS).optional().describe("Inpatients one by one."),
  caseloads: z.array(censusCaseloadSchema).max(MAX_CENSUS_ROWS).optional().describe("Caseloads one by one."),
};

export type CensusPatient = z.input<typeof censusPatientSchema>;
export type CensusCaseload = z.input<typeof censusCaseloadSchema>;

/** What the census files held, as the inline lists they stand for, under the names they were read by. */
export interface CensusData {
  census?: { name: string; patients: CensusPatient[] };
  caseloadCensus?: { name: string; caseloads: CensusCaseload[] };
}

/**
 * The raw scenario with its census files' rows added to the inline lists; a file named but not
 * read (named by a variant, or in a browser) is a problem, never an empty census.
 */
export function attachCensus(
  raw: Record<string, unknown>,
  census: CensusData | undefined,
): { raw: Record<string, unknown>; problems: { path: (string | number)[]; message: string }[] } {
  const initial = raw.initialState;
  if (typeof initial !== "object" || initial === null || Array.isArray(initial)) return { raw, problems: [] };
  const state = initial as Record<string, unknown>;
  const problems: { path: (string | number)[]; message: string }[] = [];
  const next = { ...state };
  const notRead =
    "was not read: census files are read with the scenario file itself (careflow run, batch, capacity), so a variant cannot name another";
  if (typeof state.census === "string") {
    if (census?.census?.name !== state.census)
      problems.push({ path: ["initialState", "census"], message: notRead });
    else
      next.patients = [...(Array.isArray(state.patients) ? state.patients : []), ...census.census.patients];
  }
  if (typeof state.caseloadCensus === "string") {
    if (census?.caseloadCensus?.name !== state.caseloadCensus)
      problems.push({ path: ["initialState", "caseloadCensus"], message: notRead });
    else
      next.caseloads = [
        ...(Array.isArray(state.caseloads) ? state.caseloads : []),
        ...census.caseloadCensus.caseloads,
      ];
  }
  if (next.patients === state.patients && next.caseloads === state.caseloads) return { raw, problems };
  return { raw: { ...raw, initialState: next }, problems };
}

/** Inline census entries name wards, groups and services the file defines, and a stage on that ward. */
export function checkCensusReferences(
  raw: Record<string, unknown>,
  problems: { path: (string | number)[]; message: string }[],
): void {
  const initial = raw.initialState as Record<string, unknown> | undefined;
  if (typeof initial !== "object" || initial === null) return;
  const records = (x: unknown): Record<string, unknown>[] =>
    Array.isArray(x)
      ? x.filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
      : [];
  const wards = new Set(records(raw.wards).map((w) => w.id));
  const services = new Set(records(raw.community).map((s) => s.id));
  const stageWards = new Map(
    records(raw.groups).map((g) => [g.id, records(g.stages).map((s) => s.ward)] as const),
  );
  const listed = (what: string, known: Iterable<unknown>) => {
    const names = [...known].filter((k) => typeof k === "string").map((k) => `"${k}"`);
    return `unknown ${what}; the file defines ${names.join(", ") || "none"}`;
  };
  (Array.isArray(initial.patients) ? initial.patients : []).forEach((p: unknown, i: number) => {
    if (typeof p !== "object" || p === null) return;
    const { ward, group } = p as Record<string, unknown>;
    const path = ["initialState", "patients", i];
    if (typeof ward === "string" && !wards.has(ward))
      problems.push({ path: [...path, "ward"], message: listed("ward", wards) });
    if (typeof group === "string" && !stageWards.has(group))
      problems.push({ path: [...path, "group"], message: listed("patient group", stageWards.keys()) });
    else if (typeof group === "string" && wards.has(ward) && !stageWards.get(group)!.includes(ward))
      problems.push({
        path: [...path, "ward"],
        message: `group "${group}" has no stage on ward "${String(ward)}"`,
      });
  });
  (Array.isArray(initial.caseloads) ? initial.caseloads : []).forEach((c: unknown, i: number) => {
    if (typeof c !== "object" || c === null) return;
    const { service } = c as Record<string, unknown>;
    if (typeof service === "string" && !services.has(service))
      problems.push({
        path: ["initialState", "caseloads", i, "service"],
        message: listed("community service", services),
      });
  });
}
