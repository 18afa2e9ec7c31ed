/**
 * Checks that need the whole file: ids unique and referenced ids known, pathway probabilities
 * summing to 1, fields that one choice makes necessary. Written against the raw parsed data (not
 * the schema's output) so that it can report alongside the schema's own problems in one pass.
 */

import { checkCalendar } from "./calendar-check.js";
import { checkCensusReferences } from "./census-schema.js";
import { checkOutpatients } from "./outpatients-check.js";
import { idsOf, isRecord, list, type Problem, type Raw, reference } from "./raw-checks.js";

export type { Problem } from "./raw-checks.js";

export function crossCheck(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isRecord(raw)) return problems;
  const wards = idsOf(list(raw.wards), "wards", problems);
  const services = idsOf(list(raw.community), "community", problems);
  const groups = idsOf(list(raw.groups), "groups", problems);

  list(raw.wards).forEach((ward, i) => {
    if (!isRecord(ward)) return;
    list(ward.overflowTo).forEach((target, j) => {
      reference(target, wards, "ward", ["wards", i, "overflowTo", j], problems);
      if (target === ward.id) {
        problems.push({ path: ["wards", i, "overflowTo", j], message: "a ward cannot overflow to itself" });
      }
    });
  });

  list(raw.community).forEach((service, i) => {
    if (!isRecord(service)) return;
    if (service.kind === "visits" && service.visitsPerDay === undefined) {
      problems.push({
        path: ["community", i, "visitsPerDay"],
        message:
          "a service of kind visits needs visitsPerDay (visits each day of the package, e.g. [4, 3, 2, 1])",
      });
    }
    const visits = list(service.visitsPerDay).filter((v): v is number => typeof v === "number");
    // A closed service (capacity 0) is deliberate; a package bigger than an open service is a mistake.
    const capacity = typeof service.capacity === "number" ? service.capacity : 0;
    if (capacity > 0 && visits.some((v) => v > capacity)) {
      problems.push({
        path: ["community", i, "visitsPerDay"],
        message: `a package needs ${Math.max(...visits)} visits on one day but capacity is ${service.capacity} visits a day, so it could never start`,
      });
    }
    if (service.kind !== "visits" && service.visitsPerDay !== undefined) {
      problems.push({
        path: ["community", i, "visitsPerDay"],
        message: "visitsPerDay applies only to kind visits",
      });
    }
  });

  list(raw.groups).forEach((group, i) => {
    if (!isRecord(group)) return;
    list(group.stages).forEach((stage, j) => {
      if (isRecord(stage)) reference(stage.ward, wards, "ward", ["groups", i, "stages", j, "ward"], problems);
    });
    const split = group.dischargePathways;
    if (isRecord(split))
      sumsToOne(split, ["p0", "p1", "p2", "p3"], ["groups", i, "dischargePathways"], "pathway", problems);
  });

  const discharge = raw.discharge;
  if (isRecord(discharge)) {
    for (const policy of ["standard", "d2a"]) {
      const part = discharge[policy];
      if (!isRecord(part) || !isRecord(part.services)) continue;
      for (const key of ["p1", "p2", "p3"]) {
        reference(
          part.services[key],
          services,
          "community service",
          ["discharge", policy, "services", key],
          problems,
        );
      }
      if (isRecord(part.onward))
        checkOnward(part.onward, services, ["discharge", policy, "onward"], problems);
    }
  }

  checkElectives(raw.electives, wards, problems);
  checkStaff(raw.staff, wards, groups, problems);
  checkEd(raw.ed, groups, problems);
  checkCalendar(raw, problems);
  checkCensusReferences(raw, problems);
  checkOutpatients(raw, problems);

  const initial = raw.initialState;
  if (isRecord(initial)) {
    list(initial.wards).forEach((entry, i) => {
      if (!isRecord(entry)) return;
      reference(entry.ward, wards, "ward", ["initialState", "wards", i, "ward"], problems);
      reference(entry.group, groups, "patient group", ["initialState", "wards", i, "group"], problems);
      const group = list(raw.groups).find((g) => isRecord(g) && g.id === entry.group);
      if (isRecord(group) && !list(group.stages).some((s) => isRecord(s) && s.ward === entry.ward)) {
        problems.push({
          path: ["initialState", "wards", i, "ward"],
          message: `patient group "${String(entry.group)}" has no stage on ward "${String(entry.ward)}"`,
        });
      }
    });
    list(initial.community).forEach((entry, i) => {
      if (!isRecord(entry)) return;
      reference(
        entry.service,
        services,
        "community service",
        ["initialState", "community", i, "service"],
        problems,
      );
      const waiting = entry.waitingInWard;
      if (isRecord(waiting)) {
        const base = ["initialState", "community", i, "waitingInWard"];
        reference(waiting.ward, wards, "ward", [...base, "ward"], problems);
        reference(waiting.group, groups, "patient group", [...base, "group"], problems);
      }
    });
  }
  return problems;
}

function checkElectives(electives: unknown, wards: Set<string>, problems: Problem[]): void {
  if (!isRecord(electives)) return;
  const procedures = idsOf(list(electives.procedures), "electives.procedures", problems);
  idsOf(list(electives.theatres), "electives.theatres", problems);
  const specialtiesWithSessions = new Set<string>();
  list(electives.theatres).forEach((theatre, i) => {
    if (!isRecord(theatre)) return;
    const taken: { day: unknown; from: string; to: string; index: number }[] = [];
    list(theatre.sessions).forEach((session, j) => {
      if (isRecord(session) && typeof session.from === "string" && typeof session.to === "string") {
        const clash = taken.find(
          (t) => t.day === session.day && session.from! < t.to && t.from < session.to!,
        );
        if (clash !== undefined) {
          problems.push({
            path: ["electives", "theatres", i, "sessions", j],
            message: `overlaps session ${clash.index} of the same theatre on ${String(session.day)}`,
          });
        }
        taken.push({ day: session.day, from: session.from, to: session.to, index: j });
      }
      if (!isRecord(session)) return;
      if (typeof session.specialty === "string") specialtiesWithSessions.add(session.specialty);
      if (typeof session.from === "string" && typeof session.to === "string" && session.from >= session.to) {
        problems.push({
          path: ["electives", "theatres", i, "sessions", j, "to"],
          message: `a session must end after it starts (from ${session.from} to ${session.to})`,
        });
      }
    });
  });
  const dayUnits = idsOf(list(electives.dayUnits), "electives.dayUnits", problems);
  list(electives.procedures).forEach((procedure, i) => {
    if (!isRecord(procedure)) return;
    const base: (string | number)[] = ["electives", "procedures", i];
    checkDayCase(procedure, dayUnits, base, problems);
    if (procedure.ward !== undefined) reference(procedure.ward, wards, "ward", [...base, "ward"], problems);
    if (procedure.dayCase !== true) {
      if (procedure.ward === undefined)
        problems.push({
          path: [...base, "ward"],
          message: "an inpatient procedure needs a post-operative ward (or dayCase: true)",
        });
      if (procedure.los === undefined)
        problems.push({
          path: [...base, "los"],
          message: "an inpatient procedure needs a post-operative stay, los (or dayCase: true)",
        });
    }
    if (typeof procedure.specialty === "string" && !specialtiesWithSessions.has(procedure.specialty)) {
      problems.push({
        path: [...base, "specialty"],
        message: `no theatre session is for specialty "${procedure.specialty}", so these patients would never be operated on`,
      });
    }
    const split = procedure.priorities;
    if (isRecord(split)) sumsToOne(split, ["p2", "p3", "p4"], [...base, "priorities"], "priority", problems);
    const pathways = procedure.dischargePathways;
    if (isRecord(pathways))
      sumsToOne(pathways, ["p0", "p1", "p2", "p3"], [...base, "dischargePathways"], "pathway", problems);
  });
  list(electives.initialWaitingList).forEach((entry, i) => {
    if (isRecord(entry))
      reference(
        entry.procedure,
        procedures,
        "procedure",
        ["electives", "initialWaitingList", i, "procedure"],
        problems,
      );
  });
}

function checkDayCase(
  procedure: Raw,
  dayUnits: Set<string>,
  base: (string | number)[],
  problems: Problem[],
): void {
  if (procedure.dayUnit !== undefined) {
    reference(procedure.dayUnit, dayUnits, "day unit", [...base, "dayUnit"], problems);
    if (procedure.recovery === undefined)
      problems.push({
        path: [...base, "recovery"],
        message: "a day case on a day unit needs recovery (time on the trolley before going home)",
      });
    if (procedure.ward === undefined)
      problems.push({
        path: [...base, "ward"],
        message:
          "a day case on a day unit needs a ward for patients still there at closing time (or kept in overnight)",
      });
  }
  for (const field of ["recovery", "overnight"] as const) {
    if (procedure[field] !== undefined && procedure.dayUnit === undefined)
      problems.push({ path: [...base, field], message: `${field} applies only to day cases with a dayUnit` });
  }
}

function checkStaff(staff: unknown, wards: Set<string>, groups: Set<string>, problems: Problem[]): void {
  if (!isRecord(staff)) return;
  const roles = idsOf(list(staff.roles), "staff.roles", problems);
  idsOf(list(staff.tasks), "staff.tasks", problems);
  const skills = new Set<string>();
  const rnWards = new Set<string>();
  const registered = new Set(
    list(staff.roles)
      .filter((r) => isRecord(r) && r.registeredNurse === true)
      .map((r) => (r as Raw).id),
  );
  for (const role of list(staff.roles))
    if (isRecord(role)) for (const s of list(role.skills)) if (typeof s === "string") skills.add(s);
  list(staff.rosters).forEach((roster, i) => {
    if (!isRecord(roster)) return;
    reference(roster.role, roles, "role", ["staff", "rosters", i, "role"], problems);
    if (roster.ward !== undefined)
      reference(roster.ward, wards, "ward", ["staff", "rosters", i, "ward"], problems);
    if (typeof roster.ward === "string" && registered.has(roster.role)) rnWards.add(roster.ward);
  });
  list(staff.tasks).forEach((task, i) => {
    if (!isRecord(task)) return;
    list(task.skills).forEach((skill, j) => {
      if (typeof skill === "string" && !skills.has(skill)) {
        problems.push({
          path: ["staff", "tasks", i, "skills", j],
          message: `no role has the skill "${skill}", so this task could never be done`,
        });
      }
    });
    list(task.groups).forEach((g, j) => {
      reference(g, groups, "patient group", ["staff", "tasks", i, "groups", j], problems);
    });
    if (task.at !== "theatre-session" && task.duration === undefined) {
      problems.push({
        path: ["staff", "tasks", i, "duration"],
        message: "a task needs a duration (only theatre-session tasks are held for the session)",
      });
    }
  });
  list(staff.order).forEach((r, j) => {
    reference(r, roles, "role", ["staff", "order", j], problems);
  });
  if (staff.allocation === "listed" && staff.order === undefined) {
    problems.push({
      path: ["staff", "order"],
      message: "allocation: listed needs order (the roles in order of preference)",
    });
  }
  list(staff.safeStaffing).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    reference(rule.ward, wards, "ward", ["staff", "safeStaffing", i, "ward"], problems);
    if (typeof rule.ward === "string" && wards.has(rule.ward) && !rnWards.has(rule.ward)) {
      problems.push({
        path: ["staff", "safeStaffing", i, "ward"],
        message: `ward "${rule.ward}" has no rostered registered nurses (a roster for this ward of a role with registeredNurse: true)`,
      });
    }
  });
}

function checkEd(ed: unknown, groups: Set<string>, problems: Problem[]): void {
  if (!isRecord(ed) || !isRecord(ed.arrivals)) return;
  const modes = ["walkIn", "ambulance"].filter(
    (mode) => ed.arrivals !== undefined && mode in (ed.arrivals as Raw),
  );
  if (modes.length === 0)
    problems.push({
      path: ["ed", "arrivals"],
      message: "the emergency department needs walkIn or ambulance arrivals",
    });
  for (const mode of modes) {
    const arrivals = (ed.arrivals as Raw)[mode];
    if (!isRecord(arrivals)) continue;
    const base = ["ed", "arrivals", mode];
    reference(arrivals.admitTo, groups, "patient group", [...base, "admitTo"], problems);
    if (isRecord(arrivals.outcomes))
      sumsToOne(arrivals.outcomes, ["home", "sdec", "admit"], [...base, "outcomes"], "outcome", problems);
  }
}

function sumsToOne(
  split: Raw,
  keys: string[],
  path: (string | number)[],
  what: string,
  problems: Problem[],
): void {
  const values = keys.map((k) => split[k]);
  if (!values.every((v) => typeof v === "number")) return;
  const sum = (values as number[]).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) {
    problems.push({
      path,
      message: `${what} probabilities must sum to 1, but ${keys.join(" + ")} = ${round(sum)}`,
    });
  }
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

/** Each onward split sums to 1, and a destination anyone is sent to names a service. */
function checkOnward(onward: Raw, services: Set<string>, path: string[], problems: Problem[]): void {
  const named = isRecord(onward.services) ? onward.services : {};
  for (const destination of ["package", "careHome"]) {
    reference(
      named[destination],
      services,
      "community service",
      [...path, "services", destination],
      problems,
    );
  }
  for (const key of ["p1", "p2", "p3"]) {
    const split = onward[key];
    if (!isRecord(split)) continue;
    sumsToOne(split, ["home", "package", "careHome"], [...path, key], "onward destination", problems);
    for (const destination of ["package", "careHome"]) {
      const share = split[destination];
      if (typeof share === "number" && share > 0 && named[destination] === undefined) {
        problems.push({
          path: [...path, "services", destination],
          message: `${key} sends ${share} to ${destination} but no service is named for it`,
        });
      }
    }
  }
}
