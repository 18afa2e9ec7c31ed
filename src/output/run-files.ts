/** The files one run leaves in its out folder: summary.json and CSVs for spreadsheets. */
import { DAY_NAMES } from "../engine/time.js";
import type { RunResult } from "../model/summary.js";
import { type CsvValue, toCsv } from "./csv.js";

/** Every file name runFiles can give, summary.json first (the order an earlier run's are removed). */
export const RUN_FILE_NAMES = [
  "summary.json",
  "wards.csv",
  "services.csv",
  "pathways.csv",
  "groups.csv",
  "delays.csv",
  "daily.csv",
  "staff.csv",
  "tasks.csv",
  "staff-by-hour.csv",
  "safe-staffing.csv",
  "sessions.csv",
  "waiting-list.csv",
] as const;

/** Each file's name and content, summary.json last: its presence says the folder is complete. */
export function runFiles(result: RunResult): [string, string][] {
  const { summary, daily } = result;
  const files: [string, string][] = [
    ["wards.csv", toCsv(summary.wards as unknown as Record<string, CsvValue>[])],
    ["services.csv", toCsv(summary.services as unknown as Record<string, CsvValue>[])],
    [
      "pathways.csv",
      toCsv(
        summary.los.byPathway.map((p) => ({
          ...p,
          cost: summary.costs.byPathway[p.pathway]?.total ?? 0,
        })),
      ),
    ],
    ["groups.csv", toCsv(summary.los.byGroup as unknown as Record<string, CsvValue>[])],
    ["delays.csv", toCsv(summary.delays as unknown as Record<string, CsvValue>[])],
    ["daily.csv", toCsv(daily as unknown as Record<string, CsvValue>[])],
  ];
  if (summary.staff) {
    const staff = summary.staff;
    files.push([
      "staff.csv",
      toCsv(
        staff.roles.map(({ utilisationByHourOfWeek: _, ...role }) => role),
        ["id", "name", "hourlyCost", "rosteredHours", "busyHours", "utilisation", "overtimeHours", "cost"],
      ),
    ]);
    files.push(["tasks.csv", toCsv(staff.tasks)]);
    // Role × hour of week, Monday 00:00 first: the utilisation heatmap as a table.
    const byHour = Array.from({ length: 168 }, (_, hour) => {
      const row: Record<string, CsvValue> = { day: DAY_NAMES[Math.floor(hour / 24)]!, hour: hour % 24 };
      for (const role of staff.roles) row[role.id] = role.utilisationByHourOfWeek[hour] ?? null;
      return row;
    });
    files.push(["staff-by-hour.csv", toCsv(byHour)]);
    if (staff.safeStaffing.length > 0) files.push(["safe-staffing.csv", toCsv(staff.safeStaffing)]);
  }
  if (result.sessions.length > 0) {
    files.push(["sessions.csv", toCsv(result.sessions as unknown as Record<string, CsvValue>[])]);
    files.push(["waiting-list.csv", toCsv(result.waitingList)]);
  }
  files.push(["summary.json", `${JSON.stringify(summary, null, 2)}\n`]);
  return files;
}
