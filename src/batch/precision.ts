/**
 * The precision rule: add replications in rounds until every watched metric's 95 % CI
 * half-width is within `target` of its mean, in every variant, or the cap is reached.
 *
 * Determinism: the rule is replayed from the records alone. Round sizes depend only on the
 * statistics at each check (never on timing or worker count), and replications are always
 * 0 … n − 1, so a resumed or re-run batch reaches the same checks and stops at the same n.
 * All variants share one n, keeping every replication's CRN partner.
 */
import { asTable, metricStats, type PrecisionOutcome, type RecordSource } from "./aggregate.js";
import type { PrecisionRule } from "./manifest.js";
import type { VariantSpec } from "./plan.js";
import type { RecordTable } from "./table.js";

/** Smallest step between checks, so a near miss does not cost a round of one replication. */
const MIN_STEP = 5;
/** At most doubling per round: a noisy pilot can overstate the need. */
const MAX_GROWTH = 2;
/** Margin on the estimate, since the t quantile and the spread both move as n grows. */
const SAFETY = 1.1;

export interface PrecisionCheck {
  met: boolean;
  worst: PrecisionOutcome["worst"];
  /** Estimated replications to meet the target (Infinity if a mean is zero). */
  needed: number;
}

export function checkPrecision(
  table: RecordTable,
  variants: readonly VariantSpec[],
  rule: PrecisionRule,
  n: number,
): PrecisionCheck {
  let met = true;
  let worst: PrecisionCheck["worst"] = null;
  let worstRatio = -1;
  let needed = n;
  for (const v of variants) {
    for (const metric of rule.metrics) {
      const rel = metricStats(table.values(v.name, metric, n)).relativeHalfWidth;
      const ratio = rel === null ? Number.POSITIVE_INFINITY : rel / rule.target;
      if (ratio > 1) met = false;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { variant: v.name, metric, relativeHalfWidth: rel };
      }
      // Half-widths shrink as 1/√n.
      needed = Math.max(needed, Math.ceil(n * ratio * ratio));
    }
  }
  return { met, worst, needed };
}

export function nextSize(n: number, check: PrecisionCheck, rule: PrecisionRule): number {
  const proposal = Number.isFinite(check.needed) ? Math.ceil(SAFETY * check.needed) : MAX_GROWTH * n;
  const next = Math.max(n + MIN_STEP, Math.min(MAX_GROWTH * n, proposal));
  return Math.min(rule.max, next);
}

export type PrecisionState =
  | { kind: "run"; replications: number; checks: number[] }
  | { kind: "done"; outcome: PrecisionOutcome };

/**
 * Replays the rule over the records there are: either the batch is settled, or it needs
 * replications 0 … replications − 1 of every variant before the next check.
 */
export function replayPrecision(
  records: RecordSource,
  variants: readonly VariantSpec[],
  rule: PrecisionRule,
): PrecisionState {
  const table = asTable(variants, records);
  let n = Math.min(rule.initial, rule.max);
  const checks: number[] = [];
  for (;;) {
    const complete = variants.every((v) => table.count(v.name, n) === n);
    if (!complete) return { kind: "run", replications: n, checks };
    checks.push(n);
    const check = checkPrecision(table, variants, rule, n);
    if (check.met || n >= rule.max) {
      return {
        kind: "done",
        outcome: {
          target: rule.target,
          metrics: rule.metrics,
          met: check.met,
          replications: n,
          checks,
          worst: check.worst,
        },
      };
    }
    n = nextSize(n, check, rule);
  }
}
