/**
 * Calibration targets a scenario is held to: each a published figure with its source, the
 * source's own definition, the model metric measured on that definition, and a tolerance band
 * fixed before tuning. `careflow calibrate` runs them; a test keeps them within their bands.
 */
import { z } from "zod";
import { id, wholeNumber } from "./basics.js";

export const calibrationTargetSchema = z
  .strictObject({
    id,
    target: z.string().min(1).describe("What is compared, in words."),
    source: z.string().min(1).describe("Where the published figure comes from."),
    definition: z.string().min(1).describe("The source's own definition, which the metric follows."),
    published: z
      .string()
      .min(1)
      .describe('The published figure as the source gives it, e.g. "≈ 14.3% (1 in 7)".'),
    metric: z.string().min(1).describe("The model figure (see `careflow calibrate --help` for names)."),
    variant: z.string().default("baseline").describe("Scenario variant measured."),
    relativeTo: z
      .string()
      .optional()
      .describe("If given: the effect, % change of the metric against this variant, paired by replication."),
    tolerance: z
      .strictObject({
        low: z.number().optional(),
        high: z.number().optional(),
        why: z.string().min(1).describe("Why this band, from the source's own uncertainty."),
      })
      .refine((t) => t.low !== undefined || t.high !== undefined, { message: "needs low, high or both" })
      .refine((t) => t.low === undefined || t.high === undefined || t.low <= t.high, {
        message: "low must not exceed high",
      }),
    use: z
      .enum(["tuned", "held-out"])
      .describe("Tuned: parameters were adjusted to meet it. Held out: a check."),
    notMet: z
      .string()
      .optional()
      .describe("When the model is known to miss the target: why. The test then expects a miss."),
  })
  .describe("One calibration target.");

export const calibrationSchema = z.strictObject({
  replications: wholeNumber.min(2).default(10).describe("Replications a variant for `careflow calibrate`."),
  targets: z.array(calibrationTargetSchema).min(1),
});

export type CalibrationTarget = z.output<typeof calibrationTargetSchema>;
export type Calibration = z.output<typeof calibrationSchema>;
