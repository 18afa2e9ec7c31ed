/**
 * The headline: the few sentences a board member reads first, written once here and shown by
 * every report page, the terminal and `--json` (none of them words a headline of its own).
 *
 * Rules the sentences keep:
 * - Plain words with units: beds whole, days and hours to one decimal, money in £m to one decimal
 *   (pounds below £10,000), percentages whole.
 * - Totals over a run are turned into a year (× 365 ÷ days observed) and say so when the run was
 *   not a year, so runs of different lengths are never set side by side as totals.
 * - A comparison uses better/worse words ("fewer", "shorter", "less") only when both sides are
 *   stable; otherwise it says which side is not stable and why, and compares nothing.
 * - Intervals only where replications give them (the batch's paired differences). When the batch
 *   drew uncertain inputs, the noise-only interval is named so and the interval over inputs and
 *   noise together follows it, in words of its own ("with the uncertainty in the inputs, between
 *   60 and 190").
 *
 * Platform-free: plain data in, plain strings out.
 */
import type { BatchComparison, BatchSummary, MetricComparison, VariantSummary } from "../batch/aggregate.js";
import type { CapacityReport } from "../capacity/types.js";
import type { RunSummary, ServiceFigures } from "../model/summary.js";
import { type TreatedCounts, treatedCountsFrom, treatedFewerWords } from "../model/treated-fewer.js";
import { whole } from "../model/words.js";

export type StabilityVerdict = "stable" | "near-edge" | "not-stable";

export interface StabilityLike {
  verdict: StabilityVerdict;
  evidence: readonly string[];
}

/**
 * A run summary with the figures the trust work adds (stability, unmet demand, cost per patient),
 * read when present. Without `stability`, the verdict is read from the run's own warnings.
 */
export type HeadlineSummary = RunSummary & {
  stability?: StabilityLike;
  unmetDemand?: {
    arrivals: number;
    admitted: number;
    diverted: number;
    stillWaitingForBed: number;
    leftBeforeBed?: number;
    atEnd?: { inBeds: number; waitingForBed: number };
  };
  costs: RunSummary["costs"] & {
    perPatient?: { perAdmission: number | null; perArrival: number | null };
  };
};

export type HeadlineTone = "finding" | "caution" | "warning";

export interface HeadlineLine {
  text: string;
  tone: HeadlineTone;
  /** The variant the line is about (the compared variant for a comparison line). */
  variant?: string;
}

// --- numbers in words ------------------------------------------------------------------------

const DAYS_A_YEAR = 365;

export { whole };

const oneDecimal = (x: number): string => {
  const text = x.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return text === "-0.0" ? "0.0" : text;
};
/** Money: £m to one decimal from £1m; whole pounds below £10,000; £k between. */
export function money(pounds: number): string {
  const sign = pounds < 0 ? "−" : "";
  const x = Math.abs(pounds);
  if (x >= 1e6) return `${sign}£${oneDecimal(x / 1e6)}m`;
  if (x >= 1e4) return `${sign}£${whole(x / 1e3)}k`;
  return `${sign}£${whole(x)}`;
}
const percent = (x: number): string => `${whole(x)}%`;
const plural = (n: number, one: string, many: string): string => (Math.round(n) === 1 ? one : many);

/** "£195.3m a year" for a year's run; "£27.9m over 56 days (£181.7m a year)" otherwise. */
function costOverRun(total: number, days: number): string {
  if (!(days > 0)) return money(total);
  if (Math.abs(days - DAYS_A_YEAR) < 1e-9) return `${money(total)} a year`;
  return `${money(total)} over ${whole(days)} days (${money(perYear(total, days))} a year)`;
}
const perYear = (total: number, days: number): number => (days > 0 ? (total * DAYS_A_YEAR) / days : total);

// --- stability ---------------------------------------------------------------------------------

const VERDICT_WORDS: Record<StabilityVerdict, string> = {
  stable: "stable",
  "near-edge": "near the edge",
  "not-stable": "not stable",
};

/** Shown beside a verdict: enough to say why, short enough for a sentence. */
const EVIDENCE_SHOWN = 2;

/**
 * The run's verdict: its own `stability` when the summary has one, else read from its warnings
 * ("unstable", "growing" and "incomplete" ones mean not stable).
 */
export function stabilityOf(summary: HeadlineSummary): StabilityLike {
  if (summary.stability !== undefined) return summary.stability;
  const reasons = summary.warnings
    .filter((w) => /^(unstable|growing|incomplete): /.test(w))
    .map((w) => w.replace(/^\w+: /, "").split(";")[0]!);
  if (!summary.complete && reasons.length === 0)
    reasons.push(`the run stopped early (${summary.stopReason})`);
  return reasons.length > 0
    ? { verdict: "not-stable", evidence: reasons }
    : { verdict: "stable", evidence: [] };
}

function verdictLine(name: string, stability: StabilityLike): HeadlineLine {
  const evidence = stability.evidence.slice(0, EVIDENCE_SHOWN);
  const words = `${name} is ${VERDICT_WORDS[stability.verdict]}`;
  const tone: HeadlineTone =
    stability.verdict === "not-stable"
      ? "warning"
      : stability.verdict === "near-edge"
        ? "caution"
        : "finding";
  const tail =
    stability.verdict === "not-stable"
      ? "; its averages depend on how long the run lasted and are not findings"
      : "";
  return {
    text: `${evidence.length > 0 ? `${words}: ${evidence.join("; ")}` : words}${tail}.`,
    tone,
    variant: name,
  };
}

/** Why two sides may not be compared, or null when they may. */
function notComparable(sides: readonly { name: string; stability: StabilityLike }[]): string | null {
  const unstable = sides.filter((s) => s.stability.verdict === "not-stable");
  if (unstable.length === 0) return null;
  return unstable
    .map((s) => {
      const evidence = s.stability.evidence.slice(0, EVIDENCE_SHOWN);
      return `${s.name} is not stable${evidence.length > 0 ? ` (${evidence.join("; ")})` : ""}`;
    })
    .join(", and ");
}

function nearEdgeCaveat(sides: readonly { name: string; stability: StabilityLike }[]): string {
  const near = sides.filter((s) => s.stability.verdict === "near-edge").map((s) => s.name);
  return near.length > 0
    ? ` (caution: ${near.join(" and ")} ${near.length > 1 ? "are" : "is"} near the edge)`
    : "";
}

// --- one run -----------------------------------------------------------------------------------

function serviceUse(services: readonly Pick<ServiceFigures, "name" | "capacity" | "utilisation">[]): string {
  const used = services.filter((s) => s.capacity > 0 && s.utilisation > 0);
  const empty = services.filter((s) => s.capacity <= 0);
  const parts = used.map(
    (s) => `about ${whole(s.utilisation * s.capacity)} of ${whole(s.capacity)} in ${s.name}`,
  );
  for (const s of empty) parts.push(`none of ${s.name} (capacity 0)`);
  return parts.join(", ");
}

function staffLines(s: HeadlineSummary): HeadlineLine[] {
  const staff = s.staff;
  if (staff === undefined) return [];
  const lines: HeadlineLine[] = [];
  const rostered = staff.roles.filter((r) => r.rosteredHours > 0);
  const working = rostered.filter((r) => r.busyHours > 0);
  const idle = rostered.length - working.length;
  const busy =
    working.map((r) => `${r.name} ${percent(100 * r.utilisation)} busy`).join(", ") +
    (idle > 0 ? ` (${idle} other ${plural(idle, "role does", "roles do")} no modelled task)` : "");
  if (busy !== "") {
    lines.push({
      text: `${s.variant}: staff cost ${costOverRun(staff.cost, s.horizonDays)}; ${busy}.`,
      tone: "finding",
      variant: s.variant,
    });
  }
  for (const rule of staff.safeStaffing) {
    if (rule.hoursBelow > 0) {
      lines.push({
        text:
          `${s.variant}: unsafe staffing — ward ${rule.ward} was below one registered nurse to ` +
          `${rule.patientsPerRegisteredNurse} patients for ${whole(rule.hoursBelow)} hours ` +
          `(${percent(rule.percentTimeBelow)} of the time), whatever this saves.`,
        tone: "warning",
        variant: s.variant,
      });
    }
  }
  return lines;
}

function theatreLine(s: HeadlineSummary): HeadlineLine[] {
  const t = s.theatres;
  if (t === undefined) return [];
  const cancelled = Object.values(t.cancellations).reduce((a, b) => a + b, 0);
  return [
    {
      text:
        `${s.variant}: theatres ${percent(100 * t.cappedUtilisation)} utilised, ${whole(t.referrals)} referred and ${whole(t.cases)} ` +
        `${plural(t.cases, "operation", "operations")}${t.cases > 0 ? ` (theatre costs ${money(t.costs.perCase)} an operation)` : ""}, ` +
        `${whole(cancelled)} cancelled on the day; ` +
        `${whole(t.waitingListAtEnd)} still on the elective waiting list at the end, ${percent(t.waitingWithin18WeeksPercentAtEnd)} within 18 weeks.`,
      tone: "finding",
      variant: s.variant,
    },
  ];
}

function outpatientLine(s: HeadlineSummary): HeadlineLine[] {
  const op = s.outpatients;
  if (op === undefined) return [];
  const perYear = (x: number | null) => (x === null ? "none" : oneDecimal(x));
  const wait =
    op.waits.firstMeanWeeks === null
      ? "nobody had a first appointment"
      : `a first appointment after ${oneDecimal(op.waits.firstMeanWeeks)} weeks on average`;
  const cost = op.costs.perPatientYear === null ? "" : `; ${money(op.costs.perPatientYear)} per patient-year`;
  const late = op.waits.lateFollowUps > 0 ? `, ${whole(op.waits.lateFollowUps)} follow-ups late` : "";
  return [
    {
      text:
        `${s.variant}: outpatients had ${perYear(op.perPatientYear.faceToFace)} face-to-face appointments and ` +
        `${perYear(op.perPatientYear.remote)} remote reviews per patient-year; ${wait}, ` +
        `${whole(op.waits.stillWaitingFirst)} still waiting at the end${late}${cost}.`,
      tone: op.waits.lateFollowUps > 0 || op.waits.stillWaitingFirst > 0 ? "caution" : "finding",
      variant: s.variant,
    },
  ];
}

function unmetDemandLine(s: HeadlineSummary): HeadlineLine[] {
  const u = s.unmetDemand;
  const left = u?.leftBeforeBed ?? 0;
  if (u === undefined || (u.diverted === 0 && u.stillWaitingForBed === 0 && left === 0)) return [];
  const leftWords = u.leftBeforeBed === undefined ? " and" : `, ${whole(left)} left before a bed and`;
  return [
    {
      text:
        `${s.variant}: of ${whole(u.arrivals)} arrivals, ${whole(u.admitted)} were admitted, ` +
        `${whole(u.diverted)} turned away${leftWords} ${whole(u.stillWaitingForBed)} still waiting for a bed at the end.`,
      tone: "warning",
      variant: s.variant,
    },
  ];
}

/**
 * Unfinished stays matter when counting them raises the mean by this share of the completed mean
 * (and by a tenth of a day, the figure's rounding): then both figures are quoted.
 */
const MATERIAL_SHARE = 0.05;

/**
 * "mean stay 6.2 days (completed spells)", and, where the patients still in hospital at the end
 * would change it (issue 11's "count everyone"), the mean over everyone with their stays so far,
 * a lower bound: "…; counting the 412 still in hospital at the end, at least 9.8 days".
 */
function meanStay(s: HeadlineSummary): string {
  const completed = s.los.overall.meanDays;
  const all = s.allPatients?.los;
  const everyone = all?.allPatientsMeanDaysLowerBound ?? null;
  const unfinished = all?.unfinishedSpells ?? 0;
  const still = `the ${whole(unfinished)} still in hospital at the end`;
  if (completed === null) {
    return everyone === null || unfinished === 0
      ? "mean stay: none completed"
      : `mean stay: none completed; ${still} had stayed ${oneDecimal(everyone)} days on average so far`;
  }
  const base = `mean stay ${oneDecimal(completed)} days (completed spells)`;
  if (everyone === null || unfinished === 0) return base;
  // Only a rise says anything: the figure over everyone is a lower bound on their true mean.
  const moved = everyone - completed;
  const material = moved >= MATERIAL_SHARE * completed && oneDecimal(everyone) !== oneDecimal(completed);
  return material ? `${base}; counting ${still}, at least ${oneDecimal(everyone)} days` : base;
}

/** The lines about one run on its own (no comparison words). */
export function runHeadline(summary: HeadlineSummary): HeadlineLine[] {
  const s = summary;
  const stability = stabilityOf(s);
  const lines: HeadlineLine[] = [verdictLine(s.variant, stability)];
  const perAdmission = s.costs.perPatient?.perAdmission;
  const perPatient =
    perAdmission !== undefined && perAdmission !== null
      ? `, ${money(perAdmission)} per admitted patient`
      : "";
  const lengthNote =
    Math.abs(s.horizonDays - DAYS_A_YEAR) < 1e-9 ? "" : ` (a ${whole(s.horizonDays)}-day run)`;
  lines.push({
    text:
      `${s.variant}${lengthNote}: about ${whole(s.headline.occupiedBedsMean)} beds occupied on average ` +
      `for ${oneDecimal(s.headline.admissionsPerDay)} admissions a day; ${meanStay(s)}; ` +
      `costs ${costOverRun(s.costs.total, s.horizonDays)}${perPatient}.`,
    tone: "finding",
    variant: s.variant,
  });
  const use = serviceUse(s.services);
  if (use !== "") {
    lines.push({ text: `${s.variant} uses ${use}.`, tone: "finding", variant: s.variant });
  }
  lines.push(...unmetDemandLine(s), ...edLine(s), ...theatreLine(s), ...staffLines(s), ...outpatientLine(s));
  return lines;
}

/** The emergency department in words: the standards from arrival and from the decision to admit. */
function edLine(s: HeadlineSummary): HeadlineLine[] {
  const e = s.ed;
  if (e === undefined) return [];
  const within = e.within4hPercent === null ? "none yet decided" : percent(e.within4hPercent);
  return [
    {
      text:
        `${s.variant}: ED ${whole(e.arrivals)} ${plural(e.arrivals, "attendance", "attendances")}, ${within} ` +
        `left within 4 hours of arrival; ${whole(e.over12hFromArrival)} over 12 hours from arrival, ` +
        `${whole(e.over12hFromDecision)} over 12 hours from the decision to admit; ${whole(e.left)} left ` +
        `before being seen or before a bed, ${whole(e.stillInDepartment)} still in the department at the end.`,
      tone: e.over12hFromDecision > 0 || e.left > 0 ? "warning" : "finding",
      variant: s.variant,
    },
  ];
}

// --- several runs, one each ----------------------------------------------------------------------

/** "fewer"/"more" words for a difference, or "about the same" when it rounds to nothing. */
function changeWords(
  difference: number,
  format: (x: number) => string,
  words: (amount: string, lower: boolean) => string,
  same: string,
): string {
  if (!Number.isFinite(difference)) return `no ${same} to compare`;
  const amount = format(Math.abs(difference));
  if (amount === format(0)) return `about the same ${same}`;
  return words(amount, difference < 0);
}

function runChanges(b: HeadlineSummary, v: HeadlineSummary): string[] {
  const cost = perYear(v.costs.total, v.horizonDays) - perYear(b.costs.total, b.horizonDays);
  return [
    changeWords(
      v.headline.occupiedBedsMean - b.headline.occupiedBedsMean,
      whole,
      (x, lower) => `${x} ${lower ? "fewer" : "more"} occupied beds on average`,
      "occupied beds",
    ),
    changeWords(
      (v.los.overall.meanDays ?? Number.NaN) - (b.los.overall.meanDays ?? Number.NaN),
      oneDecimal,
      (x, lower) => `mean stay ${x} days ${lower ? "shorter" : "longer"}`,
      "mean stay",
    ),
    changeWords(
      (v.timeToBed.meanHours ?? Number.NaN) - (b.timeToBed.meanHours ?? Number.NaN),
      oneDecimal,
      (x, lower) => `mean wait for a bed ${x} hours ${lower ? "shorter" : "longer"}`,
      "wait for a bed",
    ),
    changeWords(cost, money, (x, lower) => `costs ${x} a year ${lower ? "less" : "more"}`, "cost a year"),
    ...outpatientChanges(b, v),
  ];
}

/** Outpatient cost and visits per patient-year, when both runs have outpatients. */
function outpatientChanges(b: HeadlineSummary, v: HeadlineSummary): string[] {
  const bo = b.outpatients;
  const vo = v.outpatients;
  if (bo === undefined || vo === undefined) return [];
  return [
    changeWords(
      (vo.costs.perPatientYear ?? Number.NaN) - (bo.costs.perPatientYear ?? Number.NaN),
      money,
      (x, lower) => `outpatient cost ${x} per patient-year ${lower ? "less" : "more"}`,
      "outpatient cost per patient-year",
    ),
    changeWords(
      (vo.perPatientYear.faceToFace ?? Number.NaN) - (bo.perPatientYear.faceToFace ?? Number.NaN),
      oneDecimal,
      (x, lower) => `${x} ${lower ? "fewer" : "more"} face-to-face appointments per patient-year`,
      "face-to-face appointments",
    ),
  ];
}

/** Ward-hours below the safe nurse ratio, over all wards with a rule (0 without staff). */
const unsafeHours = (s: HeadlineSummary): number =>
  (s.staff?.safeStaffing ?? []).reduce((a, r) => a + r.hoursBelow, 0);

const runTreated = (s: HeadlineSummary): TreatedCounts => ({
  operations: s.theatres?.cases,
  electiveListAtEnd: s.theatres?.waitingListAtEnd,
  firstAppointments: s.outpatients?.appointments.first,
  waitingFirstAtEnd: s.outpatients?.waits.stillWaitingFirst,
});

/** One line per variant after the first, against the first. */
export function comparisonLines(summaries: readonly HeadlineSummary[]): HeadlineLine[] {
  const [baseline, ...others] = summaries;
  if (baseline === undefined) return [];
  const bSide = { name: baseline.variant, stability: stabilityOf(baseline) };
  return others.map((v) => {
    const vSide = { name: v.variant, stability: stabilityOf(v) };
    const why = notComparable([bSide, vSide]);
    if (why !== null) {
      return {
        text: `${v.variant} against ${baseline.variant}: not compared, because ${why}.`,
        tone: "warning" as const,
        variant: v.variant,
      };
    }
    const lengths =
      Math.abs(v.horizonDays - baseline.horizonDays) > 1e-9
        ? ` (runs of ${whole(v.horizonDays)} and ${whole(baseline.horizonDays)} days; costs compared a year)`
        : "";
    const changes = runChanges(baseline, v).join(", ");
    // Whatever it saves, a variant that staffs a ward below its safe ratio says so in the same breath.
    const unsafe = unsafeHours(v);
    const safety =
      unsafe > 0
        ? `; but ${v.variant} is below the safe nurse ratio for ${whole(unsafe)} ward-hours (${baseline.variant}: ${whole(unsafeHours(baseline))})`
        : "";
    // Whatever it saves, a variant that treats fewer patients says so in the same breath too.
    const fewer = treatedFewerWords(baseline.variant, runTreated(baseline), v.variant, runTreated(v));
    return {
      text: `${v.variant} against ${baseline.variant}: ${changes}${lengths}${nearEdgeCaveat([bSide, vSide])}${safety}${fewer === null ? "" : `; ${fewer}`}.`,
      tone: unsafe > 0 ? ("warning" as const) : fewer !== null ? ("caution" as const) : ("finding" as const),
      variant: v.variant,
    };
  });
}

/**
 * The headline of one run or of several side by side (the first is the one the others are
 * compared with): comparisons first, then each run's own lines.
 */
export function runsHeadline(summaries: readonly HeadlineSummary[]): HeadlineLine[] {
  return [...comparisonLines(summaries), ...summaries.flatMap(runHeadline)];
}

// --- a batch -----------------------------------------------------------------------------------

export interface BatchHeadlineContext {
  /** Days observed in each replication, by variant (totals are turned into a year). */
  horizonDays?: Readonly<Record<string, number>>;
  /** Community services of each variant, for the capacity it uses. */
  services?: Readonly<Record<string, readonly { id: string; name: string; capacity: number }[]>>;
  /**
   * Each variant's verdict from its inputs (offered load against capacity), used when the batch
   * summary carries no verdict from the replications themselves.
   */
  stability?: Readonly<Record<string, StabilityLike>>;
}

function batchStability(v: VariantSummary & { stability?: StabilityLike }, context: BatchHeadlineContext) {
  const known = v.stability ?? context.stability?.[v.name];
  if (known !== undefined) return known;
  if (v.incomplete > 0) {
    return {
      verdict: "not-stable" as const,
      evidence: [`${v.incomplete} of ${v.replications} replications stopped at the event limit`],
    };
  }
  return { verdict: "stable" as const, evidence: [] };
}

const meanOf = (v: VariantSummary, metric: string): number | null => v.metrics[metric]?.mean ?? null;

interface BatchFigure {
  metric: string;
  /** From the metric's unit to the unit shown, e.g. pounds over the run to pounds a year. */
  scale: (variant: string) => number;
  format: (x: number) => string;
  words: (amount: string, lower: boolean) => string;
  /** The direction words alone, for an end of a range: ["fewer", "more"]. */
  direction: readonly [lower: string, higher: string];
  /** What "no clear difference in …" names. */
  same: string;
}

function batchFigures(context: BatchHeadlineContext): BatchFigure[] {
  const annual = context.horizonDays !== undefined;
  const year = (variant: string): number => {
    const days = context.horizonDays?.[variant];
    return days !== undefined && days > 0 ? DAYS_A_YEAR / days : 1;
  };
  return [
    {
      metric: "headline.occupiedBedsMean",
      scale: () => 1,
      format: whole,
      words: (x, lower) => `${x} ${lower ? "fewer" : "more"} occupied beds on average`,
      direction: ["fewer", "more"],
      same: "occupied beds",
    },
    {
      metric: "headline.meanLosDays",
      scale: () => 1,
      format: oneDecimal,
      words: (x, lower) => `mean stay ${x} days ${lower ? "shorter" : "longer"}`,
      direction: ["shorter", "longer"],
      same: "mean stay",
    },
    {
      metric: "headline.totalCost",
      scale: year,
      format: money,
      words: (x, lower) => `costs ${x} ${annual ? "a year " : ""}${lower ? "less" : "more"}`,
      direction: ["less", "more"],
      same: annual ? "cost a year" : "cost",
    },
    // Only in scenarios with outpatients (a metric the batch lacks gives no words).
    {
      metric: "outpatients.costs.perPatientYear",
      scale: () => 1,
      format: money,
      words: (x, lower) => `outpatient cost ${x} per patient-year ${lower ? "less" : "more"}`,
      direction: ["less", "more"],
      same: "outpatient cost per patient-year",
    },
    {
      metric: "outpatients.perPatientYear.faceToFace",
      scale: () => 1,
      format: oneDecimal,
      words: (x, lower) => `${x} ${lower ? "fewer" : "more"} face-to-face appointments per patient-year`,
      direction: ["fewer", "more"],
      same: "face-to-face appointments",
    },
  ];
}

/** The words that name the interval over inputs and noise together, wherever it is quoted. */
export const WITH_INPUT_UNCERTAINTY = "with the uncertainty in the inputs";
/** Named beside a noise-only interval when the batch also has the interval over inputs. */
const NOISE_ONLY = "simulation noise only";

type Range = { low: number | null; high: number | null } | undefined;

/**
 * The interval over inputs and noise, in the sentence's direction: "between 60 and 190" when both
 * ends lie on the side the sentence names, else each end with its own word ("between 3 fewer and
 * 20 more"), so a range that crosses zero never reads as a sure gain.
 */
function inputRange(figure: BatchFigure, range: Range, scale: number, lower: boolean | null): string | null {
  if (range === undefined || range.low === null || range.high === null) return null;
  const f = figure.format;
  const [lo, hi] = [range.low * scale, range.high * scale];
  const zero = f(0);
  const side = (x: number): -1 | 0 | 1 => (f(Math.abs(x)) === zero ? 0 : x < 0 ? -1 : 1);
  if (lower !== null && side(lo) !== 0 && side(hi) !== 0 && side(lo) === side(hi) && side(lo) < 0 === lower) {
    const [from, to] = lower ? [-hi, -lo] : [lo, hi];
    return `${WITH_INPUT_UNCERTAINTY}, between ${f(from)} and ${f(to)}`;
  }
  const end = (x: number): string => {
    const s = side(x);
    return s === 0 ? zero : `${f(Math.abs(x))} ${figure.direction[s < 0 ? 0 : 1]}`;
  };
  return `${WITH_INPUT_UNCERTAINTY}, between ${end(lo)} and ${end(hi)}`;
}

function batchChange(
  figure: BatchFigure,
  variant: string,
  m: MetricComparison | undefined,
  confidence: number,
  overInputs: Range,
): string | null {
  if (m === undefined || m.meanDifference === null) return null;
  const scale = figure.scale(variant);
  const ci = m.paired;
  const ci95 = `${Math.round(100 * confidence)}% CI`;
  const f = figure.format;
  // With uncertain inputs, the noise-only interval says so, and the wider one follows it.
  const noiseOnly = overInputs === undefined ? "" : `, ${NOISE_ONLY}`;
  if (ci !== null && ci.low <= 0 && ci.high >= 0) {
    const inputs = inputRange(figure, overInputs, scale, null);
    return `no clear difference in ${figure.same} (${ci95} ${f(ci.low * scale)} to ${f(ci.high * scale)}${noiseOnly}${inputs === null ? "" : `; ${inputs}`})`;
  }
  // The interval in the sentence's own direction: "2.1 days shorter (95% CI 1.9 to 2.3)".
  const lower = m.meanDifference < 0;
  const [from, to] = ci === null ? [0, 0] : lower ? [-ci.high, -ci.low] : [ci.low, ci.high];
  const inputs = inputRange(figure, overInputs, scale, lower);
  const interval =
    ci === null
      ? ` (too few replications for an interval${inputs === null ? "" : `; ${inputs}`})`
      : ` (${ci95} ${f(from * scale)} to ${f(to * scale)}${noiseOnly}${inputs === null ? "" : `; ${inputs}`})`;
  return changeWords(m.meanDifference * scale, figure.format, figure.words, figure.same) + interval;
}

/**
 * For the batch's own comparison sentences: why a pair may not be compared in better/worse
 * words (either side not stable), by the same verdicts as the headline; null when it may.
 */
export function batchComparisonBar(summary: BatchSummary, context: BatchHeadlineContext = {}) {
  const byName = new Map(summary.variants.map((v) => [v.name, v]));
  const side = (name: string) => {
    const v = byName.get(name);
    return { name, stability: v ? batchStability(v, context) : { verdict: "stable" as const, evidence: [] } };
  };
  return (variant: string, baseline: string): string | null => notComparable([side(baseline), side(variant)]);
}

/**
 * The headline of a batch: each variant's verdict, each comparison with the first variant with
 * its paired confidence intervals, and each variant's means (occupied beds, cost, community
 * capacity used).
 */
export function batchHeadline(
  summary: BatchSummary,
  comparison: BatchComparison | undefined,
  context: BatchHeadlineContext = {},
): HeadlineLine[] {
  const lines: HeadlineLine[] = [];
  const byName = new Map(summary.variants.map((v) => [v.name, v]));
  const side = (name: string) => {
    const v = byName.get(name);
    return { name, stability: v ? batchStability(v, context) : { verdict: "stable" as const, evidence: [] } };
  };
  const figures = batchFigures(context);
  const isSweep = summary.sweep !== null;
  // A sweep's many points are its table and charts; its headline is the verdicts and the ends.
  for (const c of isSweep ? [] : (comparison?.comparisons ?? [])) {
    const sides = [side(c.baseline), side(c.variant)];
    const why = notComparable(sides);
    if (why !== null) {
      lines.push({
        text: `${c.variant} against ${c.baseline}: not compared, because ${why}.`,
        tone: "warning",
        variant: c.variant,
      });
      continue;
    }
    const changes = figures
      .map((f) =>
        batchChange(
          f,
          c.variant,
          c.metrics[f.metric],
          comparison!.confidence,
          c.inputUncertainty === undefined
            ? undefined
            : (c.inputUncertainty.metrics[f.metric] ?? { low: null, high: null }),
        ),
      )
      .filter((x): x is string => x !== null);
    if (changes.length === 0) continue;
    const fewer = treatedFewerWords(
      c.baseline,
      treatedCountsFrom((m) => c.metrics[m]?.baselineMean),
      c.variant,
      treatedCountsFrom((m) => c.metrics[m]?.variantMean),
    );
    lines.push({
      text: `${c.variant} against ${c.baseline}, over ${c.metrics[figures[0]!.metric]?.pairs ?? summary.replications} paired replications: ${changes.join(", ")}${nearEdgeCaveat(sides)}${fewer === null ? "" : `; ${fewer}`}.`,
      tone: fewer === null ? "finding" : "caution",
      variant: c.variant,
    });
  }
  for (const v of summary.variants) {
    const stability = batchStability(v, context);
    if (stability.verdict !== "stable" || stability.evidence.length > 0)
      lines.push(verdictLine(v.name, stability));
    const drawn = v.inputUncertainty;
    if (drawn !== undefined && drawn.notStable > 0 && stability.verdict !== "not-stable") {
      // Stable at the central inputs, but not for some plausible inputs: the range over inputs
      // then holds runs whose figures depend on how long they lasted.
      lines.push({
        text:
          `${v.name}: ${whole(drawn.notStable)} of ${whole(drawn.replications)} replications with drawn inputs were not stable, ` +
          `so for some plausible inputs the system does not settle; the ranges ${WITH_INPUT_UNCERTAINTY} include those runs.`,
        tone: "caution",
        variant: v.name,
      });
    }
    const beds = meanOf(v, "headline.occupiedBedsMean");
    const cost = meanOf(v, "headline.totalCost");
    const parts: string[] = [];
    const days = context.horizonDays?.[v.name];
    const overInputs = (metric: string, format: (x: number) => string, scale = 1, unit = ""): string => {
      const r = v.inputUncertainty?.metrics[metric];
      if (r === undefined || r.low === null || r.high === null) return "";
      return ` (${WITH_INPUT_UNCERTAINTY}, between ${format(r.low * scale)} and ${format(r.high * scale)}${unit})`;
    };
    if (beds !== null)
      parts.push(
        `about ${whole(beds)} beds occupied on average${overInputs("headline.occupiedBedsMean", whole)}`,
      );
    if (cost !== null) {
      const shown = days !== undefined ? costOverRun(cost, days) : `${money(cost)} over the run`;
      const year = days !== undefined && days > 0 ? DAYS_A_YEAR / days : 1;
      const unit = days === undefined ? " over the run" : " a year";
      parts.push(`costs ${shown}${overInputs("headline.totalCost", money, year, unit)}`);
    }
    const services = (context.services?.[v.name] ?? []).map((s) => ({
      name: s.name,
      capacity: s.capacity,
      utilisation: meanOf(v, `services.${s.id}.utilisation`) ?? 0,
    }));
    const use = serviceUse(services);
    if (use !== "") parts.push(`uses ${use}`);
    if (parts.length > 0 && !isSweep) {
      lines.push({
        text: `${v.name} (mean of ${v.replications} replications): ${parts.join("; ")}.`,
        tone: "finding",
        variant: v.name,
      });
    }
  }
  if (isSweep && lines.length === 0) {
    lines.push({
      text: `No point of the sweep is flagged as not stable or near the edge (${summary.replications} replications a point); the table and charts below show how the figures change along it.`,
      tone: "finding",
    });
  }
  return lines;
}

// --- capacity ----------------------------------------------------------------------------------

/**
 * The capacity report's headline: for each ward and service, today's capacity against its offered
 * load, and what the targets need; a unit offered as much work as it has capacity is not stable.
 */
export function capacityHeadline(report: CapacityReport): HeadlineLine[] {
  const lines: HeadlineLine[] = [];
  const unitWords = (kind: string): string =>
    kind === "ward" ? "beds" : kind === "assessment" ? "assessors" : "places";
  for (const u of report.units) {
    if (u.arrivalsPerDay <= 0 || u.model === "rate") continue;
    const unit = unitWords(u.kind);
    const busy = u.capacity > 0 ? ` (${percent((100 * u.offeredLoad) / u.capacity)} of capacity)` : "";
    const load = `${u.name}: ${whole(u.capacity)} ${unit} today for an offered load of ${whole(u.offeredLoad)}${busy}`;
    // Over capacity by the formulas: a queue that would grow without limit if nothing else gave way.
    const over = u.offeredLoad >= u.capacity;
    const needs: string[] = [];
    if (u.needed !== null) {
      if (u.kind === "ward") {
        needs.push(
          `${whole(u.needed.forBlocking)} for at most ${percent(100 * report.targets.blocking)} of admissions finding it full`,
        );
      } else {
        needs.push(`${whole(u.needed.forDelay)} for at most ${percent(100 * report.targets.delay)} waiting`);
      }
      needs.push(
        `${whole(u.needed.forOccupancy)} for ${percent(100 * report.targets.occupancy)} mean occupancy`,
      );
    }
    const overText = over ? ", over capacity by the queueing formulas" : "";
    lines.push({
      text: needs.length > 0 ? `${load}${overText}; needs ${needs.join(", ")}.` : `${load}${overText}.`,
      tone: over ? "warning" : u.flag !== null ? "caution" : "finding",
      variant: report.variant,
    });
  }
  const staff = report.staff?.summary;
  if (staff !== undefined) {
    lines.push({
      text:
        `Staff: the rosters cost ${money(staff.rosteredCostPerWeek)} a week; the cheapest roster meeting the targets ${money(staff.cheapestCostPerWeek)}` +
        (staff.hoursShort > 0
          ? `; the rosters are short in ${whole(staff.hoursShort)} hours of the week.`
          : "."),
      tone: staff.hoursShort > 0 ? "warning" : "finding",
      variant: report.variant,
    });
  }
  return lines;
}

/** The headline's sentences alone (terminal, JSON). */
export const headlineText = (lines: readonly HeadlineLine[]): string[] => lines.map((l) => l.text);
