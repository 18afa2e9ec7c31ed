/**
 * Whether two variants may be compared in better/worse words. A variant that is not stable has
 * no steady state: its means depend on how long the run lasted and on who had not finished, so
 * "3.28 days shorter" or "£49m less" against it is an artefact, not a finding. Such comparisons
 * say instead which side is not stable and why. Near the edge still compares, with a caveat.
 * Platform-free: batch, reports, terminal and the browser all word comparisons through here.
 */
import { type Stability, stabilityWords } from "./stability.js";

export interface ComparedVariant {
  name: string;
  stability: Stability;
}

export type ComparisonPermission =
  | { allowed: true; caveats: string[] }
  | { allowed: false; reasons: string[] };

/** Evidence shown beside a verdict: enough to say why, short enough for a sentence. */
const EVIDENCE_SHOWN = 2;

function because(side: ComparedVariant): string {
  const evidence = side.stability.evidence.slice(0, EVIDENCE_SHOWN);
  const words = `${side.name} is ${stabilityWords(side.stability.verdict)}`;
  return evidence.length > 0 ? `${words}: ${evidence.join("; ")}` : words;
}

export function comparisonPermission(
  baseline: ComparedVariant,
  variant: ComparedVariant,
): ComparisonPermission {
  const sides = [baseline, variant];
  const unstable = sides.filter((s) => s.stability.verdict === "not-stable");
  if (unstable.length > 0) return { allowed: false, reasons: unstable.map(because) };
  return { allowed: true, caveats: sides.filter((s) => s.stability.verdict === "near-edge").map(because) };
}

export interface FigureDifference {
  /** What is compared, e.g. "mean length of stay". */
  what: string;
  /** variant − baseline, in the figure's unit. */
  difference: number;
  /** The size of the difference as it should read, e.g. "3.28 days" or "£49.0m". */
  amount: string;
  /** Words for a lower and a higher variant figure, e.g. { lower: "shorter", higher: "longer" }. */
  words: { lower: string; higher: string };
}

/**
 * One comparison sentence: "d2a: mean length of stay 3.28 days shorter than standard", or, when
 * either side is not stable, "mean length of stay: not compared, because d2a-zero is not stable: …".
 */
export function comparisonSentence(
  baseline: ComparedVariant,
  variant: ComparedVariant,
  figure: FigureDifference,
): string {
  const permission = comparisonPermission(baseline, variant);
  if (!permission.allowed)
    return `${figure.what}: not compared, because ${permission.reasons.join(", and ")}`;
  const direction =
    figure.difference === 0
      ? `the same as ${baseline.name}`
      : `${figure.amount} ${figure.difference < 0 ? figure.words.lower : figure.words.higher} than ${baseline.name}`;
  const caveat = permission.caveats.length > 0 ? ` (caution: ${permission.caveats.join(", and ")})` : "";
  return `${variant.name}: ${figure.what} ${direction}${caveat}`;
}
