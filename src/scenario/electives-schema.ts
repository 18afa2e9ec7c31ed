/**
 * Planned (elective) surgery: referrals onto a waiting list, weekly theatre session templates,
 * list booking ahead of the day, and what happens on the day (late starts, case durations,
 * turnaround, overruns, early finishes, cancellations for no bed or for patient reasons).
 */
import { z } from "zod";
import {
  clockTime,
  dayNames,
  durationDistributionSchema,
  durationSchema,
  id,
  money,
  positiveDuration,
  probability,
  wholeNumber,
} from "./basics.js";

const priorityKeys = ["p2", "p3", "p4"] as const;

const enhancedRecovery = z
  .strictObject({
    los: durationDistributionSchema.describe("Post-operative stay with enhanced recovery (e.g. ERAS+)."),
    complicationProbability: probability.optional(),
  })
  .describe("The procedure's stay and complications with an enhanced recovery programme.");

export const procedureSchema = z.strictObject({
  id,
  name: z.string().optional(),
  specialty: id.describe("Sessions of this specialty operate on this procedure."),
  referralsPerWeek: z.number().min(0),
  priorities: z
    .strictObject({ p2: probability, p3: probability, p4: probability })
    .prefault({ p2: 0, p3: 1, p4: 0 })
    .describe("Clinical priority split: P2 within a month, P3 within three, P4 later. Must sum to 1."),
  duration: durationDistributionSchema.describe("Touch time: anaesthetic start to leaving theatre."),
  expectedDuration: durationSchema.optional().describe("Used to book lists; default: the duration's mean."),
  dayCase: z.boolean().default(false).describe("Day cases go home the same day and need no ward bed."),
  ward: id.optional().describe("Post-operative ward (inpatients)."),
  los: durationDistributionSchema.optional().describe("Post-operative stay (inpatients)."),
  complications: z
    .strictObject({ probability, extraLos: durationDistributionSchema })
    .optional()
    .describe("A complication adds to the post-operative stay."),
  enhancedRecovery: enhancedRecovery.optional(),
  dischargePathways: z
    .strictObject({ p0: probability, p1: probability, p2: probability, p3: probability })
    .prefault({ p0: 1, p1: 0, p2: 0, p3: 0 })
    .describe("Discharge pathway split after the post-operative stay (default: all home, pathway 0)."),
  costPerCase: money.default(0),
  dayUnit: id
    .optional()
    .describe(
      "Day cases: the day unit whose trolley the patient recovers on (instead of a ward bed); unused while dayCase is false.",
    ),
  recovery: durationDistributionSchema
    .optional()
    .describe("Day cases with a day unit: time on the trolley after surgery before going home."),
  overnight: z
    .strictObject({
      probability: probability.describe("Share of day cases kept in overnight (a clinical decision)."),
      los: durationDistributionSchema.describe("Stay on the procedure's ward once converted."),
    })
    .optional()
    .describe(
      "Day cases converting to an overnight stay: they need a bed on the procedure's ward; so does anyone still recovering when the day unit closes.",
    ),
});

export const dayUnitSchema = z.strictObject({
  id,
  name: z.string().optional(),
  trolleys: wholeNumber.describe("Trolleys (or chairs) for day cases to recover on."),
  days: z
    .array(z.enum(dayNames))
    .min(1)
    .default([...dayNames])
    .describe("Days the unit is open."),
  from: clockTime.describe("Opening time: no day case starts surgery before it."),
  to: clockTime.describe("Closing time: anyone still on a trolley then needs a ward bed for the night."),
});

const sessionSchema = z.strictObject({
  day: z.enum(dayNames),
  from: clockTime,
  to: clockTime,
  specialty: id,
});

export const theatreSchema = z.strictObject({
  id,
  name: z.string().optional(),
  sessions: z.array(sessionSchema).min(1).describe("The weekly template of sessions."),
});

export const electivesSchema = z.strictObject({
  procedures: z.array(procedureSchema).min(1),
  theatres: z.array(theatreSchema).min(1),
  dayUnits: z
    .array(dayUnitSchema)
    .optional()
    .describe("Day-case units: trolleys with opening hours, used by procedures with a dayUnit."),
  enhancedRecovery: z
    .boolean()
    .default(false)
    .describe("Use each procedure's enhancedRecovery stay where given."),
  booking: z
    .strictObject({
      ahead: positiveDuration.prefault("7d").describe("Lists are booked this long before the session."),
      plannedFill: z.number().min(0.1).max(1.5).default(0.9).describe("Share of session minutes booked."),
      scanLimit: wholeNumber.default(200).describe("Waiting-list entries looked at to fill one list."),
    })
    .prefault({}),
  onTheDay: z
    .strictObject({
      sessionCancellation: probability.default(0).describe("Whole session cancelled (staff, equipment)."),
      lateStart: durationDistributionSchema.prefault("0min"),
      turnaround: durationDistributionSchema.prefault("0min").describe("Gap between cases."),
      overrunTolerance: durationSchema
        .prefault("0min")
        .describe("A case is not started if its expected finish is later than the session end plus this."),
      patientCancellation: probability.default(0).describe("Did not attend or unfit on the day."),
    })
    .prefault({}),
  initialWaitingList: z
    .array(
      z.strictObject({
        procedure: id,
        patients: wholeNumber,
        waited: durationDistributionSchema.prefault("0d").describe("How long each has already waited."),
        priority: z.enum(priorityKeys).default("p3"),
      }),
    )
    .default([]),
  costs: z
    .strictObject({
      perTheatreMinute: money.default(0).describe("Per staffed session minute, used or not."),
      perCancellation: money.default(0),
    })
    .prefault({}),
});

export type Electives = z.output<typeof electivesSchema>;
export type Procedure = z.output<typeof procedureSchema>;
export type Theatre = z.output<typeof theatreSchema>;
export type DayUnit = z.output<typeof dayUnitSchema>;
export const PRIORITY_KEYS = priorityKeys;
