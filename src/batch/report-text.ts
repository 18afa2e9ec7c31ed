/** What the terminal shows after a batch: a small table of key metrics and plain sentences. */

import { log10 } from "../engine/math.js";
import { treatedCountsFrom, treatedFewerWords } from "../model/treated-fewer.js";
import type { BatchComparison, BatchSummary, MetricComparison, PrecisionOutcome } from "./aggregate.js";

type Sentence = (variant: string, baseline: string, amount: string, lower: boolean) => string;

const SENTENCES: Record<string, Sentence> = {
  "headline.occupiedBedsMean": (v, b, x, lower) =>
    `${v} uses ${x} ${lower ? "fewer" : "more"} occupied beds than ${b}`,
  "headline.occupiedBedsP95": (v, b, x, lower) =>
    `${v} needs ${x} ${lower ? "fewer" : "more"} beds at the 95th centile of occupancy than ${b}`,
  "headline.meanLosDays": (v, b, x, lower) =>
    `${v}'s mean length of stay is ${x} days ${lower ? "shorter" : "longer"} than ${b}'s`,
  "headline.meanDelayDays": (v, b, x, lower) =>
    `${v}'s mean delay to discharge is ${x} days ${lower ? "shorter" : "longer"} than ${b}'s`,
  "headline.delayedBedDaysPerDay": (v, b, x, lower) =>
    `${v} has ${x} ${lower ? "fewer" : "more"} delayed bed-days a day than ${b}`,
  "headline.timeToBedMeanHours": (v, b, x, lower) =>
    `${v}'s mean wait for a bed is ${x} hours ${lower ? "shorter" : "longer"} than ${b}'s`,
  "headline.fourHourBreachPercent": (v, b, x, lower) =>
    `${v} has ${x} percentage points ${lower ? "fewer" : "more"} four-hour waits for a bed than ${b}`,
  "headline.totalCost": (v, b, x, lower) => `${v} costs £${x} ${lower ? "less" : "more"} than ${b}`,
  "headline.costPerSpell": (v, b, x, lower) =>
    `${v} costs £${x} ${lower ? "less" : "more"} a spell than ${b}`,
  "headline.admissionsPerDay": (v, b, x, lower) =>
    `${v} admits ${x} ${lower ? "fewer" : "more"} patients a day than ${b}`,
  "ed.within4hPercent": (v, b, x, lower) =>
    `${v} has ${x} percentage points ${lower ? "fewer" : "more"} ED attendances leaving within 4 hours of arrival than ${b}`,
  "ed.over12hFromArrival": (v, b, x, lower) =>
    `${v} has ${x} ${lower ? "fewer" : "more"} ED attendances over 12 hours from arrival than ${b}`,
  "ed.over12hFromDecision": (v, b, x, lower) =>
    `${v} has ${x} ${lower ? "fewer" : "more"} ED patients over 12 hours from the decision to admit than ${b}`,
  "ed.left": (v, b, x, lower) =>
    `${v} has ${x} ${lower ? "fewer" : "more"} ED patients leaving before being seen or before a bed than ${b}`,
};

const LABELS: Record<string, string> = {
  "headline.occupiedBedsMean": "occupied beds",
  "headline.occupiedBedsP95": "beds at the 95th centile of occupancy",
  "headline.meanLosDays": "mean length of stay (days)",
  "headline.meanDelayDays": "mean delay to discharge (days)",
  "headline.delayedBedDaysPerDay": "delayed bed-days a day",
  "headline.timeToBedMeanHours": "mean wait for a bed (hours)",
  "headline.fourHourBreachPercent": "four-hour waits for a bed (%)",
  "headline.totalCost": "total cost (£)",
  "headline.costPerSpell": "cost a spell (£)",
  "ed.within4hPercent": "ED: within 4 hours of arrival (%)",
  "ed.over12hFromArrival": "ED: over 12 hours from arrival",
  "ed.over12hFromDecision": "ED: over 12 hours from decision to admit",
  "ed.left": "ED: left before being seen or a bed",
};

const MONEY = new Set(["headline.totalCost", "headline.costPerSpell"]);

export const metricLabel = (metric: string): string => LABELS[metric] ?? metric;

/** Decimals enough to show the interval's second significant digit, at most 3. */
export function decimalsFor(halfWidth: number | null, value: number): number {
  const scale = halfWidth !== null && halfWidth > 0 ? halfWidth : Math.abs(value);
  if (!(scale > 0)) return 0;
  return Math.max(0, Math.min(3, -Math.floor(log10(scale)) + (halfWidth ? 0 : 2)));
}

export function formatNumber(x: number, decimals: number): string {
  const text = x.toLocaleString("en-GB", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  // A small negative rounded to zero reads as "-0.0", which looks like a sign error.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

export function comparisonSentence(
  variant: string,
  baseline: string,
  metric: string,
  m: MetricComparison,
): string {
  const d = m.meanDifference;
  const ci = m.paired;
  if (d === null) return `${metricLabel(metric)}: no comparison (no values)`;
  const places = decimalsFor(ci?.halfWidth ?? null, d);
  const f = (x: number): string => formatNumber(x, places);
  if (ci === null)
    return `${metricLabel(metric)}: ${variant} − ${baseline} = ${f(d)} (too few replications for an interval)`;
  if (ci.low <= 0 && ci.high >= 0) {
    return (
      `${metricLabel(metric)}: no clear difference between ${variant} and ${baseline} ` +
      `(${variant} − ${baseline} = ${f(d)}, 95% CI ${f(ci.low)} to ${f(ci.high)})`
    );
  }
  const lower = d < 0;
  const [from, to] = lower ? [-ci.high, -ci.low] : [ci.low, ci.high];
  const unit = MONEY.has(metric) ? "£" : "";
  const sentence =
    SENTENCES[metric] ??
    ((v: string, b: string, x: string, low: boolean) =>
      `${metric}: ${v} is ${x} ${low ? "lower" : "higher"} than ${b}`);
  return `${sentence(variant, baseline, f(Math.abs(d)), lower)} (95% CI ${unit}${f(from)}–${unit}${f(to)})`;
}

/** Why a variant may not be compared with its baseline in better/worse words (null: it may). */
export type ComparisonBar = (variant: string, baseline: string) => string | null;

/** Words that read as an improvement in a comparison sentence. */
const BETTER_WORDS = /\b(shorter|fewer|less|lower|saves|cheaper)\b/i;

export function comparisonSentences(
  comparison: BatchComparison,
  metrics: readonly string[],
  bar: ComparisonBar = () => null,
): string[] {
  const lines: string[] = [];
  for (const c of comparison.comparisons) {
    // A side that is not stable has no steady state to compare: say so, once, and compare nothing.
    // The comparison's own verdict wins; older comparison.json files without one use `bar`.
    const reason =
      c.wording !== undefined && !c.wording.allowed
        ? c.wording.reasons.join(", and ")
        : bar(c.variant, c.baseline);
    if (reason !== null) {
      lines.push(`${c.variant} against ${c.baseline}: not compared, because ${reason}`);
      continue;
    }
    // A variant that treats fewer patients says so beside whatever reads as better.
    const fewer = treatedFewerWords(
      c.baseline,
      treatedCountsFrom((name) => c.metrics[name]?.baselineMean),
      c.variant,
      treatedCountsFrom((name) => c.metrics[name]?.variantMean),
    );
    let said = false;
    for (const metric of metrics) {
      const m = c.metrics[metric];
      if (m === undefined) continue;
      const sentence = comparisonSentence(c.variant, c.baseline, metric, m);
      // Checked on the sentence without the names, which may hold such words ("fewer-trolleys").
      const words = sentence.split(c.variant).join("").split(c.baseline).join("");
      const beside = fewer !== null && BETTER_WORDS.test(words);
      said ||= beside;
      lines.push(beside ? `${sentence}; ${fewer}` : sentence);
    }
    if (fewer !== null && !said) lines.push(`${fewer}.`);
  }
  return lines;
}

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "))
    .join("\n");
}

function meanWithCi(summary: BatchSummary, variant: number, metric: string): string {
  const s = summary.variants[variant]?.metrics[metric];
  if (s === undefined || s.mean === null) return "–";
  const places = decimalsFor(s.halfWidth, s.mean);
  return s.halfWidth === null
    ? formatNumber(s.mean, places)
    : `${formatNumber(s.mean, places)} ± ${formatNumber(s.halfWidth, places)}`;
}

/** Key metrics, mean ± 95 % CI half-width: metrics down and variants across, or a row per variant for sweeps. */
export function summaryTable(summary: BatchSummary, metrics: readonly string[]): string {
  const variants = summary.variants;
  if (summary.sweep !== null) {
    const axes = summary.sweep.map((a) => a.path);
    const several = new Set(variants.map((v) => v.base)).size > 1;
    const shown = metrics.slice(0, 4);
    const header = [...(several ? ["variant"] : []), ...axes, ...shown.map(metricLabel)];
    const rows = variants.map((v, i) => [
      ...(several ? [v.base] : []),
      ...axes.map((a) => String(v.point?.[a] ?? "")),
      ...shown.map((m) => meanWithCi(summary, i, m)),
    ]);
    return pad([header, ...rows]);
  }
  if (variants.length <= 4) {
    const header = ["", ...variants.map((v) => v.name)];
    const rows = metrics.map((m) => [metricLabel(m), ...variants.map((_, i) => meanWithCi(summary, i, m))]);
    return pad([header, ...rows]);
  }
  const shown = metrics.slice(0, 4);
  const header = ["variant", ...shown.map(metricLabel)];
  const rows = variants.map((v, i) => [v.name, ...shown.map((m) => meanWithCi(summary, i, m))]);
  return pad([header, ...rows]);
}

export function precisionSentence(p: PrecisionOutcome): string {
  const pct = (x: number): string => `${formatNumber(100 * x, 1)}%`;
  if (p.met) {
    return (
      `Precision: every watched metric's 95% CI half-width is within ${pct(p.target)} of its mean after ` +
      `${p.replications} replications a variant (checked at ${p.checks.join(", ")}).`
    );
  }
  const w = p.worst;
  const widest =
    w === null
      ? ""
      : `; the widest is ${w.metric} in ${w.variant} at ${w.relativeHalfWidth === null ? "an undefined share (mean 0)" : pct(w.relativeHalfWidth)} of its mean`;
  return `Precision: ${pct(p.target)} not reached within the cap of ${p.replications} replications a variant${widest}.`;
}

export function batchReport(
  summary: BatchSummary,
  comparison: BatchComparison | undefined,
  metrics: readonly string[],
  bar: ComparisonBar = () => null,
): string {
  const lines = [
    `${summary.scenario.name}: ${summary.replications} replications a variant, seed ${summary.seed}; mean ± 95% CI half-width`,
    "",
    summaryTable(summary, metrics),
  ];
  if (summary.precision !== null) lines.push("", precisionSentence(summary.precision));
  const verdicts = summary.variants.filter(
    (v) => v.stability !== undefined && v.stability.verdict !== "stable",
  );
  if (verdicts.length > 0) {
    lines.push("");
    for (const v of verdicts) lines.push(`${v.name}: ${v.stability.evidence.join("; ")}`);
  }
  const incomplete = summary.variants.filter((v) => v.incomplete > 0);
  if (incomplete.length > 0) {
    lines.push(
      "",
      `Warning: ${incomplete.map((v) => `${v.incomplete} of ${v.name}`).join(", ")} replications stopped at the event limit.`,
    );
  }
  if (comparison !== undefined && summary.sweep !== null) {
    lines.push(
      "",
      `Differences from the first point, ${comparison.baseline}, are in comparison.csv; the sweep table in sweep.csv.`,
    );
  } else if (comparison !== undefined) {
    lines.push("", `Against ${comparison.baseline} (paired replications, common random numbers):`);
    for (const s of comparisonSentences(comparison, metrics, bar)) lines.push(`  ${s}`);
  }
  return lines.join("\n");
}
