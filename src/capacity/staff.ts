/**
 * Staff needed by hour of the week. Each task's requests arrive as its point of the pathway is
 * reached (admission tasks with admissions; medically-fit tasks as treatment ends; discharge
 * tasks as patients become ready to leave), so their rates come from the demand chain. A task's
 * people-busy load is the infinite-server m(t) with the task's duration; a skill's load is the
 * sum over the tasks that need it (a task needing two skills loads both at once).
 *
 * Approximation: modified offered load (MOL): the stationary Erlang C staffing rule applied hour
 * by hour to m(t) rather than to λ(t)·E[S] (pointwise stationary, PSA), so the lag between
 * requests and work in hand is kept. Each skill is staffed as its own M/M/c pool; the cheapest
 * roster then covers those per-skill numbers with one person per task at a time (Hall).
 */
import { DAY, HOUR, WEEK } from "../engine/time.js";
import { headcountAt, weeklyHeadcount } from "../model/staffing.js";
import { serversForDelayProbability } from "../queueing/index.js";
import type { Scenario } from "../scenario/schema.js";
import type { Demand } from "./demand.js";
import { HOURS_PER_WEEK } from "./demand.js";
import { cheapestCover, hallShortfalls, type RoleOption } from "./roster.js";
import type { StaffCapacity, StaffHour } from "./types.js";

export const STAFFING_APPROXIMATION =
  "MOL (modified offered load): Erlang C's smallest staff with P(wait) ≤ target, applied each hour to the " +
  "infinite-server load m(t) of each skill";

/** Rostered people of each role at each hour: the fewest on shift at any minute of that hour. */
export function rosteredByHour(scenario: Scenario): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const staff = scenario.staff;
  if (staff === undefined) return out;
  for (const role of staff.roles) out.set(role.id, new Array<number>(HOURS_PER_WEEK).fill(0));
  const perMinute = new Map<string, Int32Array>();
  for (const roster of staff.rosters) {
    const steps = weeklyHeadcount(roster.shifts);
    const minutes = perMinute.get(roster.role) ?? new Int32Array(WEEK);
    for (let m = 0; m < WEEK; m++) minutes[m]! += headcountAt(steps, m);
    perMinute.set(roster.role, minutes);
  }
  for (const [role, minutes] of perMinute) {
    out.set(
      role,
      Array.from({ length: HOURS_PER_WEEK }, (_, h) => {
        let lowest = Number.POSITIVE_INFINITY;
        for (let m = h * HOUR; m < (h + 1) * HOUR; m++) lowest = Math.min(lowest, minutes[m]!);
        return lowest;
      }),
    );
  }
  return out;
}

export function staffCapacity(scenario: Scenario, demand: Demand, targetDelay: number): StaffCapacity | null {
  const staff = scenario.staff;
  if (staff === undefined) return null;
  const skills = [
    ...new Set([...demand.tasks.flatMap((t) => t.skills), ...demand.sessionStaff.keys()]),
  ].sort();
  const skillSet = new Set(skills);
  const roles: RoleOption[] = staff.roles.map((r) => ({ id: r.id, skills: r.skills, cost: r.hourlyCost }));
  const rostered = rosteredByHour(scenario);
  const notes: string[] = [];
  if (staff.rosters.some((r) => r.ward !== undefined)) {
    notes.push("ward-based rosters are counted as one hospital-wide pool per role");
  }
  const held = staff.tasks.filter((t) => t.duration === undefined && t.at !== "theatre-session");
  if (held.length > 0)
    notes.push(`tasks without a duration are left out: ${held.map((t) => t.id).join(", ")}`);

  const covers = new Map<string, ReturnType<typeof cheapestCover>>();
  const hours: StaffHour[] = [];
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    const perSkill = skills.map((skill) => {
      const load = demand.tasks.reduce(
        (a, t) => a + (t.skills.includes(skill) ? t.loadHourAverage[h]! : 0),
        0,
      );
      const sessions = demand.sessionStaff.get(skill)?.[h] ?? 0;
      // A load of a hair above zero (the tail of a task begun hours ago) needs no one on shift.
      const queueing = load > 1e-6 ? serversForDelayProbability(load, targetDelay) : 0;
      return { skill, load, needed: queueing + sessions, sessions };
    });
    const need: Record<string, number> = {};
    for (const s of perSkill) need[s.skill] = s.needed;
    const key = JSON.stringify(need);
    let cover = covers.get(key);
    if (cover === undefined) {
      cover = cheapestCover(roles, need);
      covers.set(key, cover);
    }
    const rosterCounts = roles.map((r) => rostered.get(r.id)?.[h] ?? 0);
    hours.push({
      hourOfWeek: h,
      skills: perSkill,
      cheapest: {
        counts: Object.fromEntries(roles.map((r, i) => [r.id, cover.counts[i]!])),
        cost: cover.cost,
        feasible: cover.feasible,
      },
      rostered: {
        counts: Object.fromEntries(roles.map((r, i) => [r.id, rosterCounts[i]!])),
        // Only roles that can do some task: nurses rostered for the wards are not a staffing choice here.
        cost: roles.reduce(
          (a, r, i) => a + (r.skills.some((k) => skillSet.has(k)) ? r.cost * rosterCounts[i]! : 0),
          0,
        ),
      },
      shortfalls: hallShortfalls(roles, rosterCounts, need),
    });
  }
  const infeasible = hours.filter((h) => !h.cheapest.feasible).length;
  if (infeasible > 0) notes.push(`${infeasible} hours need a skill no role has: no roster can cover them`);
  return {
    approximation: STAFFING_APPROXIMATION,
    roles: staff.roles.map((r) => ({
      id: r.id,
      name: r.name ?? r.id,
      skills: r.skills,
      hourlyCost: r.hourlyCost,
    })),
    skills,
    tasks: demand.tasks.map((t) => ({
      id: t.id,
      skills: t.skills,
      perDay: (t.arrivalsPerMinute.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK) * DAY,
      meanMinutes: t.meanDurationMinutes,
      survival: t.survivalHow,
    })),
    hours,
    summary: {
      cheapestCostPerWeek: hours.reduce((a, h) => a + h.cheapest.cost, 0),
      rosteredCostPerWeek: hours.reduce((a, h) => a + h.rostered.cost, 0),
      hoursShort: hours.filter((h) => h.shortfalls.length > 0).length,
    },
    notes,
  };
}

/** Analytic person-hours of task work a week: Σ over hours of every skill's load. */
export function taskPersonHoursPerWeek(staff: StaffCapacity): number {
  return staff.hours.reduce((a, h) => a + h.skills.reduce((b, s) => b + s.load, 0), 0);
}
