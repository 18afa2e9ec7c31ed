/**
 * The emergency department (the front door): arrivals by mode with hour and weekday profiles,
 * triage, treatment in a cubicle, and the outcome — home, same-day emergency care (SDEC), or a
 * decision to admit, after which the patient boards in ED (in the cubicle, or a corridor space)
 * until a ward bed is free. Waits may end in the patient leaving (a patience per stage) and a long
 * wait may raise the patient's priority (escalation).
 */
import { z } from "zod";
import {
  durationDistributionSchema,
  id,
  positiveDuration,
  probability,
  profile,
  wholeNumber,
} from "./basics.js";

const escalationSchema = z
  .strictObject({
    after: positiveDuration.describe("Waited this long in the stage, the patient's priority is raised."),
    priority: z
      .number()
      .int()
      .min(0)
      .max(9)
      .default(0)
      .describe("The raised priority: lower is served first."),
  })
  .describe(
    "Escalation: a patient still waiting after `after` is moved to `priority` (e.g. 40h to priority 0).",
  );

const patience = durationDistributionSchema.optional();

export const edModeSchema = z.strictObject({
  perDay: z.number().min(0).describe("Mean attendances a day by this mode."),
  hourOfDay: profile(24, "one per hour from 00:00").optional(),
  dayOfWeek: profile(7, "Monday to Sunday").optional(),
  priority: z
    .number()
    .int()
    .min(0)
    .max(9)
    .default(5)
    .describe("Priority in the queues for triage and a cubicle: lower is served first."),
  outcomes: z
    .strictObject({ home: probability, sdec: probability, admit: probability })
    .describe("After treatment: discharged home, to same-day emergency care, or admitted. Must sum to 1."),
  admitTo: id.describe("The patient group (its wards and stays) that admitted patients join."),
});

export const edSchema = z.strictObject({
  cubicles: wholeNumber.describe("Cubicles (majors and resus spaces): treatment and boarding use one each."),
  corridorSpaces: wholeNumber
    .default(0)
    .describe(
      "Corridor spaces: a patient waiting for a ward bed moves to one when free, giving the cubicle back.",
    ),
  arrivals: z
    .strictObject({ walkIn: edModeSchema.optional(), ambulance: edModeSchema.optional() })
    .describe("Attendances by mode of arrival (walk-in, ambulance)."),
  triage: z
    .strictObject({
      staff: wholeNumber.describe("Triage assessments that can run at once (triage nurses)."),
      duration: durationDistributionSchema,
      patience: patience.describe("How long a patient waits for triage before leaving."),
    })
    .optional()
    .describe("Triage before treatment; absent: straight to the queue for a cubicle."),
  treatment: z.strictObject({
    duration: durationDistributionSchema.describe("Assessment and treatment in a cubicle up to the outcome."),
    patience: patience.describe(
      "How long a patient waits for a cubicle before leaving (left before being seen).",
    ),
    escalation: escalationSchema.optional(),
  }),
  boarding: z
    .strictObject({
      patience: patience.describe(
        "How long a patient admitted waits for a ward bed before leaving (left before a bed).",
      ),
      escalation: escalationSchema
        .optional()
        .describe(
          "A patient waiting this long for a bed is moved up the ward's bed queue (e.g. 40h to priority 0).",
        ),
    })
    .prefault({})
    .describe("Waiting in ED for a ward bed after the decision to admit."),
});

export type Ed = z.output<typeof edSchema>;
export type EdMode = z.output<typeof edModeSchema>;
export const ED_MODES = [
  ["walkIn", "walk-in"],
  ["ambulance", "ambulance"],
] as const;

/**
 * Decisions to admit a day into a patient group, before anyone leaves: the arrival rates times
 * the admitted share (an upper bound on admissions, for load estimates and capacity matching).
 */
export function edAdmissionsPerDay(ed: Ed | undefined, groupId: string): number {
  let perDay = 0;
  for (const [key] of ED_MODES) {
    const mode = ed?.arrivals[key];
    if (mode === undefined || mode.admitTo !== groupId) continue;
    const o = mode.outcomes;
    perDay += (mode.perDay * o.admit) / (o.home + o.sdec + o.admit);
  }
  return perDay;
}
