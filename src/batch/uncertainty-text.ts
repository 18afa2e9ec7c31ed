/**
 * The terminal's lines for a batch with uncertain inputs: the interval over inputs and noise
 * together, said apart from the noise-only ± intervals of the table above it.
 */
import type { BatchComparison, BatchSummary } from "./aggregate.js";
import { decimalsFor, formatNumber, metricLabel } from "./report-text.js";

function range(low: number | null, high: number | null, centre: number | null): string | undefined {
  if (low === null || high === null || centre === null) return undefined;
  const places = decimalsFor((high - low) / 4, centre);
  const f = (x: number) => formatNumber(x, places);
  return `${f(centre)} on average, between ${f(low)} and ${f(high)}`;
}

export function inputUncertaintyLines(
  summary: BatchSummary,
  comparison: BatchComparison | undefined,
  metrics: readonly string[],
): string[] {
  const inputs = summary.inputs;
  if (inputs === undefined || inputs.length === 0) return [];
  const drawn = summary.variants[0]?.inputUncertainty?.replications ?? 0;
  const lines = [
    "",
    `With the uncertainty in the inputs (${inputs.length} uncertain input${inputs.length === 1 ? "" : "s"}, drawn afresh in each of ${drawn} further replications a variant; each range holds 95% of the draws' results, inputs and simulation noise together — the ± above is simulation noise only, at the inputs' central values):`,
  ];
  for (const v of summary.variants) {
    const u = v.inputUncertainty;
    if (u !== undefined && u.notStable > 0) {
      lines.push(
        `  ${v.name}: ${u.notStable} of ${u.replications} drawn replications were not stable; their figures depend on run length`,
      );
    }
  }
  for (const metric of metrics) {
    const parts = summary.variants.flatMap((v) => {
      const s = v.inputUncertainty?.metrics[metric];
      const text = s === undefined ? undefined : range(s.low, s.high, s.mean);
      return text === undefined ? [] : [`${v.name} ${text}`];
    });
    if (parts.length > 0) lines.push(`  ${metricLabel(metric)}: ${parts.join("; ")}`);
  }
  for (const c of comparison?.comparisons ?? []) {
    if (c.wording !== undefined && !c.wording.allowed) continue;
    for (const metric of metrics) {
      const d = c.inputUncertainty?.metrics[metric];
      const text = d === undefined ? undefined : range(d.low, d.high, d.meanDifference);
      if (text !== undefined) lines.push(`  ${metricLabel(metric)}, ${c.variant} − ${c.baseline}: ${text}`);
    }
  }
  lines.push("  Uncertain inputs (central value; 10th–90th percentile; source):");
  for (const input of inputs) {
    lines.push(
      `    ${input.key}: ${input.distribution}; ${input.shown.central}; ${input.shown.p10}–${input.shown.p90}; ${input.source}`,
    );
  }
  return lines;
}
