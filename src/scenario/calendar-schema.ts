/**
 * Calendar-dated inputs: what changes on particular dates rather than every week — demand by
 * date range or month, bank holidays, annual growth, beds and rosters by date range. The weekly
 * profiles stay as they are; these act on top of them. Dates are whole days: a range runs from
 * 00:00 on `from` to 24:00 on `to`.
 */
import { z } from "zod";
import { calendarDate, dayNames, id } from "./basics.js";

export const monthNames = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
] as const;

/** Largest demand multiplier: far above any winter, and it bounds the arrival sampler's work. */
export const MAX_DEMAND_MULTIPLIER = 20;
/** Growth is a share a year; beyond ±50% a year it is not a plan but a typo. */
export const MAX_GROWTH_PER_YEAR = 0.5;
/** Calendar inputs cover runs up to this many years (bank holidays are listed year by year). */
export const MAX_CALENDAR_YEARS = 200;
/** Most date-dated entries of each kind: each is compiled into change points. */
export const MAX_CALENDAR_ENTRIES = 1000;

const dateRange = {
  from: calendarDate.describe("First day (YYYY-MM-DD)."),
  to: calendarDate.describe("Last day, included (YYYY-MM-DD)."),
};

const endNotBeforeStart = (entry: { from: string; to: string }, ctx: z.RefinementCtx): void => {
  if (entry.to < entry.from) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `the range ends (${entry.to}) before it starts (${entry.from})`,
      input: entry.to,
    });
  }
};

const multiplier = z
  .number()
  .min(0)
  .max(MAX_DEMAND_MULTIPLIER)
  .describe(`Times the usual rate (1: no change; at most ${MAX_DEMAND_MULTIPLIER}).`);

const groupsFilter = z
  .array(id)
  .min(1)
  .optional()
  .describe("Only these patient groups (default: every emergency group).");

const demandByDates = z
  .strictObject({ ...dateRange, multiplier, groups: groupsFilter })
  .superRefine(endNotBeforeStart);

const demandByMonths = z.strictObject({
  months: z.array(z.enum(monthNames)).min(1).describe("Every year, in these months."),
  multiplier,
  groups: groupsFilter,
});

export const bankHolidaysSchema = z.strictObject({
  region: z
    .enum(["england-and-wales", "none"])
    .default("england-and-wales")
    .describe("Whose bank holidays: England and Wales (with substitute days), or none."),
  treatAs: z
    .enum(dayNames)
    .default("sun")
    .describe("The day whose weekly profiles (arrivals, discharges, ward rounds) a bank holiday follows."),
  extra: z.array(calendarDate).max(MAX_CALENDAR_ENTRIES).default([]).describe("More dates treated alike."),
  except: z
    .array(calendarDate)
    .max(MAX_CALENDAR_ENTRIES)
    .default([])
    .describe("Bank holidays to treat as ordinary days."),
});

const bedsByDates = z
  .strictObject({
    ward: id,
    ...dateRange,
    change: z
      .number()
      .int()
      .min(-100_000)
      .max(100_000)
      .describe("Beds added (e.g. +8 winter escalation beds) or, when negative, closed as they empty."),
  })
  .superRefine(endNotBeforeStart);

const rosterByDates = z
  .strictObject({
    role: id,
    ward: id.optional().describe("The ward's own roster for the role (default: the role's pool)."),
    ...dateRange,
    change: z
      .number()
      .int()
      .min(-100_000)
      .max(100_000)
      .describe("People added to every shift (negative: absence), never below none."),
  })
  .superRefine(endNotBeforeStart);

export const calendarSchema = z.strictObject({
  bankHolidays: bankHolidaysSchema
    .prefault({})
    .describe("Bank holidays follow the `treatAs` day's weekly profiles (Sunday unless set otherwise)."),
  growth: z
    .number()
    .min(-MAX_GROWTH_PER_YEAR)
    .max(MAX_GROWTH_PER_YEAR)
    .default(0)
    .describe("Annual growth in emergency demand, compounding from run.start (0.03: 3% a year)."),
  demand: z
    .array(z.union([demandByDates, demandByMonths]))
    .max(MAX_CALENDAR_ENTRIES)
    .default([])
    .describe("Demand multipliers by date range or by month; where several apply, they multiply."),
  beds: z
    .array(bedsByDates)
    .max(MAX_CALENDAR_ENTRIES)
    .default([])
    .describe("Bed changes by date range (winter escalation beds); one ward's ranges may not overlap."),
  rosters: z
    .array(rosterByDates)
    .max(MAX_CALENDAR_ENTRIES)
    .default([])
    .describe("Roster changes by date range (absence, extra staff); one roster's ranges may not overlap."),
});

export type CalendarInputs = z.output<typeof calendarSchema>;
export type DemandEntry = CalendarInputs["demand"][number];
