/**
 * The levers a flow coach asks about, found in the loaded scenario: each names the dotted-path
 * override it writes (by id where the file has ids, as a `variants:` entry would) and the path
 * `careflow validate` reports its problems under (by index), so a problem lands beside its control.
 */
import { parseDuration } from "../engine/time.js";
import type { RawScenario } from "../scenario/variants.js";

interface LeverBase {
  /** Unique within the scenario; also the control's DOM id stem. */
  id: string;
  label: string;
  /** Problems whose path starts with one of these are shown at this lever. */
  problemPaths: string[];
}

export interface NumberLever extends LeverBase {
  kind: "number";
  key: string;
  unit: string;
  today: number;
  min: number;
  max?: number;
  step: number;
}

export interface ToggleLever extends LeverBase {
  kind: "toggle";
  key: string;
  today: boolean;
  on: unknown;
  off: unknown;
}

export interface TimeLever extends LeverBase {
  kind: "time";
  key: string;
  today: string;
}

/** Multiplies every duration of one or more distributions (length of stay, late starts). */
export interface ScaleLever extends LeverBase {
  kind: "scale";
  targets: { key: string; spec: unknown }[];
  today: 100;
}

/** Multiplies plain numbers (every group's admissions a day): a demand scenario in one control. */
export interface MultiplierLever extends LeverBase {
  kind: "multiplier";
  targets: { key: string; today: number }[];
  today: 100;
}

/**
 * How many items a list keeps (a theatre's sessions a week): fewer drops the last ones, more
 * appends prepared extras (weekend lists at the theatre's usual times).
 */
export interface CountLever extends LeverBase {
  kind: "count";
  key: string;
  items: unknown[];
  extras: unknown[];
  unit: string;
  today: number;
  min: number;
  max: number;
}

export type Lever = NumberLever | ToggleLever | TimeLever | ScaleLever | MultiplierLever | CountLever;

export interface LeverGroup {
  title: string;
  /** A line under the title: what the numbers mean. */
  note?: string;
  levers: Lever[];
  /** Problems about the group as a whole (a pathway split that does not sum to 1). */
  problemPaths: string[];
}

type Item = Record<string, unknown>;

const list = (value: unknown): Item[] =>
  Array.isArray(value) ? value.filter((x): x is Item => x !== null && typeof x === "object") : [];
const record = (value: unknown): Item | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Item) : undefined;
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const nameOf = (item: Item, fallback: string): string =>
  typeof item.name === "string" ? item.name : typeof item.id === "string" ? item.id : fallback;
/** A list item's segment in an override path: its id when it has one, else its index. */
const segment = (item: Item, index: number): string =>
  typeof item.id === "string" ? item.id : String(index);
const slug = (key: string): string => key.replace(/[^A-Za-z0-9_-]+/g, "-");

function numberLever(
  key: string,
  problemPath: string,
  label: string,
  unit: string,
  today: unknown,
  options: { min?: number; max?: number; step?: number } = {},
): NumberLever[] {
  const value = num(today);
  if (value === undefined) return [];
  return [
    {
      kind: "number",
      id: slug(key),
      key,
      label,
      unit,
      today: value,
      min: options.min ?? 0,
      ...(options.max === undefined ? {} : { max: options.max }),
      step: options.step ?? 1,
      problemPaths: [problemPath],
    },
  ];
}

const CAPACITY_UNITS: Record<string, string> = {
  caseload: "packages at once",
  beds: "beds",
  visits: "visits a day",
};

function wardLevers(raw: RawScenario): LeverGroup[] {
  const levers = list(raw.wards).flatMap((ward, i) =>
    numberLever(
      `wards.${segment(ward, i)}.beds`,
      `wards[${i}].beds`,
      nameOf(ward, `ward ${i + 1}`),
      "beds",
      ward.beds,
    ),
  );
  return levers.length === 0 ? [] : [{ title: "Beds per ward", levers, problemPaths: [] }];
}

const DAY_ORDER = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function daysText(days: unknown): string {
  if (!Array.isArray(days) || days.length === 7) return "every day";
  const sorted = [...days].map(String).sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b));
  const contiguous = sorted.every(
    (d, i) => i === 0 || DAY_ORDER.indexOf(d) === DAY_ORDER.indexOf(sorted[i - 1]!) + 1,
  );
  return contiguous && sorted.length > 2 ? `${sorted[0]}–${sorted.at(-1)}` : sorted.join(", ");
}

/** Escalation beds: the beds each entry of a ward's weekly bed schedule opens (or closes to). */
function escalationLevers(raw: RawScenario): LeverGroup[] {
  const levers = list(raw.wards).flatMap((ward, i) =>
    list(ward.bedSchedule).flatMap((entry, k) =>
      numberLever(
        `wards.${segment(ward, i)}.bedSchedule.${k}.beds`,
        `wards[${i}].bedSchedule[${k}].beds`,
        `${nameOf(ward, `ward ${i + 1}`)}, from ${String(entry.from)} ${daysText(entry.days)}`,
        "beds",
        entry.beds,
      ),
    ),
  );
  return levers.length === 0
    ? []
    : [
        {
          title: "Escalation beds",
          note: "Each ward's weekly bed schedule: the beds open from that time on those days.",
          levers,
          problemPaths: [],
        },
      ];
}

/** Every group's admissions (and every procedure's referrals) scaled at once: demand growth. */
function demandLevers(raw: RawScenario): LeverGroup[] {
  const levers: Lever[] = [];
  const emergency = list(raw.groups).flatMap((group, i) => {
    const today = num(record(group.arrivals)?.perDay);
    return today === undefined ? [] : [{ key: `groups.${segment(group, i)}.arrivals.perDay`, today, i }];
  });
  if (emergency.length > 0) {
    levers.push({
      kind: "multiplier",
      id: "demand-emergency",
      label: "Emergency admissions, every group",
      targets: emergency.map(({ key, today }) => ({ key, today })),
      today: 100,
      problemPaths: emergency.map(({ i }) => `groups[${i}].arrivals.perDay`),
    });
  }
  const referrals = list(record(raw.electives)?.procedures).flatMap((procedure, i) => {
    const today = num(procedure.referralsPerWeek);
    return today === undefined
      ? []
      : [{ key: `electives.procedures.${segment(procedure, i)}.referralsPerWeek`, today, i }];
  });
  if (referrals.length > 0) {
    levers.push({
      kind: "multiplier",
      id: "demand-referrals",
      label: "Elective referrals, every procedure",
      targets: referrals.map(({ key, today }) => ({ key, today })),
      today: 100,
      problemPaths: referrals.map(({ i }) => `electives.procedures[${i}].referralsPerWeek`),
    });
  }
  return levers.length === 0
    ? []
    : [
        {
          title: "Demand",
          note: "As a percentage of today's (110% = 10% growth); sets each group's figure below.",
          levers,
          problemPaths: [],
        },
      ];
}

function arrivalLevers(raw: RawScenario): LeverGroup[] {
  const levers = list(raw.groups).flatMap((group, i) =>
    numberLever(
      `groups.${segment(group, i)}.arrivals.perDay`,
      `groups[${i}].arrivals.perDay`,
      nameOf(group, `group ${i + 1}`),
      "admissions a day",
      record(group.arrivals)?.perDay,
      { step: 0.5 },
    ),
  );
  return levers.length === 0 ? [] : [{ title: "Arrivals", levers, problemPaths: [] }];
}

function losLevers(raw: RawScenario): LeverGroup[] {
  const levers: Lever[] = [];
  list(raw.groups).forEach((group, i) => {
    const stages = list(group.stages);
    const targets = stages
      .map((stage, k) => ({ key: `groups.${segment(group, i)}.stages.${k}.los`, spec: stage.los }))
      .filter((t) => durationFields(t.spec) !== undefined);
    if (targets.length === 0) return;
    levers.push({
      kind: "scale",
      id: slug(`groups.${segment(group, i)}.los`),
      label: nameOf(group, `group ${i + 1}`),
      targets,
      today: 100,
      problemPaths: stages.map((_, k) => `groups[${i}].stages[${k}].los`),
    });
    if (targets.length < 2) return;
    // A stay over several wards: each stage on its own too ("what if the AMU part were shorter?").
    for (const target of targets) {
      const k = Number(target.key.split(".").at(-2));
      levers.push({
        kind: "scale",
        id: slug(target.key),
        label: `${nameOf(group, `group ${i + 1}`)}: stage ${k + 1} (${String(stages[k]!.ward)})`,
        targets: [target],
        today: 100,
        problemPaths: [`groups[${i}].stages[${k}].los`],
      });
    }
  });
  return levers.length === 0
    ? []
    : [
        {
          title: "Length of stay",
          note: "Treatment time, as a percentage of today's (100% = as in the file): each group's whole stay, then each stage of a stay over several wards.",
          levers,
          problemPaths: [],
        },
      ];
}

function pathwayLevers(raw: RawScenario): LeverGroup[] {
  return list(raw.groups).flatMap((group, i) => {
    const split = record(group.dischargePathways);
    if (split === undefined) return [];
    const g = segment(group, i);
    const levers = (["p0", "p1", "p2", "p3"] as const).flatMap((p) =>
      numberLever(
        `groups.${g}.dischargePathways.${p}`,
        `groups[${i}].dischargePathways.${p}`,
        `Pathway ${p.slice(1)}`,
        "share",
        split[p],
        { max: 1, step: 0.01 },
      ),
    );
    return [
      {
        title: `Discharge pathways: ${nameOf(group, `group ${i + 1}`)}`,
        note: "Shares of discharges (0 to 1); they must sum to 1.",
        levers,
        problemPaths: [`groups[${i}].dischargePathways`],
      },
    ];
  });
}

function dischargeLevers(raw: RawScenario): LeverGroup[] {
  const discharge = record(raw.discharge);
  if (discharge === undefined) return [];
  const levers: Lever[] = [];
  if (discharge.policy === "standard" || discharge.policy === "d2a") {
    levers.push({
      kind: "toggle",
      id: "discharge-policy",
      key: "discharge.policy",
      label: "Discharge to Assess (D2A)",
      today: discharge.policy === "d2a",
      on: "d2a",
      off: "standard",
      problemPaths: ["discharge.policy"],
    });
  }
  const hours = record(discharge.hours);
  for (const end of ["from", "to"] as const) {
    const today =
      typeof hours?.[end] === "string" ? (hours[end] as string) : end === "from" ? "00:00" : "24:00";
    levers.push({
      kind: "time",
      id: `discharge-hours-${end}`,
      key: `discharge.hours.${end}`,
      label: end === "from" ? "Discharges from" : "Discharges until",
      today,
      problemPaths: [`discharge.hours.${end}`, "discharge.hours"],
    });
  }
  levers.push(
    ...numberLever(
      "discharge.weekendRate",
      "discharge.weekendRate",
      "Weekend discharge rate",
      "share of weekday rate",
      discharge.weekendRate ?? 1,
      { max: 1, step: 0.01 },
    ),
  );
  for (const policy of ["standard", "d2a"] as const) {
    levers.push(
      ...numberLever(
        `discharge.${policy}.assessment.assessors`,
        `discharge.${policy}.assessment.assessors`,
        policy === "standard" ? "Assessment team (standard)" : "Assessment team (D2A)",
        "assessments at once",
        record(record(discharge[policy])?.assessment)?.assessors,
      ),
    );
  }
  return [{ title: "Discharge", levers, problemPaths: ["discharge"] }];
}

function communityLevers(raw: RawScenario): LeverGroup[] {
  const levers = list(raw.community).flatMap((service, i) =>
    numberLever(
      `community.${segment(service, i)}.capacity`,
      `community[${i}].capacity`,
      nameOf(service, `service ${i + 1}`),
      CAPACITY_UNITS[String(service.kind)] ?? "capacity",
      service.capacity,
    ),
  );
  return levers.length === 0 ? [] : [{ title: "Community capacity", levers, problemPaths: [] }];
}

function theatreLevers(raw: RawScenario): LeverGroup[] {
  const electives = record(raw.electives);
  const onTheDay = record(electives?.onTheDay);
  if (electives === undefined) return [];
  const levers: Lever[] = [];
  for (const [field, label] of [
    ["lateStart", "Late starts"],
    ["turnaround", "Turnaround between cases"],
  ] as const) {
    const spec = onTheDay?.[field];
    if (durationFields(spec) === undefined) continue;
    levers.push({
      kind: "scale",
      id: `electives-onTheDay-${field}`,
      label,
      targets: [{ key: `electives.onTheDay.${field}`, spec }],
      today: 100,
      problemPaths: [`electives.onTheDay.${field}`],
    });
  }
  list(electives.theatres).forEach((theatre, t) => {
    const sessions = Array.isArray(theatre.sessions) ? theatre.sessions : [];
    if (sessions.length === 0) return;
    const extras = weekendSessions(list(sessions));
    levers.push({
      kind: "count",
      id: slug(`electives.theatres.${segment(theatre, t)}.sessions`),
      key: `electives.theatres.${segment(theatre, t)}.sessions`,
      label: `${nameOf(theatre, `theatre ${t + 1}`)}: sessions a week`,
      items: sessions,
      extras,
      unit: "sessions a week",
      today: sessions.length,
      min: 1,
      max: sessions.length + extras.length,
      problemPaths: [`electives.theatres[${t}].sessions`],
    });
  });
  levers.push(
    ...numberLever(
      "electives.onTheDay.sessionCancellation",
      "electives.onTheDay.sessionCancellation",
      "Sessions cancelled",
      "share of sessions",
      onTheDay?.sessionCancellation ?? 0,
      { max: 1, step: 0.01 },
    ),
  );
  return [
    {
      title: "Theatres",
      note: "Sessions a week: fewer drops the week's last sessions, more adds weekend lists at the theatre's usual times. Late starts and turnarounds as a percentage of today's (100% = as in the file).",
      levers,
      problemPaths: ["electives.onTheDay"],
    },
  ];
}

function staffLevers(raw: RawScenario): LeverGroup[] {
  const rosters = list(record(raw.staff)?.rosters);
  const levers = rosters.flatMap((roster, r) =>
    list(roster.shifts).flatMap((shift, s) => {
      const days = Array.isArray(shift.days) ? shift.days.join(", ") : "every day";
      const where = typeof roster.ward === "string" ? ` on ${roster.ward}` : "";
      return numberLever(
        `staff.rosters.${segment(roster, r)}.shifts.${s}.headcount`,
        `staff.rosters[${r}].shifts[${s}].headcount`,
        `${String(roster.role)}${where}, ${days} ${String(shift.from)}–${String(shift.to)}`,
        "people",
        shift.headcount,
      );
    }),
  );
  return levers.length === 0 ? [] : [{ title: "Staff on shift", levers, problemPaths: [] }];
}

/**
 * Sessions a theatre could add: its usual session times (those that do not overlap each other,
 * with the specialty of the first session at that time) on each weekend day it does not use.
 */
function weekendSessions(sessions: Item[]): Item[] {
  const slots: Item[] = [];
  for (const session of sessions) {
    const from = String(session.from);
    const to = String(session.to);
    if (slots.some((s) => from < String(s.to) && String(s.from) < to)) continue;
    slots.push({ from, to, specialty: session.specialty });
  }
  const used = new Set(sessions.map((s) => s.day));
  return ["sat", "sun"]
    .filter((day) => !used.has(day))
    .flatMap((day) => slots.map((slot) => ({ day, ...slot })));
}

/** Every lever the scenario has, grouped in the order a flow coach reads them. */
export function leversFor(raw: RawScenario): LeverGroup[] {
  return [
    ...dischargeLevers(raw),
    ...wardLevers(raw),
    ...escalationLevers(raw),
    ...demandLevers(raw),
    ...arrivalLevers(raw),
    ...losLevers(raw),
    ...communityLevers(raw),
    ...pathwayLevers(raw),
    ...theatreLevers(raw),
    ...staffLevers(raw),
  ];
}

// ---------------------------------------------------------------------------------------------
// Scaling a distribution's durations

const DURATION_KEYS = ["value", "min", "max", "mode", "mean", "sd", "median", "scale"];
const SHAPE_KEYS = ["dist", "shape", "cv", "k", "lambda"];

/** The duration fields of a distribution written as text, or undefined if it cannot be scaled. */
function durationFields(spec: unknown): string[] | undefined {
  if (typeof spec === "string") return parseable(spec) ? [] : undefined;
  const fields = record(spec);
  if (fields === undefined || typeof fields.dist !== "string") return undefined;
  const keys = Object.keys(fields);
  if (!keys.every((k) => DURATION_KEYS.includes(k) || SHAPE_KEYS.includes(k))) return undefined;
  const durations = keys.filter((k) => DURATION_KEYS.includes(k));
  return durations.every((k) => typeof fields[k] === "string" && parseable(fields[k] as string))
    ? durations
    : undefined;
}

function parseable(text: string): boolean {
  try {
    return Number.isFinite(parseDuration(text));
  } catch {
    return false;
  }
}

const scaleText = (text: string, factor: number): string => {
  const minutes = parseDuration(text) * factor;
  return minutes >= 24 * 60
    ? `${round(minutes / (24 * 60))}d`
    : minutes >= 60
      ? `${round(minutes / 60)}h`
      : `${round(minutes)}min`;
};
const round = (x: number): number => Math.round(x * 1000) / 1000;

export function scaleSpec(spec: unknown, factor: number): unknown {
  if (typeof spec === "string") return scaleText(spec, factor);
  const fields = record(spec)!;
  const durations = durationFields(spec) ?? [];
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, durations.includes(k) ? scaleText(v as string, factor) : v]),
  );
}

/**
 * A distribution as a variant has it: the override of the whole, or the file's with any
 * overrides of its parameters ("…los.mean", as "All settings" writes them); undefined if unchanged.
 */
function effectiveSpec(target: { key: string; spec: unknown }, overrides: Record<string, unknown>): unknown {
  if (target.key in overrides) return overrides[target.key];
  const prefix = `${target.key}.`;
  const parts = Object.entries(overrides).filter(([k]) => k.startsWith(prefix));
  const fields = record(target.spec);
  if (parts.length === 0 || fields === undefined) return undefined;
  return { ...fields, ...Object.fromEntries(parts.map(([k, v]) => [k.slice(prefix.length), v])) };
}

/** The percentage a scaled override stands at, read from its first duration. */
export function scaleOf(lever: ScaleLever, overrides: Record<string, unknown>): number {
  const target = lever.targets[0]!;
  const now = effectiveSpec(target, overrides);
  if (now === undefined) return 100;
  const first = (spec: unknown): number | undefined => {
    if (typeof spec === "string") return parseDuration(spec);
    const fields = record(spec);
    const key = durationFields(spec)?.[0];
    return fields === undefined || key === undefined ? undefined : parseDuration(fields[key] as string);
  };
  try {
    const base = first(target.spec);
    const changed = first(now);
    if (base === undefined || changed === undefined || base === 0) return 100;
    return Math.round((100 * changed) / base);
  } catch {
    return 100;
  }
}

/** The overrides with a lever set to a value; a value equal to the file's removes the override. */
export function setLever(
  overrides: Record<string, unknown>,
  lever: Lever,
  value: unknown,
): Record<string, unknown> {
  const next = { ...overrides };
  if (lever.kind === "scale") {
    const factor = Number(value) / 100;
    for (const target of lever.targets) {
      // The lever replaces the whole distribution, and with it any edits of its parameters.
      for (const key of Object.keys(next)) if (key.startsWith(`${target.key}.`)) delete next[key];
      if (factor === 1) delete next[target.key];
      else next[target.key] = scaleSpec(target.spec, factor);
    }
    return next;
  }
  if (lever.kind === "multiplier") {
    const factor = Number(value) / 100;
    for (const target of lever.targets) {
      if (factor === 1) delete next[target.key];
      else next[target.key] = Number.isFinite(factor) ? round(target.today * factor) : value;
    }
    return next;
  }
  if (lever.kind === "count") {
    const n = Number(value);
    if (n === lever.today) delete next[lever.key];
    else if (Number.isInteger(n) && n >= 0 && n <= lever.max)
      next[lever.key] =
        n <= lever.today
          ? lever.items.slice(0, n)
          : [...lever.items, ...lever.extras.slice(0, n - lever.today)];
    // Anything else (blank, a fraction, too many) is written as typed, for validation to word.
    else next[lever.key] = value;
    return next;
  }
  if (lever.kind === "toggle") {
    const on = value === true;
    if (on === lever.today) delete next[lever.key];
    else next[lever.key] = on ? lever.on : lever.off;
    return next;
  }
  if (value === lever.today) delete next[lever.key];
  else next[lever.key] = value;
  return next;
}

/** A lever's value in a variant. */
export function leverValue(lever: Lever, overrides: Record<string, unknown>): unknown {
  if (lever.kind === "scale") return scaleOf(lever, overrides);
  if (lever.kind === "multiplier") {
    const target = lever.targets[0]!;
    const now = overrides[target.key];
    if (now === undefined) return 100;
    return typeof now === "number" && target.today !== 0 ? round((100 * now) / target.today) : now;
  }
  if (!(lever.key in overrides)) return lever.today;
  if (lever.kind === "count") {
    const now = overrides[lever.key];
    return Array.isArray(now) ? now.length : now;
  }
  const value = overrides[lever.key];
  return lever.kind === "toggle" ? value === lever.on : value;
}
