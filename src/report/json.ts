/**
 * What `--json` prints: one shape whatever the number of variants, the units every field is in,
 * and the same headline sentences the terminal and the reports show.
 */
import type { BatchComparison, BatchSummary } from "../batch/aggregate.js";
import {
  type BatchHeadlineContext,
  batchHeadline,
  type HeadlineSummary,
  headlineText,
  runsHeadline,
} from "./headline.js";

export const RUN_JSON_FORMAT = "careflow-run/2";
export const BATCH_JSON_FORMAT = "careflow-batch-result/1";

/** How to read a field by its name: the names carry their units, and money is always pounds. */
export const UNITS = {
  money:
    "pounds sterling (GBP, £): every field under costs, every *Cost and *cost field, costPerSpell, perSpell, perCase, perAdmission, perArrival, hourlyCost",
  moneyPeriod:
    "totals (costs.total, headline.totalCost, …) cover the observed days after warm-up of that variant (horizonDays); per-patient fields are per patient",
  durations:
    "fields ending Days are days, Hours hours, Minutes minutes, Weeks weeks; perDay fields are a day",
  percentages:
    "fields ending Percent are per cent (0–100); utilisation and occupancyRate are fractions (0–1)",
  counts: "other numbers are counts (patients, spells, beds, places, sessions) over the observed days",
} as const;

export interface RunJson {
  format: typeof RUN_JSON_FORMAT;
  units: typeof UNITS;
  /** The headline sentences, as the terminal and the report show them. */
  headline: string[];
  /** One summary per variant, in the order asked for (one element for one variant). */
  variants: HeadlineSummary[];
}

export function runJson(summaries: readonly HeadlineSummary[]): RunJson {
  return {
    format: RUN_JSON_FORMAT,
    units: UNITS,
    headline: headlineText(runsHeadline(summaries)),
    variants: [...summaries],
  };
}

export interface BatchJson {
  format: typeof BATCH_JSON_FORMAT;
  units: typeof UNITS & { intervals: string };
  headline: string[];
  scenario: BatchSummary["scenario"];
  seed: number;
  confidence: number;
  replications: number;
  sweep: BatchSummary["sweep"];
  precision: BatchSummary["precision"];
  /** Each variant's metrics: mean, sd, confidence interval and percentiles over replications. */
  variants: BatchSummary["variants"];
  /** Paired differences from the first variant (empty with one variant). */
  comparisons: BatchComparison["comparisons"];
}

export function batchJson(
  summary: BatchSummary,
  comparison: BatchComparison | undefined,
  context: BatchHeadlineContext = {},
): BatchJson {
  return {
    format: BATCH_JSON_FORMAT,
    units: {
      ...UNITS,
      intervals:
        "ciLow/ciHigh and paired low/high are confidence intervals at `confidence`, covering simulation noise only",
    },
    headline: headlineText(batchHeadline(summary, comparison, context)),
    scenario: summary.scenario,
    seed: summary.seed,
    confidence: summary.confidence,
    replications: summary.replications,
    sweep: summary.sweep,
    precision: summary.precision,
    variants: summary.variants,
    comparisons: comparison?.comparisons ?? [],
  };
}
