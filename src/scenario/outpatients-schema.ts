/**
 * Outpatient pathways: referral streams onto a waiting list for a first appointment, clinics as a
 * weekly template of sessions staffed by roles from the skill-mix `staff:` section, follow-ups at
 * intervals (face to face, or remote reviews that convert to a visit when the reading is out of
 * range), did-not-attend and rebooking, then discharge. Also the patient activation lever, which
 * sits on an emergency patient group.
 */
import { z } from "zod";
import {
  clockTime,
  dayNames,
  durationSchema,
  id,
  money,
  positiveDuration,
  probability,
  wholeNumber,
} from "./basics.js";

const source = z
  .string()
  .min(1)
  .describe('Where the figure comes from (a publication, a data set), or "assumed".');

const clinicSessionSchema = z.strictObject({
  days: z.array(z.enum(dayNames)).min(1).describe("Days of the week this session runs."),
  from: clockTime,
  to: clockTime,
});

const sessionStaffSchema = z.strictObject({
  role: id.describe("A role from staff.roles; its hourlyCost prices the session."),
  count: z.number().int().min(1).max(100).default(1).describe("People of this role in each session."),
});

export const clinicSchema = z.strictObject({
  id,
  name: z.string().optional(),
  sessions: z
    .array(clinicSessionSchema)
    .min(1)
    .describe(
      "The weekly template: appointments are booked into these sessions, paid for whether used or not (a clinic no pathway uses is not held).",
    ),
  staff: z
    .array(sessionStaffSchema)
    .min(1)
    .describe("Who staffs every session (roles from staff.roles), paid for the whole session."),
  costPerSession: money.default(0).describe("Room and overheads of one session (£), besides its staff."),
  keptForFirst: probability
    .default(0)
    .describe(
      "Share of each session's minutes offered to new patients before due follow-ups (pressure on the referral-to-treatment clock); follow-ups take the rest first.",
    ),
});

const remoteReviewSchema = z
  .strictObject({
    staff: z
      .array(
        z.strictObject({
          role: id,
          time: positiveDuration.describe("Staff time to review one set of readings."),
        }),
      )
      .min(1)
      .describe("Who reviews the readings, and for how long."),
    costPerReview: money.default(0).describe("Equipment, app or postage per review (£), besides staff time."),
    convertToFaceToFace: probability.describe(
      "Probability that the reading is out of range, so the review becomes a face-to-face appointment.",
    ),
  })
  .describe(
    "Follow-ups done remotely (readings sent from home): staff time at the due date, no clinic slot; " +
      "some convert to a face-to-face appointment, booked as soon as a slot allows.",
  );

const followUpSchema = z.strictObject({
  clinic: id
    .optional()
    .describe("Clinic for face-to-face follow-ups (default: the first appointment's clinic)."),
  interval: positiveDuration.describe(
    'Time from one follow-up to the next ("26w" for six-monthly, "3.5d" for twice weekly), from the session the patient was seen in.',
  ),
  count: wholeNumber
    .optional()
    .describe("Follow-ups before discharge (absent: monitoring goes on for the whole run)."),
  slot: positiveDuration.describe("Clinic time one face-to-face follow-up takes."),
  faceToFaceEvery: z
    .number()
    .int()
    .min(1)
    .default(1)
    .describe(
      "With remote reviews: every n-th follow-up is face to face, the others remote (1: all face to face).",
    ),
  remote: remoteReviewSchema.optional(),
  resultsReview: z
    .array(z.strictObject({ role: id, time: positiveDuration }))
    .default([])
    .describe(
      "Staff time after each face-to-face follow-up, outside the session (e.g. a CAMHS nurse reading results a pharmacy sent).",
    ),
  bookAhead: durationSchema
    .prefault("0min")
    .describe("A follow-up may be booked into a session up to this long before it is due."),
  lateAfter: durationSchema
    .prefault("7d")
    .describe("A follow-up seen (or still waiting) more than this after its due date counts as late."),
});

const didNotAttendSchema = z.strictObject({
  rate: probability.describe("Probability that a booked patient does not attend; the slot is lost."),
  dischargeAfter: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Discharged after this many missed appointments in a row (absent: always rebooked)."),
});

export const outpatientPathwaySchema = z.strictObject({
  id,
  name: z.string().optional(),
  referralsPerWeek: z.number().min(0).describe("New referrals a week (a Poisson stream)."),
  clinic: id.describe("Clinic for the first appointment."),
  firstSlot: positiveDuration.describe("Clinic time a first appointment takes."),
  followUp: followUpSchema
    .optional()
    .describe("Follow-ups after the first appointment; absent: discharged after it."),
  didNotAttend: didNotAttendSchema.prefault({ rate: 0 }),
  initialCaseload: wholeNumber
    .max(200_000)
    .default(0)
    .describe("Patients already in follow-up at the start, each at a random point of the schedule."),
});

export const outpatientsSchema = z.strictObject({
  clinics: z.array(clinicSchema).min(1),
  pathways: z.array(outpatientPathwaySchema).min(1),
});

/** How much an activated patient's use of services changes: each a multiplier with its source. */
const activationEffect = z.strictObject({
  factor: z
    .number()
    .min(0)
    .max(10)
    .describe("Multiplier for an activated patient (0.8: a fifth less; 1: no change)."),
  source,
});

export const activationSchema = z
  .strictObject({
    share: probability.describe(
      "Share of the group's patients who are activated (supported to self-manage).",
    ),
    emergencyDemand: activationEffect
      .refine((effect) => effect.factor <= 1, {
        message: "activation can only avoid admissions here: the factor must be at most 1",
        path: ["factor"],
      })
      .optional()
      .describe("Emergency admissions of an activated patient, relative to one not activated."),
    lengthOfStay: activationEffect.optional().describe("Length of stay of an activated patient, relative."),
    readmission: activationEffect
      .optional()
      .describe("Probability of readmission of an activated patient, relative."),
  })
  .describe(
    "Patient activation: a share of the group supported to manage their own health, and its effects.",
  );

export type Outpatients = z.output<typeof outpatientsSchema>;
export type Clinic = z.output<typeof clinicSchema>;
export type OutpatientPathway = z.output<typeof outpatientPathwaySchema>;
export type Activation = z.output<typeof activationSchema>;
