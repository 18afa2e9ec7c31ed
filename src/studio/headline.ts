/**
 * The answer-first block's lines: the batch headline of src/report/headline.ts for the batch the
 * studio ran, with the context built as `careflow batch` builds it (headlineContextFor), so the
 * page shows the very sentences the command line prints for that batch. The studio words none of
 * its own.
 */
import { type batch, batchHeadline, type HeadlineLine, headlineContextFor } from "./pipeline-parts.js";

/**
 * What the headline reads of a finished run (a FinishedRun is one): its plan, the scenario it ran,
 * its summary and comparison. Plain pipeline types, so Node's tests can build one without a browser.
 */
export interface HeadlineSource {
  manifest: batch.BatchManifest;
  source: batch.ScenarioSource;
  finished: Pick<batch.FinishedBatch, "summary" | "comparison">;
}

export function headlineOf(run: HeadlineSource): HeadlineLine[] {
  const { summary, comparison } = run.finished;
  return batchHeadline(summary, comparison, headlineContextFor(run.source, run.manifest));
}
