/**
 * "Count everyone" for planned care: a variant that operates on fewer patients, or sees fewer at a
 * first outpatient appointment, than the baseline saves money by treating fewer people. Wherever
 * a comparison may call it cheaper or better, the same sentence says how many fewer it treated and
 * how many were still waiting at the end. Platform-free: batch, reports and terminal share it.
 */

import { whole } from "./words.js";

/** What one side treated and left waiting; any count may be missing (no theatres, no clinics). */
export interface TreatedCounts {
  operations?: number | null;
  electiveListAtEnd?: number | null;
  firstAppointments?: number | null;
  waitingFirstAtEnd?: number | null;
}

/**
 * Fewer by at least this share of the baseline (and at least one patient) is said: below it, the
 * paired difference is the noise of a few patients' timing at the end of the run.
 */
export const TREATED_FEWER_SHARE = 0.01;

function fewer(baseline: number | null | undefined, variant: number | null | undefined): number | null {
  if (baseline === null || baseline === undefined || variant === null || variant === undefined) return null;
  const gap = baseline - variant;
  return Math.round(gap) >= 1 && gap >= TREATED_FEWER_SHARE * baseline ? gap : null;
}

function stillWaiting(what: string, baseline: number | null | undefined, variant: number | null | undefined) {
  if (baseline === null || baseline === undefined || variant === null || variant === undefined) return "";
  return `, with ${whole(variant)} still ${what} at the end against ${whole(baseline)}`;
}

/**
 * "but fewer-trolleys operated on 178 fewer patients than day-case (965 against 1,144), with 336
 * still on the elective waiting list at the end against 131", or null when it treated no fewer.
 */
export function treatedFewerWords(
  baselineName: string,
  baseline: TreatedCounts,
  variantName: string,
  variant: TreatedCounts,
): string | null {
  const parts: string[] = [];
  const operations = fewer(baseline.operations, variant.operations);
  if (operations !== null) {
    parts.push(
      `operated on ${whole(operations)} fewer patients than ${baselineName} ` +
        `(${whole(variant.operations!)} against ${whole(baseline.operations!)})` +
        stillWaiting("on the elective waiting list", baseline.electiveListAtEnd, variant.electiveListAtEnd),
    );
  }
  const firsts = fewer(baseline.firstAppointments, variant.firstAppointments);
  if (firsts !== null) {
    parts.push(
      `saw ${whole(firsts)} fewer patients at a first outpatient appointment ` +
        `(${whole(variant.firstAppointments!)} against ${whole(baseline.firstAppointments!)})` +
        stillWaiting(
          "waiting for a first appointment",
          baseline.waitingFirstAtEnd,
          variant.waitingFirstAtEnd,
        ),
    );
  }
  return parts.length > 0 ? `but ${variantName} ${parts.join(", and ")}` : null;
}

/** The metric names these counts have in batch summaries and comparisons. */
export const TREATED_METRICS = {
  operations: "theatres.cases",
  electiveListAtEnd: "theatres.waitingListAtEnd",
  firstAppointments: "outpatients.appointments.first",
  waitingFirstAtEnd: "outpatients.waits.stillWaitingFirst",
} as const;

/** Counts from a table of means by metric name (a batch variant or one side of a comparison). */
export function treatedCountsFrom(mean: (metric: string) => number | null | undefined): TreatedCounts {
  return {
    operations: mean(TREATED_METRICS.operations),
    electiveListAtEnd: mean(TREATED_METRICS.electiveListAtEnd),
    firstAppointments: mean(TREATED_METRICS.firstAppointments),
    waitingFirstAtEnd: mean(TREATED_METRICS.waitingFirstAtEnd),
  };
}
