/**
 * The answer-first block's lines: the batch headline of src/report/headline.ts for the batch the
 * studio ran, with the context built as `careflow batch` builds it (headlineContextFor), so the
 * page shows the very sentences the command line prints for that batch. The studio words none of
 * its own.
 */
import { type batch, batchHeadline, type HeadlineLine, headlineContextFor } from "./pipeline-parts.js";
import type { FinishedRun } from "./runner.js";

/** What the headline reads of a finished run: its plan, the scenario it ran, its summary and comparison. */
export type HeadlineSource = Pick<FinishedRun, "manifest" | "source"> & {
  finished: Pick<batch.FinishedBatch, "summary" | "comparison">;
};

export function headlineOf(run: HeadlineSource): HeadlineLine[] {
  const { summary, comparison } = run.finished;
  return batchHeadline(summary, comparison, headlineContextFor(run.source, run.manifest));
}
