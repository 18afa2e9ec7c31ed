/** The capacity report for people: terminal tables and CSV rows. */

import type { CsvValue } from "../output/csv.js";
import { clinicText } from "./clinics.js";
import type { CubicleMatch } from "./ed-demand.js";
import type { CapacityReport, Comparison, Estimate, StaffCapacity, UnitCapacity } from "./types.js";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

const n1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : "∞");
const n2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : "∞");
const pct = (x: number | null): string =>
  x === null ? "–" : `${(100 * x).toFixed(x < 0.001 && x > 0 ? 3 : 1)}%`;
const money = (x: number): string => `£${Math.round(x).toLocaleString("en-GB")}`;

/** "Mon 07:00" for an hour of the week. */
export function hourLabel(hourOfWeek: number): string {
  const day = DAYS[Math.floor(hourOfWeek / 24)] ?? "?";
  return `${day} ${String(hourOfWeek % 24).padStart(2, "0")}:00`;
}

function withCi(e: Estimate, show: (x: number) => string): string {
  return e.halfWidth === null ? show(e.mean) : `${show(e.mean)} ± ${show(e.halfWidth)}`;
}

function verdict(c: Comparison | undefined): string {
  if (c === undefined) return "–";
  return c.agrees === null ? "no CI" : c.agrees ? "agrees" : "DIFFERS";
}

type Row = [label: string, cell: (u: UnitCapacity) => string];

function table(units: readonly UnitCapacity[], rows: readonly Row[]): string {
  // A row with nothing to show for any unit (e.g. waits where none is comparable) is left out.
  const { header, body } = tableCells(units, rows);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...body.map(line)].join("\n");
}

/** A table as plain cells (header first), for the HTML page: the same rows the terminal prints. */
export interface CapacityTable {
  title: string;
  header: string[];
  body: string[][];
}

function tableCells(
  units: readonly UnitCapacity[],
  rows: readonly Row[],
): { header: string[]; body: string[][] } {
  const header = ["", ...units.map((u) => u.name)];
  const body = rows
    .map(([label, cell]) => [label, ...units.map((u) => cell(u))])
    .filter((cells) => cells.slice(1).some((c) => c !== "–"));
  return { header, body };
}

/** The wards' and the services' tables as the terminal shows them. */
export function capacityTables(report: CapacityReport): CapacityTable[] {
  const wards = report.units.filter((u) => u.kind === "ward");
  const others = report.units.filter((u) => u.kind !== "ward");
  const tables: CapacityTable[] = [];
  if (wards.length > 0) tables.push({ title: "Wards", ...tableCells(wards, wardRows(report)) });
  if (others.length > 0)
    tables.push({ title: "Community services and assessment", ...tableCells(others, serviceRows(report)) });
  return tables;
}

function wardRows(report: CapacityReport): Row[] {
  const t = report.targets;
  const beta = report.units.find((u) => u.needed)?.needed?.squareRoot.beta ?? 0;
  const rows: Row[] = [
    ["Arrivals a day (λ)", (u) => n1(u.arrivalsPerDay)],
    ["Bed held per admission (days)", (u) => n2(u.meanHeldDays)],
    [
      "  treatment / delays / hours / cleaning",
      (u) =>
        u.heldDays
          ? [
              u.heldDays.treatment + u.heldDays.tasks,
              u.heldDays.delays,
              u.heldDays.dischargeTiming,
              u.heldDays.turnaround,
            ]
              .map(n2)
              .join(" / ")
          : "–",
    ],
    ["Offered load a (beds)", (u) => n1(u.offeredLoad)],
    [
      "Beds today",
      (u) =>
        u.capacityRange
          ? `${u.capacity} (${u.capacityRange.min}–${u.capacityRange.max})`
          : String(u.capacity),
    ],
    ["Occupancy a / beds", (u) => pct(u.utilisation)],
    ["Erlang B: P(refused)", (u) => pct(u.blocking)],
    ["Erlang C: P(wait for a bed)", (u) => pct(u.delayProbability)],
    [`Beds for blocking ≤ ${pct(t.blocking)}`, (u) => String(u.needed?.forBlocking ?? "–")],
    [`Beds for occupancy ≤ ${pct(t.occupancy)}`, (u) => String(u.needed?.forOccupancy ?? "–")],
    [`Beds for P(wait) ≤ ${pct(t.delay)} (Erlang C)`, (u) => String(u.needed?.forDelay ?? "–")],
    [`Square-root rule a + ${beta.toFixed(2)}√a`, (u) => String(u.needed?.squareRoot.servers ?? "–")],
    [
      "P(full) at 85% / 92% (Bagust, this size)",
      (u) =>
        u.bagust
          .filter((b) => b.occupancy === 0.85 || b.occupancy === 0.92)
          .map((b) => pct(b.fullProbability))
          .join(" / ") || "–",
    ],
    [
      "Peak m(t) by hour of week",
      (u) => (u.peak ? `${n1(u.peak.load)} ${hourLabel(u.peak.hourOfWeek)}` : "–"),
    ],
    [`Beds for ≤ ${pct(t.blocking)} at the peak (MOL)`, (u) => String(u.peak?.neededForBlocking ?? "–")],
  ];
  if (report.replications > 0) {
    rows.push(
      ["Mean occupied: analytic", (u) => (u.compare.meanBusy ? n1(u.compare.meanBusy.analytic) : "–")],
      ["  simulated (95% CI)", (u) => (u.compare.meanBusy ? withCi(u.compare.meanBusy.simulated, n1) : "–")],
      [
        "P(full): analytic",
        (u) => (u.compare.fullProbability ? pct(u.compare.fullProbability.analytic) : "–"),
      ],
      [
        "  simulated % time full",
        (u) => (u.compare.fullProbability ? withCi(u.compare.fullProbability.simulated, (x) => pct(x)) : "–"),
      ],
      [
        "Mean wait for a bed (days): analytic",
        (u) => (u.compare.waitDays ? n2(u.compare.waitDays.analytic) : "–"),
      ],
      ["  simulated", (u) => (u.compare.waitDays ? withCi(u.compare.waitDays.simulated, n2) : "–")],
      [
        "Own admissions a day, simulated",
        (u) => (u.compare.admissionsPerDay ? withCi(u.compare.admissionsPerDay.simulated, n1) : "–"),
      ],
      [
        "Agreement (occupancy / P(full) / wait)",
        (u) =>
          `${verdict(u.compare.meanBusy)} / ${verdict(u.compare.fullProbability)} / ${verdict(u.compare.waitDays)}`,
      ],
    );
  }
  return rows;
}

function serviceRows(report: CapacityReport): Row[] {
  const t = report.targets;
  const rows: Row[] = [
    ["Arrivals a day (λ)", (u) => n1(u.arrivalsPerDay)],
    ["Time held (days)", (u) => n2(u.meanHeldDays)],
    ["Offered load a", (u) => `${n1(u.offeredLoad)}${u.model === "rate" ? " visits/d" : ""}`],
    ["Capacity today", (u) => `${u.capacity}${u.model === "rate" ? " visits/d" : ""}`],
    ["Utilisation a / capacity", (u) => pct(u.utilisation)],
    ["Erlang C: P(wait)", (u) => pct(u.delayProbability)],
    ["Mean wait, M/M/c (days)", (u) => (u.meanWaitDays === null ? "–" : n2(u.meanWaitDays))],
    [`For P(wait) ≤ ${pct(t.delay)} (Erlang C)`, (u) => String(u.needed?.forDelay ?? "–")],
    ["Square-root rule", (u) => String(u.needed?.squareRoot.servers ?? "–")],
    [`For occupancy ≤ ${pct(t.occupancy)}`, (u) => String(u.needed?.forOccupancy ?? "–")],
  ];
  if (report.replications > 0) {
    rows.push(
      ["Mean busy: analytic", (u) => (u.compare.meanBusy ? n1(u.compare.meanBusy.analytic) : "–")],
      ["  simulated (95% CI)", (u) => (u.compare.meanBusy ? withCi(u.compare.meanBusy.simulated, n1) : "–")],
      [
        "Mean wait (days), simulated",
        (u) => (u.compare.waitDays ? withCi(u.compare.waitDays.simulated, n2) : "–"),
      ],
      ["Agreement (busy / wait)", (u) => `${verdict(u.compare.meanBusy)} / ${verdict(u.compare.waitDays)}`],
    );
  }
  return rows;
}

/** Consecutive hours as "Mon 00:00–07:59" ranges. */
export function hourRanges(hours: readonly number[]): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= hours.length; i++) {
    if (i < hours.length && hours[i] === hours[i - 1]! + 1) continue;
    const first = hours[start]!;
    const last = hours[i - 1]!;
    const lastDay = Math.floor(last / 24);
    const end = `${String(last % 24).padStart(2, "0")}:59${lastDay !== Math.floor(first / 24) ? ` ${DAYS[lastDay]}` : ""}`;
    out.push(`${hourLabel(first)}–${end}`);
    start = i;
  }
  return out;
}

const RANGES_SHOWN = 6;

function staffText(staff: StaffCapacity, replications: number): string {
  const lines = [
    `Staff: ${staff.approximation}.`,
    `  Cheapest roster covering each hour: ${money(staff.summary.cheapestCostPerWeek)} a week; the scenario's rosters of task-capable roles: ${money(staff.summary.rosteredCostPerWeek)}.`,
  ];
  for (const t of staff.tasks) {
    lines.push(
      `  Task ${t.id} (${t.skills.join(" + ")}): ${n1(t.perDay)} a day, ${n1(t.meanMinutes)} min each`,
    );
  }
  const busy = staff.summary.busyPersonHoursPerWeek;
  if (busy !== undefined && replications > 0) {
    lines.push(
      `  Person-hours of task work a week: analytic ${n1(busy.analytic)}, simulated ${withCi(busy.simulated, n1)} (${verdict(busy)})`,
    );
  }
  if (staff.summary.hoursShort === 0) {
    lines.push("  The rosters cover every hour's requirement.");
    return lines.join("\n");
  }
  lines.push(
    `  The rosters fall short of the requirement in ${staff.summary.hoursShort} of 168 hours (staff-by-hour.csv has each hour):`,
  );
  const sets = [...new Set(staff.hours.flatMap((h) => h.shortfalls.map((f) => f.skills.join(" + "))))].sort();
  for (const set of sets) {
    const hours = staff.hours.filter((h) => h.shortfalls.some((f) => f.skills.join(" + ") === set));
    const most = Math.max(
      ...hours.map((h) => h.shortfalls.find((f) => f.skills.join(" + ") === set)!.missing),
    );
    const ranges = hourRanges(hours.map((h) => h.hourOfWeek));
    const shown = ranges.slice(0, RANGES_SHOWN).join(", ");
    const more = ranges.length > RANGES_SHOWN ? ` and ${ranges.length - RANGES_SHOWN} more` : "";
    lines.push(`    ${set}: ${hours.length} h, up to ${most} short: ${shown}${more}`);
  }
  return lines.join("\n");
}

/** Erlang C for the ED's cubicles: treatment alone, so a floor on what the department needs. */
function cubicleText(m: CubicleMatch): string {
  const wait =
    m.probabilityOfWaiting === null || m.meanWaitHours === null
      ? "overloaded (offered load at or above the cubicles): the queue grows unless patients leave"
      : `P(wait) ${pct(m.probabilityOfWaiting)}, mean wait ${m.meanWaitHours.toFixed(2)} h`;
  const needed =
    m.cubiclesForTwentyPercentWaiting === null ? "beyond the search" : `${m.cubiclesForTwentyPercentWaiting}`;
  return (
    `Emergency department cubicles (Erlang C, M/M/c at the daily mean; boarding and leaving aside)
` +
    `  ${m.attendancesPerDay.toLocaleString("en-GB")} attendances a day, offered load ${m.offeredLoad.toFixed(1)} cubicles; ` +
    `at ${m.cubicles} cubicles: ${wait}.
` +
    `  Cubicles for under 20% waiting: ${needed}. Boarders hold cubicles too: the simulation's ED figures show how many.`
  );
}

export function formatCapacityReport(report: CapacityReport): string {
  const parts: string[] = [];
  const variant = report.variant === "baseline" ? "" : ` (${report.variant})`;
  parts.push(
    `Capacity matching: ${report.scenario}${variant}, ${report.policy} discharge. Targets: blocking ≤ ${pct(report.targets.blocking)}, ` +
      `occupancy ≤ ${pct(report.targets.occupancy)}, P(wait) ≤ ${pct(report.targets.delay)}.` +
      (report.replications > 0
        ? ` Simulated: ${report.replications} replications (seed ${report.seed}), ${Math.round(100 * report.confidence)}% CIs.`
        : " No simulation (--replications 0)."),
  );
  const wards = report.units.filter((u) => u.kind === "ward");
  const others = report.units.filter((u) => u.kind !== "ward");
  if (wards.length > 0) parts.push(`Wards\n${table(wards, wardRows(report))}`);
  if (others.length > 0)
    parts.push(`Community services and assessment\n${table(others, serviceRows(report))}`);
  const flagged = report.units.filter((u) => u.flag !== null);
  if (flagged.length > 0) {
    const lines = ["Where the formulas and the simulation disagree:"];
    for (const u of flagged) {
      lines.push(`  ${u.name}: ${u.flag}`);
      for (const r of u.reasons) lines.push(`    - ${r}`);
    }
    parts.push(lines.join("\n"));
  } else if (report.replications > 1) {
    parts.push("The formulas and the simulation agree within the confidence intervals.");
  }
  if (report.staff !== null) parts.push(staffText(report.staff, report.replications));
  if (report.ed !== undefined) parts.push(cubicleText(report.ed));
  if (report.clinics !== undefined) parts.push(clinicText(report.clinics, report.targets.occupancy));
  const notes = [...report.method.survival.map((s) => `survival ${s}`), ...report.method.notes];
  parts.push(`Method notes:\n${notes.map((n) => `  - ${n}`).join("\n")}`);
  return parts.join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// CSV rows

const ciCells = (prefix: string, c: Comparison | undefined): Record<string, CsvValue> => ({
  [`${prefix}_analytic`]: c?.analytic,
  [`${prefix}_simulated`]: c?.simulated.mean,
  [`${prefix}_ci_half_width`]: c?.simulated.halfWidth,
  [`${prefix}_agrees`]: c?.agrees ?? undefined,
});

export function unitRows(report: CapacityReport): Record<string, CsvValue>[] {
  return report.units.map((u) => ({
    kind: u.kind,
    id: u.id,
    name: u.name,
    model: u.model,
    arrivals_per_day: u.arrivalsPerDay,
    held_days: u.meanHeldDays,
    held_cv: u.heldCv,
    offered_load: u.offeredLoad,
    offered_load_estimate_loads: u.offeredLoadBaseline,
    capacity: u.capacity,
    utilisation: u.utilisation,
    erlang_b: u.blocking,
    erlang_c: u.delayProbability,
    mean_wait_days: u.meanWaitDays,
    needed_for_blocking: u.needed?.forBlocking,
    needed_for_occupancy: u.needed?.forOccupancy,
    needed_for_delay: u.needed?.forDelay,
    square_root_rule: u.needed?.squareRoot.servers,
    p_full_at_85: u.bagust.find((b) => b.occupancy === 0.85)?.fullProbability,
    p_full_at_92: u.bagust.find((b) => b.occupancy === 0.92)?.fullProbability,
    peak_load: u.peak?.load,
    peak_hour_of_week: u.peak?.hourOfWeek,
    needed_for_blocking_at_peak: u.peak?.neededForBlocking,
    p_full_over_week_mol: u.fullProbabilityOverWeek,
    ...ciCells("mean_busy", u.compare.meanBusy),
    ...ciCells("p_full", u.compare.fullProbability),
    ...ciCells("admissions_per_day", u.compare.admissionsPerDay),
    ...ciCells("wait_days", u.compare.waitDays),
    flag: u.flag,
    reasons: u.reasons.join(" | "),
  }));
}

export function wardHourRows(report: CapacityReport): Record<string, CsvValue>[] {
  return report.wardHours.map((h) => ({
    ward: h.ward,
    hour_of_week: h.hourOfWeek,
    day: DAYS[Math.floor(h.hourOfWeek / 24)],
    hour: h.hourOfWeek % 24,
    arrivals_per_hour: h.arrivalsPerHour,
    offered_load: h.load,
    scheduled_beds: h.scheduledBeds,
    beds_for_blocking: h.neededForBlocking,
    beds_for_occupancy: h.neededForOccupancy,
  }));
}

export function staffHourRows(staff: StaffCapacity): Record<string, CsvValue>[] {
  return staff.hours.map((h) => {
    const row: Record<string, CsvValue> = {
      hour_of_week: h.hourOfWeek,
      day: DAYS[Math.floor(h.hourOfWeek / 24)],
      hour: h.hourOfWeek % 24,
    };
    for (const s of h.skills) {
      row[`load_${s.skill}`] = s.load;
      row[`needed_${s.skill}`] = s.needed;
    }
    for (const r of staff.roles) row[`cheapest_${r.id}`] = h.cheapest.counts[r.id];
    row.cheapest_cost = h.cheapest.cost;
    row.cheapest_feasible = h.cheapest.feasible;
    for (const r of staff.roles) row[`rostered_${r.id}`] = h.rostered.counts[r.id];
    row.rostered_cost = h.rostered.cost;
    row.roster_covers = h.shortfalls.length === 0;
    row.shortfalls = h.shortfalls.map((s) => `${s.skills.join("+")} short by ${s.missing}`).join("; ");
    return row;
  });
}
