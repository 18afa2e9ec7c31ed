/**
 * Skill-mix staffing: roles with skills and hourly costs, weekly rosters (pooled or per ward),
 * tasks at points of the pathway that any suitable role may do, safe registered-nurse ratios,
 * and optionally beds that close when the rostered nurses cannot cover them.
 */
import { z } from "zod";
import { clockTime, dayNames, durationDistributionSchema, id, money, wholeNumber } from "./basics.js";

/** Most people on one shift: far above any ward or hospital, and what memory allows. */
export const MAX_HEADCOUNT = 100_000;

export const roleSchema = z.strictObject({
  id,
  name: z.string().optional(),
  skills: z.array(id).min(1).describe("What this role may do, e.g. [senior-review, discharge-decision]."),
  hourlyCost: money.describe("£ an hour, on-costs included (state the assumption in a comment)."),
  seniority: z.number().int().min(0).max(20).default(0).describe("Used by allocation: most-senior."),
  registeredNurse: z.boolean().default(false).describe("Counts towards safe-staffing ratios."),
});

const shiftSchema = z.strictObject({
  days: z
    .array(z.enum(dayNames))
    .min(1)
    .default([...dayNames]),
  from: clockTime,
  to: clockTime.describe('Shift end; "24:00" or a time before `from` runs past midnight.'),
  // Each person on shift is simulated one by one, so a headcount is bounded like any list.
  headcount: wholeNumber.max(MAX_HEADCOUNT).describe(`People on this shift (at most ${MAX_HEADCOUNT}).`),
});

export const rosterSchema = z.strictObject({
  id: id.optional().describe("A name for variants to refer to (staff.rosters.ID.shifts)."),
  role: id,
  ward: id.optional().describe("Staff belong to this ward; without it, they are a pool for every ward."),
  shifts: z.array(shiftSchema).min(1),
});

export const TASK_POINTS = ["admission", "daily", "medically-fit", "discharge", "theatre-session"] as const;

export const taskSchema = z.strictObject({
  id,
  name: z.string().optional(),
  at: z
    .enum(TASK_POINTS)
    .describe(
      "admission: once in a bed, before treatment; daily: each day at `time` while in treatment " +
        "(a ward round; the flow does not wait for it); medically-fit: before discharge planning; " +
        "discharge: before leaving (e.g. discharge medicines); theatre-session: to start a session, held for it.",
    ),
  skills: z.array(id).min(1).describe("One person for each skill listed, all seized together."),
  duration: durationDistributionSchema
    .optional()
    .describe("How long the task takes (not needed for theatre-session, held for the session)."),
  groups: z.array(id).optional().describe("Only for these patient groups (default: all)."),
  pathways: z.array(z.number().int().min(0).max(3)).optional().describe("Only for these discharge pathways."),
  specialties: z
    .array(id)
    .optional()
    .describe("theatre-session tasks: only for sessions of these specialties."),
  priority: z.number().int().min(0).max(9).default(5).describe("Task queue order: lower first."),
  time: clockTime.optional().describe('For daily tasks: the time of day it is asked for (default "09:00").'),
});

export const safeStaffingSchema = z.strictObject({
  ward: id,
  patientsPerRegisteredNurse: z.number().positive().describe("e.g. 8 for one RN to eight patients."),
  closeBedsBelowRatio: z
    .boolean()
    .default(false)
    .describe("Admit only while the ward's rostered registered nurses cover the ratio."),
});

export const staffSchema = z.strictObject({
  allocation: z
    .enum(["cheapest", "most-senior", "listed"])
    .default("cheapest")
    .describe("Which capable free person takes a task first."),
  order: z.array(id).optional().describe("For allocation: listed, the roles in order of preference."),
  roles: z.array(roleSchema).min(1),
  rosters: z.array(rosterSchema).default([]),
  tasks: z.array(taskSchema).default([]),
  safeStaffing: z.array(safeStaffingSchema).default([]),
});

export type Staff = z.output<typeof staffSchema>;
export type Role = z.output<typeof roleSchema>;
export type Roster = z.output<typeof rosterSchema>;
export type StaffTask = z.output<typeof taskSchema>;
export type TaskPoint = (typeof TASK_POINTS)[number];
