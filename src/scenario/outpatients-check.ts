/**
 * Whole-file checks for the outpatients section: clinics and pathways refer to each other and to
 * staff roles by id, and every slot fits in some session of its clinic. Written against the raw
 * parsed data, like cross-check.ts, so the problems come out with the schema's own in one pass.
 */
import { parseDuration } from "../engine/time.js";

import { idsOf, isRecord, list, type Problem, type Raw, reference } from "./raw-checks.js";

/** Minutes of "HH:MM" (NaN when not that form; the schema reports it). */
function minutes(text: unknown): number {
  if (typeof text !== "string" || !/^\d\d:\d\d$/.test(text)) return Number.NaN;
  const [h, m] = text.split(":").map(Number);
  return h! * 60 + m!;
}

/** Minutes of a duration (NaN when it is not one: the schema reports that). */
function durationMinutes(text: unknown): number {
  if (typeof text !== "string") return Number.NaN;
  try {
    return parseDuration(text);
  } catch {
    return Number.NaN;
  }
}

export function checkOutpatients(raw: Raw, problems: Problem[]): void {
  const outpatients = raw.outpatients;
  if (!isRecord(outpatients)) return;
  const base = ["outpatients"];
  const staff = isRecord(raw.staff) ? raw.staff : undefined;
  const roles = new Set(
    list(staff?.roles)
      .filter((r): r is Raw => isRecord(r) && typeof r.id === "string")
      .map((r) => r.id as string),
  );
  const noStaff =
    staff === undefined ? " (clinics are staffed by roles from staff.roles; add a staff section)" : "";
  const clinics = idsOf(list(outpatients.clinics), [...base, "clinics"], problems);
  idsOf(list(outpatients.pathways), [...base, "pathways"], problems);
  /** Longest session of each clinic, in minutes. */
  const longest = new Map<string, number>();

  list(outpatients.clinics).forEach((clinic, i) => {
    if (!isRecord(clinic)) return;
    const at = [...base, "clinics", i];
    let most = 0;
    list(clinic.sessions).forEach((session, j) => {
      if (!isRecord(session)) return;
      const from = minutes(session.from);
      const to = session.to === "24:00" ? 1440 : minutes(session.to);
      if (from >= to) {
        problems.push({
          path: [...at, "sessions", j, "to"],
          message: `a session must end after it starts (from ${String(session.from)} to ${String(session.to)})`,
        });
      } else if (to > from) most = Math.max(most, to - from);
    });
    if (typeof clinic.id === "string") longest.set(clinic.id, most);
    list(clinic.staff).forEach((member, j) => {
      if (isRecord(member))
        reference(member.role, roles, "role", [...at, "staff", j, "role"], problems, noStaff);
    });
  });

  list(outpatients.pathways).forEach((pathway, i) => {
    if (!isRecord(pathway)) return;
    const at = [...base, "pathways", i];
    reference(pathway.clinic, clinics, "clinic", [...at, "clinic"], problems);
    slotFits(pathway.firstSlot, pathway.clinic, longest, [...at, "firstSlot"], problems);
    const followUp = pathway.followUp;
    if (!isRecord(followUp)) return;
    const fat = [...at, "followUp"];
    if (followUp.clinic !== undefined)
      reference(followUp.clinic, clinics, "clinic", [...fat, "clinic"], problems);
    slotFits(followUp.slot, followUp.clinic ?? pathway.clinic, longest, [...fat, "slot"], problems);
    const every = followUp.faceToFaceEvery;
    const remote = followUp.remote;
    if (typeof every === "number" && every > 1 && !isRecord(remote)) {
      problems.push({
        path: [...fat, "remote"],
        message: `faceToFaceEvery: ${every} makes the other follow-ups remote reviews, so they need remote (staff and convertToFaceToFace)`,
      });
    }
    if (isRecord(remote) && (every === undefined || every === 1)) {
      problems.push({
        path: [...fat, "faceToFaceEvery"],
        message: "remote reviews are given but every follow-up is face to face; set faceToFaceEvery above 1",
      });
    }
    list(followUp.resultsReview).forEach((member, j) => {
      if (isRecord(member))
        reference(member.role, roles, "role", [...fat, "resultsReview", j, "role"], problems, noStaff);
    });
    if (isRecord(remote)) {
      list(remote.staff).forEach((member, j) => {
        if (isRecord(member))
          reference(member.role, roles, "role", [...fat, "remote", "staff", j, "role"], problems, noStaff);
      });
    }
  });
}

function slotFits(
  slot: unknown,
  clinic: unknown,
  longest: Map<string, number>,
  path: (string | number)[],
  problems: Problem[],
): void {
  if (typeof clinic !== "string") return;
  const most = longest.get(clinic);
  const length = durationMinutes(slot);
  if (most === undefined || !Number.isFinite(length) || most === 0) return;
  if (length > most) {
    problems.push({
      path,
      message: `a ${String(slot)} appointment is longer than every session of clinic "${clinic}" (the longest is ${most} min), so it could never be booked`,
    });
  }
}
