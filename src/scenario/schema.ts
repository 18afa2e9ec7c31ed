/**
 * The scenario file format: one zod schema, from which the TypeScript types, the JSON Schema for
 * editors (`careflow schema`) and the validation messages all come.
 *
 * Conventions a scenario author can rely on:
 * - durations carry units ("45min", "4h", "2.5d"); a bare number is refused, so a 4-hour stay
 *   is never read as 4 minutes;
 * - a duration distribution is either a duration (a constant) or `{ dist: NAME, ... }` whose
 *   time parameters are durations;
 * - everything with an `id` is referred to by that id elsewhere; unknown ids are errors;
 * - unknown keys are errors (a typo must not silently become a default).
 */
import { z } from "zod";
import {
  calendarDate,
  clockTime,
  dayNames,
  durationDistributionSchema,
  durationSchema,
  id,
  money,
  positiveDuration,
  probability,
  profile,
  wholeNumber,
} from "./basics.js";
import { calendarSchema } from "./calendar-schema.js";
import { calibrationSchema } from "./calibration-schema.js";
import { censusFields } from "./census-schema.js";
import { edSchema } from "./ed-schema.js";
import { electivesSchema } from "./electives-schema.js";
import { activationSchema, outpatientsSchema } from "./outpatients-schema.js";
import { staffSchema } from "./staff-schema.js";
import { SCENARIO_VERSION, versionProblem } from "./version.js";

// ---------------------------------------------------------------------------------------------
// Hospital

const bedScheduleEntry = z.strictObject({
  days: z
    .array(z.enum(dayNames))
    .min(1)
    .default([...dayNames]),
  from: clockTime,
  beds: wholeNumber,
});

export const wardSchema = z.strictObject({
  id,
  name: z.string().optional(),
  beds: wholeNumber.describe("Staffed beds."),
  bedSchedule: z
    .array(bedScheduleEntry)
    .optional()
    .describe("Weekly bed changes (e.g. escalation beds): from `from` on each listed day, `beds` beds."),
  turnaround: durationDistributionSchema.prefault("0min").describe("Cleaning time after each discharge."),
  overflowTo: z.array(id).default([]).describe("Outlier wards tried, in order, when this ward is full."),
  maxWaiting: wholeNumber
    .optional()
    .describe(
      "Most new patients who may wait for a bed here at once; others are diverted elsewhere (0: none wait).",
    ),
  costPerOccupiedBedDay: money.default(0),
  costPerOpenBedDay: money.default(0),
});

export const communityServiceSchema = z.strictObject({
  id,
  name: z.string().optional(),
  kind: z
    .enum(["caseload", "beds", "visits"])
    .describe("caseload: packages at once; beds: step-down or care-home beds; visits: visits per day."),
  capacity: wholeNumber.describe("Packages at once (caseload), beds (beds), or visits per day (visits)."),
  lengthOfSupport: durationDistributionSchema,
  visitsPerDay: z
    .array(z.number().int().min(0))
    .min(1)
    .optional()
    .describe("For kind visits: visits each day of the package, tapering; the last value repeats."),
  startDelay: durationDistributionSchema
    .prefault("0min")
    .describe("Time to arrange a start (source the package) once capacity is there."),
  costPerDay: money.default(0),
});

export const assessmentSchema = z.strictObject({
  assessors: wholeNumber.describe("Assessments that can run at once."),
  duration: durationDistributionSchema,
  costPerAssessment: money.default(0),
});

const pathwaySplit = z
  .strictObject({ p0: probability, p1: probability, p2: probability, p3: probability })
  .describe("Probability of each discharge pathway; must sum to 1.");

const perPathwayProbability = z.strictObject({
  p0: probability.default(0),
  p1: probability.default(0),
  p2: probability.default(0),
  p3: probability.default(0),
});

export const stageSchema = z.strictObject({
  ward: id,
  los: durationDistributionSchema.describe("Treatment time on this ward."),
});

export const groupSchema = z.strictObject({
  id,
  name: z.string().optional(),
  arrivals: z.strictObject({
    perDay: z.number().min(0).describe("Mean emergency admissions a day."),
    hourOfDay: profile(24, "one per hour from 00:00").optional(),
    dayOfWeek: profile(7, "Monday to Sunday").optional(),
  }),
  priority: z.number().int().min(0).max(9).default(5).describe("Bed queue priority: lower is served first."),
  stages: z.array(stageSchema).min(1).describe("Wards in order; treatment ends medically fit for discharge."),
  dischargePathways: pathwaySplit,
  readmission: z
    .strictObject({ standard: perPathwayProbability.optional(), d2a: perPathwayProbability.optional() })
    .optional()
    .describe("Probability of readmission within 30 days, per discharge pathway and policy."),
  activation: activationSchema.optional(),
});

const serviceByPathway = z.strictObject({ p1: id, p2: id, p3: id });

const onwardSplit = z
  .strictObject({ home: probability, package: probability, careHome: probability })
  .describe(
    "Shares going home with no further support, to a long-term care package, and to a care-home place; must sum to 1.",
  );
const allHome = { home: 1, package: 0, careHome: 0 };

export const onwardSchema = z
  .strictObject({
    services: z
      .strictObject({
        package: id.optional().describe("Community service giving long-term care packages at home."),
        careHome: id.optional().describe("Community service giving care-home places."),
      })
      .prefault({}),
    p1: onwardSplit.default(allHome),
    p2: onwardSplit.default(allHome),
    p3: onwardSplit.default(allHome),
  })
  .describe(
    "Where patients go when their first community service ends, per discharge pathway. Absent: everyone goes home with no further support.",
  );

export const dischargeSchema = z.strictObject({
  policy: z.enum(["standard", "d2a"]),
  hours: z
    .strictObject({ from: clockTime, to: clockTime })
    .prefault({ from: "00:00", to: "24:00" })
    .describe("Patients leave only between these times."),
  weekendRate: probability
    .default(1)
    .describe("Share of the weekday discharge rate achieved on Saturdays and Sundays."),
  pathway0Delay: durationDistributionSchema.prefault("0min").describe("Medicines, transport, letters."),
  weekendDraw: z
    .enum(["daily", "once"])
    .default("daily")
    .describe(
      'At weekends: "daily", a patient not seen on Saturday tries again on Sunday; "once", the weekend team sees its share once and the rest wait for Monday. Applies to discharges and ward rounds.',
    ),
  hourProfile: profile(24, "one weight per hour from 00:00")
    .optional()
    .describe(
      "Weights of the hours at which patients who waited for discharge hours to open leave (hours outside them are ignored). Absent: all at the opening minute.",
    ),
  fitReview: z
    .strictObject({
      from: clockTime,
      to: clockTime,
      weekendRate: probability
        .default(1)
        .describe("Share of the weekday ward round's reviews done at weekends."),
      preWeekendShare: probability
        .default(0)
        .describe(
          "Share of the patients whose treatment would end between Friday's round and Monday's whom Friday's round declares fit (weekend discharge planning).",
        ),
    })
    .optional()
    .describe(
      "Ward rounds: a patient whose treatment ends is declared medically fit on the next round (between these times; at once if a round is on). Absent: fit the moment treatment ends.",
    ),
  standard: z.strictObject({
    assessment: assessmentSchema.describe("In-hospital assessment before pathways 1–3."),
    services: serviceByPathway,
    onward: onwardSchema
      .optional()
      .describe(
        "After the service the in-hospital assessment chose (e.g. after rehabilitation): the onward destination.",
      ),
  }),
  d2a: z.strictObject({
    assessment: assessmentSchema.describe("Assessment at home or in the step-down bed."),
    services: serviceByPathway,
    onward: onwardSchema
      .optional()
      .describe("What the D2A assessment decides once reablement or the step-down stay ends."),
  }),
});

const initialWard = z.strictObject({
  ward: id,
  group: id,
  patients: wholeNumber,
  daysStayed: durationDistributionSchema
    .optional()
    .describe("Time already stayed; if absent, drawn as a fraction of the stay."),
});

const initialCommunity = z.strictObject({
  service: id,
  inService: wholeNumber.default(0),
  waitingInWard: z
    .strictObject({ ward: id, group: id, patients: wholeNumber })
    .optional()
    .describe("Medically fit patients already waiting in an acute bed for this service."),
});

export const scenarioSchema = z.strictObject({
  version: z
    .string()
    .superRefine((version, ctx) => {
      const problem = versionProblem(version);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: version });
    })
    .optional()
    .describe(
      `The scenario format version the file was written for (default: the current, "${SCENARIO_VERSION}").`,
    ),
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().default(1),
  run: z.strictObject({
    start: calendarDate.default("2026-01-05").describe("Start date (YYYY-MM-DD); 2026-01-05 is a Monday."),
    horizon: positiveDuration.describe("Simulated length after warm-up."),
    warmup: durationSchema.prefault("0d").describe("Discarded from every metric."),
    maxEvents: z
      .number()
      .int()
      .positive()
      .default(20_000_000)
      .describe("A guard that ends runaway runs (about 40 years of a 720-bed acute medical take)."),
    maxWaiting: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "Most patients waiting at once, anywhere, before the run is stopped as not stable " +
          "(default 20 for each bed and community place, from 1,000 to 200,000).",
      ),
    maxPendingEvents: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "Most events waiting to run at once before the run is stopped as not stable " +
          "(default 20,000 plus 20 for each bed and community place, at most 500,000).",
      ),
  }),
  wards: z.array(wardSchema).min(1),
  community: z.array(communityServiceSchema).default([]),
  groups: z.array(groupSchema).default([]),
  discharge: dischargeSchema,
  electives: electivesSchema
    .optional()
    .describe("Planned surgery: waiting list, theatre lists, post-operative beds."),
  staff: staffSchema.optional().describe("Skill-mix staffing: roles, rosters, tasks, safe staffing."),
  ed: edSchema
    .optional()
    .describe(
      "Emergency department: attendances, triage, cubicles, outcomes, boarding, reneging, escalation.",
    ),
  outpatients: outpatientsSchema
    .optional()
    .describe("Outpatient pathways: referrals, clinic sessions, follow-ups, remote reviews."),
  costs: z
    .strictObject({
      perDiverted: money.default(0).describe("Cost put on each patient turned away for want of a bed."),
      perHourBoarded: money.default(0).describe("Cost put on each hour a patient waits for a bed."),
    })
    .prefault({})
    .describe(
      "Costs of unmet demand, added to the total so a variant that treats fewer people cannot look cheaper.",
    ),
  initialState: z
    .strictObject({
      wards: z.array(initialWard).default([]),
      community: z.array(initialCommunity).default([]),
      ...censusFields,
    })
    .optional(),
  calendar: calendarSchema
    .optional()
    .describe(
      "Calendar-dated inputs: bank holidays, demand multipliers by date or month, annual growth, beds and rosters by date range.",
    ),
  calibration: calibrationSchema
    .optional()
    .describe("Published figures this scenario is calibrated against (careflow calibrate)."),
  variants: z
    .record(z.string(), z.record(z.string(), z.unknown()).nullable())
    .default({})
    .describe('Named overrides of this file, e.g. d2a: { "discharge.policy": d2a }.'),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Ward = z.output<typeof wardSchema>;
export type Group = z.output<typeof groupSchema>;
export type CommunityService = z.output<typeof communityServiceSchema>;
export type Discharge = z.output<typeof dischargeSchema>;
export type Assessment = z.output<typeof assessmentSchema>;
export type Onward = z.output<typeof onwardSchema>;
export const DAY_KEYS = dayNames;
export type { CalendarInputs } from "./calendar-schema.js";
export type { Calibration, CalibrationTarget } from "./calibration-schema.js";
export type { Ed, EdMode } from "./ed-schema.js";
export type { DayUnit, Electives, Procedure, Theatre } from "./electives-schema.js";
export type { Activation, Clinic, OutpatientPathway, Outpatients } from "./outpatients-schema.js";
export type { Role, Roster, Staff, StaffTask, TaskPoint } from "./staff-schema.js";
