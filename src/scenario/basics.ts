/**
 * Building blocks shared by every part of the scenario schema: durations with units, duration
 * distributions, probabilities, ids, clock times and weekly profiles.
 */
import { z } from "zod";
import type { DistributionSpec } from "../engine/distributions.js";
import { parseDuration } from "../engine/time.js";

export const durationSchema = z
  .string({ error: 'must be a duration with a unit, e.g. "4h", "2.5d" or "30min"' })
  .describe('A duration with a unit: "30min", "4h", "2.5d", "1w", "1h 30min".')
  .transform((text, ctx) => {
    try {
      return parseDuration(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message, input: text });
      return z.NEVER;
    }
  });

export const positiveDuration = durationSchema.refine((m) => m > 0, { message: "must be longer than zero" });

export const probability = z.number().min(0).max(1).describe("A probability between 0 and 1.");
export const wholeNumber = z.number().int().min(0);
export const money = z.number().min(0).describe("Pounds sterling.");
export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'ids use letters, digits, "-" and "_", e.g. "acute-medicine"');

/** Time of day "HH:MM". */
export const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day is written "HH:MM", e.g. "08:30"')
  .transform((t) => {
    const [h, m] = t.split(":").map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  });

const DATE_FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Why `text` is not a real calendar date (and time), or undefined when it is one. */
export function calendarDateProblem(text: string): string | undefined {
  const match = DATE_FORM.exec(text);
  if (match === null) return 'a date is written "YYYY-MM-DD", e.g. "2026-01-05"';
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((x) => Number(x ?? 0));
  if (month! < 1 || month! > 12) return `there is no month ${month} (months run 01 to 12)`;
  const lastDay = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (day! < 1 || day! > lastDay) {
    return `there is no day ${day} in ${year}-${String(month).padStart(2, "0")} (it has ${lastDay} days)`;
  }
  if (hour > 23 || minute > 59 || second > 59) return "the time of day must lie between 00:00 and 23:59";
  return undefined;
}

/**
 * A real calendar date, "YYYY-MM-DD" (a time "YYYY-MM-DDTHH:MM" is also read): "2026-02-30" is
 * refused here rather than quietly becoming 2 March when the run starts.
 */
export const calendarDate = z
  .string({ error: 'must be a date written "YYYY-MM-DD", e.g. "2026-01-05"' })
  .superRefine((text, ctx) => {
    const problem = calendarDateProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: text });
  });

const distributionObject = z.discriminatedUnion("dist", [
  z.strictObject({ dist: z.literal("constant"), value: durationSchema }),
  z.strictObject({ dist: z.literal("uniform"), min: durationSchema, max: durationSchema }),
  z.strictObject({
    dist: z.literal("triangular"),
    min: durationSchema,
    mode: durationSchema,
    max: durationSchema,
  }),
  z.strictObject({ dist: z.literal("exponential"), mean: positiveDuration }),
  z.strictObject({ dist: z.literal("normal"), mean: durationSchema, sd: durationSchema }),
  z.strictObject({
    dist: z.literal("truncnormal"),
    mean: durationSchema,
    sd: durationSchema,
    min: durationSchema.optional(),
    max: durationSchema.optional(),
  }),
  z.strictObject({
    dist: z.literal("lognormal"),
    mean: positiveDuration,
    sd: durationSchema.optional(),
    median: positiveDuration.optional(),
  }),
  z.strictObject({
    dist: z.literal("gamma"),
    mean: positiveDuration,
    shape: z.number().positive().optional(),
    cv: z.number().positive().optional(),
  }),
  z.strictObject({ dist: z.literal("erlang"), mean: positiveDuration, k: z.number().int().min(1) }),
  z.strictObject({
    dist: z.literal("weibull"),
    shape: z.number().positive(),
    scale: positiveDuration.optional(),
    mean: positiveDuration.optional(),
  }),
  z.strictObject({
    dist: z.literal("pert"),
    min: durationSchema,
    mode: durationSchema,
    max: durationSchema,
    lambda: z.number().positive().optional(),
  }),
  z.strictObject({
    dist: z.literal("discrete"),
    values: z.array(durationSchema).min(1),
    weights: z.array(z.number().min(0)).min(1),
  }),
  z.strictObject({ dist: z.literal("empirical"), points: z.array(durationSchema).min(2) }),
]);

/** A duration distribution: a plain duration means "always this long". */
export const durationDistributionSchema = z
  .union([durationSchema, distributionObject], {
    error:
      'must be a duration with a unit (e.g. "4h") or a distribution such as { dist: exponential, mean: "2d" }',
  })
  .describe('A duration ("2d") or a distribution such as { dist: lognormal, mean: "4.2d", sd: "3d" }.')
  .transform((value, ctx): DistributionSpec => {
    if (typeof value === "number") return { dist: "constant", value };
    const problem = distributionProblem(value);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: problem, input: value });
      return z.NEVER;
    }
    return toSpec(value);
  });

type DistributionObject = z.output<typeof distributionObject>;

function distributionProblem(d: DistributionObject): string | undefined {
  switch (d.dist) {
    case "uniform":
      return d.min <= d.max ? undefined : "uniform needs min ≤ max";
    case "triangular":
    case "pert":
      return d.min <= d.mode && d.mode <= d.max ? undefined : `${d.dist} needs min ≤ mode ≤ max`;
    case "normal":
    case "truncnormal":
      if (d.sd < 0) return "sd must be ≥ 0";
      if (d.dist === "truncnormal" && d.min !== undefined && d.max !== undefined && d.min >= d.max) {
        return "truncnormal needs min < max";
      }
      return undefined;
    case "lognormal":
      if ((d.sd === undefined) === (d.median === undefined))
        return "lognormal needs exactly one of sd or median";
      if (d.median !== undefined && d.median > d.mean) return "lognormal median must not exceed its mean";
      return undefined;
    case "gamma":
      return (d.shape === undefined) === (d.cv === undefined)
        ? "gamma needs exactly one of shape or cv"
        : undefined;
    case "weibull":
      return (d.scale === undefined) === (d.mean === undefined)
        ? "weibull needs exactly one of scale or mean"
        : undefined;
    case "discrete":
      if (d.values.length !== d.weights.length) return "discrete needs as many weights as values";
      return d.weights.some((w) => w > 0) ? undefined : "discrete needs at least one weight above zero";
    default:
      return undefined;
  }
}

function toSpec(d: DistributionObject): DistributionSpec {
  switch (d.dist) {
    case "lognormal":
      return d.sd !== undefined
        ? { dist: "lognormal", mean: d.mean, sd: d.sd }
        : { dist: "lognormal", mean: d.mean, median: d.median! };
    case "gamma":
      return d.shape !== undefined
        ? { dist: "gamma", mean: d.mean, shape: d.shape }
        : { dist: "gamma", mean: d.mean, cv: d.cv! };
    case "weibull":
      return d.scale !== undefined
        ? { dist: "weibull", shape: d.shape, scale: d.scale }
        : { dist: "weibull", shape: d.shape, mean: d.mean! };
    case "normal":
    case "truncnormal":
      // A duration cannot be negative: normal durations are truncated at zero.
      return {
        dist: "truncnormal",
        mean: d.mean,
        sd: d.sd,
        min: Math.max(0, d.dist === "truncnormal" ? (d.min ?? 0) : 0),
        max: d.dist === "truncnormal" ? (d.max ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY,
      };
    default:
      return d as DistributionSpec;
  }
}

/** Relative weights, e.g. 24 hour-of-day weights; only their shape matters. */
export const profile = (length: number, what: string) =>
  z
    .array(z.number().min(0))
    .length(length, { message: `needs exactly ${length} values (${what})` })
    .refine((w) => w.some((x) => x > 0), { message: "needs at least one value above zero" });

export const dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
