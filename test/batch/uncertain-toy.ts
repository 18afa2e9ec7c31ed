/** A scenario whose answer under input uncertainty is known in closed form, and reading records. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { asManifest, recordLayout } from "../../src/batch/manifest.js";
import { parseRecords } from "../../src/batch/records.js";

/**
 * M/D/∞: Poisson arrivals at λ a day, every stay exactly S days, beds never short. Given λ, the
 * time-average occupancy has mean λ·S and (for a run of T days, T ≫ S) variance ≈ λ·S²/T, since the
 * number present has autocovariance λ·(S − |τ|)⁺. With λ ~ uniform(A, B) drawn per replication,
 * occupancy = S·λ + noise: its variance is S²·(B − A)²/12 + E[λ]·S²/T.
 */
export const A = 80;
export const B = 120;
export const S = 2;
export const T = 180;
export function toyScenario(spread = true): string {
  const rate = spread ? `{ uncertain: { dist: uniform, min: ${A}, max: ${B} }, source: assumed }` : "100";
  return `name: M/D/infinity with an uncertain arrival rate
seed: 11
run:
  start: "2026-01-05"
  warmup: 10d
  horizon: ${T}d
wards:
  - id: ward
    beds: 100000
  - id: unused # no one is ever admitted here: its cost can never matter
    beds: 10
    costPerOccupiedBedDay: { uncertain: { dist: uniform, min: 100, max: 900 }, source: assumed }
community:
  - id: home
    kind: caseload
    capacity: 10
    lengthOfSupport: 1d
groups:
  - id: everyone
    arrivals: { perDay: ${rate} }
    stages:
      - ward: ward
        los: ${S}d
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
discharge:
  policy: standard
  standard:
    assessment: { assessors: 1, duration: 1d }
    services: { p1: home, p2: home, p3: home }
  d2a:
    assessment: { assessors: 1, duration: 1d }
    services: { p1: home, p2: home, p3: home }
variants:
  slower:
    groups.everyone.stages.0.los: 2.5d
`;
}

export interface RecordLine {
  variant: string;
  replication: number;
  metrics: { [name: string]: number | null };
  inputs?: { [key: string]: number };
}

/** The folder's records with their metrics by name (lines list values in batch.json's order). */
export function readRecords(dir: string): RecordLine[] {
  const manifest = asManifest(JSON.parse(readFileSync(join(dir, "batch.json"), "utf8")), "batch.json");
  const path = join(dir, "replications.jsonl");
  return parseRecords(readFileSync(path, "utf8"), path, recordLayout(manifest)).records;
}
