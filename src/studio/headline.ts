/**
 * The answer-first block's words, in one place: today the batch comparison's own sentences
 * (what `careflow batch` prints). When the reports' platform-free headline function lands
 * (src/report/headline.ts), it replaces the body of this function and nothing else changes.
 * The studio adds no sentences of its own.
 */
import { comparisonSentences, precisionSentence } from "./pipeline-parts.js";
import type { FinishedRun } from "./runner.js";

export interface Headline {
  /** Plain sentences with 95% CIs from paired (common random numbers) differences. */
  sentences: string[];
  /** Notes that qualify the answer: precision, stability verdicts, replications stopped at the event limit. */
  notes: string[];
}

export function headlineOf(run: FinishedRun): Headline {
  const { summary, comparison } = run.finished;
  const sentences = comparison === undefined ? [] : comparisonSentences(comparison, run.manifest.keyMetrics);
  const notes: string[] = [];
  if (summary.precision !== null) notes.push(precisionSentence(summary.precision));
  // The stability verdict, as batchReport words it, for every variant that is not stable.
  for (const v of summary.variants) {
    if (v.stability !== undefined && v.stability.verdict !== "stable") {
      notes.push(`${v.name}: ${v.stability.evidence.join("; ")}`);
    }
  }
  const incomplete = summary.variants.filter((v) => v.incomplete > 0);
  if (incomplete.length > 0) {
    notes.push(
      `${incomplete.map((v) => `${v.incomplete} of ${v.name}'s`).join(", ")} replications stopped at the event limit; their figures are not comparable.`,
    );
  }
  return { sentences, notes };
}
