/** The files one run leaves in its out folder: summary.json and CSVs for spreadsheets. */
import { join } from "node:path";
import { DAY_NAMES } from "../engine/time.js";
import type { RunResult } from "../model/summary.js";
import { type CsvValue, toCsv } from "./csv.js";
import { writeFileAtomic, writeJson } from "./files.js";

export function writeRunFiles(outDir: string, result: RunResult): string[] {
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
  for (const [name, content] of files) writeFileAtomic(join(outDir, name), content);
  // The summary goes last: its presence says the folder is complete.
  writeJson(join(outDir, "summary.json"), summary);
  return [...files.map(([name]) => name), "summary.json"];
}
