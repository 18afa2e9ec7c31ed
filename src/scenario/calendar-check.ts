/**
 * Whole-file checks of the `calendar:` section (see calendar-schema.ts): the wards, groups and
 * roles it names exist, one ward's or roster's dated ranges do not overlap, and the run is short
 * enough for bank holidays and monthly multipliers to be listed year by year.
 */
import { DAY, parseDuration } from "../engine/time.js";
import { MAX_CALENDAR_YEARS } from "./calendar-schema.js";
import { isRecord, list, type Problem, type Raw } from "./raw-checks.js";

const ids = (items: unknown): Set<string> =>
  new Set(list(items).flatMap((x) => (isRecord(x) && typeof x.id === "string" ? [x.id] : [])));

function unknown(value: unknown, known: Set<string>, kind: string): string | undefined {
  if (typeof value !== "string" || known.has(value)) return undefined;
  const choices = [...known].map((k) => `"${k}"`).join(", ");
  return `unknown ${kind} "${value}"; the file defines ${choices || "none"}`;
}

export function checkCalendar(raw: Raw, problems: Problem[]): void {
  const calendar = raw.calendar;
  if (!isRecord(calendar)) return;
  const wards = ids(raw.wards);
  const groups = ids(raw.groups);
  const staff = isRecord(raw.staff) ? raw.staff : undefined;
  const roles = ids(staff?.roles);
  const at = (path: (string | number)[], message: string | undefined) => {
    if (message !== undefined) problems.push({ path: ["calendar", ...path], message });
  };

  list(calendar.demand).forEach((entry, i) => {
    if (!isRecord(entry)) return;
    list(entry.groups).forEach((g, j) => {
      at(["demand", i, "groups", j], unknown(g, groups, "patient group"));
    });
  });

  list(calendar.beds).forEach((entry, i) => {
    if (isRecord(entry)) at(["beds", i, "ward"], unknown(entry.ward, wards, "ward"));
  });
  overlaps(calendar.beds, (e) => String(e.ward), "ward", ["beds"], at);

  const rostered = new Set(
    list(staff?.rosters).flatMap((r) =>
      isRecord(r) ? [`${String(r.role)}\u0000${String(r.ward ?? "")}`] : [],
    ),
  );
  list(calendar.rosters).forEach((entry, i) => {
    if (!isRecord(entry)) return;
    if (staff === undefined) {
      at(["rosters", i], "needs a staff: section with the roles and rosters it changes");
      return;
    }
    const roleProblem = unknown(entry.role, roles, "role");
    at(["rosters", i, "role"], roleProblem);
    const wardProblem = unknown(entry.ward, wards, "ward");
    at(["rosters", i, "ward"], wardProblem);
    if (roleProblem === undefined && wardProblem === undefined) {
      const key = `${String(entry.role)}\u0000${String(entry.ward ?? "")}`;
      if (!rostered.has(key)) {
        const whose =
          entry.ward === undefined ? "as a pool for every ward" : `on ward "${String(entry.ward)}"`;
        at(["rosters", i], `no roster in staff.rosters has role "${String(entry.role)}" ${whose}`);
      }
    }
  });
  overlaps(
    calendar.rosters,
    (e) => `${String(e.role)} ${String(e.ward ?? "")}`.trim(),
    "roster",
    ["rosters"],
    at,
  );

  const run = isRecord(raw.run) ? raw.run : {};
  const length = durationOrZero(run.warmup) + durationOrZero(run.horizon);
  if (length > MAX_CALENDAR_YEARS * 366 * DAY) {
    problems.push({
      path: ["run", "horizon"],
      message: `with a calendar: section, warm-up and horizon together may cover at most ${MAX_CALENDAR_YEARS} years`,
    });
  }
}

function durationOrZero(text: unknown): number {
  if (typeof text !== "string") return 0;
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}

/** Reports each dated range that overlaps an earlier one for the same ward or roster. */
function overlaps(
  entries: unknown,
  key: (entry: Raw) => string,
  kind: string,
  path: (string | number)[],
  at: (path: (string | number)[], message: string | undefined) => void,
): void {
  const seen = new Map<string, { from: string; to: string; index: number }[]>();
  list(entries).forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.from !== "string" || typeof entry.to !== "string") return;
    if (entry.to < entry.from) return;
    const k = key(entry);
    const earlier = seen.get(k) ?? [];
    const clash = earlier.find((e) => entry.from! <= e.to && e.from <= entry.to!);
    if (clash !== undefined) {
      at(
        [...path, i],
        `overlaps entry ${clash.index} for the same ${kind} (${clash.from} to ${clash.to}); combine them into one change`,
      );
    }
    earlier.push({ from: entry.from as string, to: entry.to as string, index: i });
    seen.set(k, earlier);
  });
}
