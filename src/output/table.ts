/** Summaries as aligned plain-text tables for the terminal, one column per variant. */
import { DELAY_REASON_LABELS } from "../model/patient.js";
import type { RunSummary } from "../model/summary.js";

type Row = [label: string, format: (s: RunSummary) => string];

// An average over nobody (null) reads "none", never 0.
const orNone =
  (format: (x: number) => string) =>
  (x: number | null): string =>
    x === null ? "none" : format(x);
const n0 = orNone((x) => Math.round(x).toLocaleString("en-GB"));
const n1 = orNone((x) => x.toFixed(1));
const n2 = orNone((x) => x.toFixed(2));
const pct = orNone((x) => `${x.toFixed(1)}%`);
const money = orNone((x) => `£${Math.round(x).toLocaleString("en-GB")}`);
const millions = (x: number) => `£${(x / 1e6).toFixed(2)}m`;

function rowsFor(summaries: readonly RunSummary[]): Row[] {
  const first = summaries[0]!;
  const rows: Row[] = [
    ["Admissions a day", (s) => n1(s.headline.admissionsPerDay)],
    ["Discharges a day", (s) => n1(s.headline.dischargesPerDay)],
    ["Length of stay, mean (days)", (s) => n2(s.los.overall.meanDays)],
    ["  treatment (days)", (s) => n2(s.los.overall.treatmentDays)],
    ["  delayed discharge (days)", (s) => n2(s.los.overall.delayDays)],
    [
      "Length of stay, median / p90 (days)",
      (s) => `${n1(s.los.overall.medianDays)} / ${n1(s.los.overall.p90Days)}`,
    ],
    ["Delayed bed-days a day (all reasons)", (s) => n1(s.headline.delayedBedDaysPerDay)],
    ["Beds occupied, mean", (s) => n1(s.headline.occupiedBedsMean)],
    ["Time to bed, mean (hours)", (s) => n2(s.timeToBed.meanHours)],
    ["Time to bed, p95 (hours)", (s) => n2(s.timeToBed.p95Hours)],
    ["4-hour breaches", (s) => pct(s.headline.fourHourBreachPercent)],
    ["12-hour waits", (s) => n0(s.headline.twelveHourBreaches)],
  ];
  if (summaries.some((s) => s.headline.divertedPerDay > 0)) {
    rows.push(["Diverted elsewhere a day", (s) => n1(s.headline.divertedPerDay)]);
  }
  first.wards.forEach((w, i) => {
    rows.push([
      `${w.name}: occupancy mean / p95 of beds`,
      (s) => {
        const x = s.wards[i]!;
        return `${n1(x.occupancyMean)} / ${x.occupancyP95} of ${n0(x.bedsMean)}`;
      },
    ]);
    rows.push([`${w.name}: % of time full`, (s) => pct(s.wards[i]!.percentTimeFull)]);
  });
  first.delays.forEach((d, i) => {
    rows.push([`Delayed bed-days a day ${DELAY_REASON_LABELS[d.reason]}`, (s) => n1(s.delays[i]!.perDay)]);
  });
  rows.push(
    [
      "Past discharge-ready date at 08:00, % of occupied beds",
      (s) => pct(s.dischargeReady.pastReadyPercentOfOccupied),
    ],
    [
      "Discharged the day of admission or the next",
      (s) => pct(s.los.overall.sameOrNextDayOfAdmissionPercent),
    ],
  );
  first.services.forEach((svc, i) => {
    rows.push([
      `${svc.name}: in use / wait (days)`,
      (s) => {
        const x = s.services[i]!;
        return x.starts === 0 && x.inServiceMean === 0
          ? "—"
          : `${n1(x.inServiceMean)} / ${n2(x.waitMeanDays)}`;
      },
    ]);
  });
  if (summaries.some((s) => s.onward.waits.length > 0)) {
    const started = (s: RunSummary, destination: string) =>
      s.onward.waits.filter((w) => w.destination === destination).reduce((a, w) => a + w.started, 0);
    rows.push(
      [
        "Onward places started: long-term package / care home",
        (s) => `${n0(started(s, "package"))} / ${n0(started(s, "careHome"))}`,
      ],
      [
        "Waiting at the end after first support (decision or onward place): community bed / home",
        (s) => `${n0(s.onward.atEnd.waitingInCommunityBed)} / ${n0(s.onward.atEnd.waitingAtHome)}`,
      ],
    );
  }
  if (first.theatres) {
    const th = (f: (t: NonNullable<RunSummary["theatres"]>) => string) => (s: RunSummary) =>
      s.theatres ? f(s.theatres) : "—";
    rows.push(
      [
        "Theatre sessions held / cancelled",
        th((t) => `${t.sessions - t.sessionsCancelled} / ${t.sessionsCancelled}`),
      ],
      [
        "Theatre utilisation, capped / uncapped",
        th((t) => `${pct(100 * t.cappedUtilisation)} / ${pct(100 * t.uncappedUtilisation)}`),
      ],
      ["Cases per list", th((t) => n2(t.casesPerList))],
      ["Lists not running to capacity", th((t) => pct(t.listsNotToCapacityPercent))],
      [
        "Minutes lost: late start / turnaround / early finish",
        th((t) => `${n0(t.lateStartMinutes)} / ${n0(t.turnaroundMinutes)} / ${n0(t.earlyFinishMinutes)}`),
      ],
      ["Overrun minutes", th((t) => n0(t.overrunMinutes))],
      [
        "Cancelled on the day: no bed / patient / overrun",
        th((t) => `${t.cancellations.noBed} / ${t.cancellations.patient} / ${t.cancellations.listOverrun}`),
      ],
      [
        "Waiting list at end / within 18 weeks",
        th((t) => `${n0(t.waitingListAtEnd)} / ${pct(t.waitingWithin18WeeksPercentAtEnd)}`),
      ],
      ["Treated within 18 weeks", th((t) => pct(t.treatedWithin18WeeksPercent))],
      ["Theatre cost per case", th((t) => money(t.costs.perCase))],
    );
  }
  if (first.staff) {
    const st = (f: (t: NonNullable<RunSummary["staff"]>) => string) => (s: RunSummary) =>
      s.staff ? f(s.staff) : "—";
    first.staff.roles.forEach((role, i) => {
      rows.push([
        `${role.name}: utilisation / overtime hours`,
        st((t) =>
          t.roles[i] ? `${pct(100 * t.roles[i]!.utilisation)} / ${n0(t.roles[i]!.overtimeHours)}` : "—",
        ),
      ]);
    });
    first.staff.tasks.forEach((task, i) => {
      rows.push([
        `Task wait, ${task.name} (hours, mean / p90)`,
        st((t) => (t.tasks[i] ? `${n2(t.tasks[i]!.waitMeanHours)} / ${n2(t.tasks[i]!.waitP90Hours)}` : "—")),
      ]);
    });
    first.staff.safeStaffing.forEach((rule, i) => {
      rows.push([
        `${rule.ward}: hours below safe nurse ratio`,
        st((t) => (t.safeStaffing[i] ? n0(t.safeStaffing[i]!.hoursBelow) : "—")),
      ]);
    });
    rows.push(["Staff cost per spell", st((t) => money(t.costPerSpell))]);
  }
  rows.push(
    ["Cost: acute bed-days", (s) => millions(s.costs.occupiedBedDays + s.costs.openBedDays)],
    ["Cost: community services", (s) => millions(s.costs.community)],
    ["Cost: assessments", (s) => millions(s.costs.assessments)],
    ["Cost: theatres", (s) => millions(s.costs.theatres)],
    ["Cost: staff", (s) => millions(s.costs.staff)],
    ["Cost: total", (s) => millions(s.costs.total)],
    ["Cost per spell", (s) => money(s.costs.perSpell)],
    ["Readmissions (30 days)", (s) => n0(s.headline.readmissions)],
  );
  return rows;
}

export function formatSummaryTable(summaries: readonly RunSummary[]): string {
  if (summaries.length === 0) return "";
  const first = summaries[0]!;
  const rows = rowsFor(summaries);
  const headers = ["", ...summaries.map((s) => s.variant)];
  const body = rows.map(([label, f]) => [label, ...summaries.map(f)]);
  const widths = headers.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  const title = `${first.scenario}\n${first.horizonDays} days after ${first.warmupDays} days' warm-up, seed ${first.seed}`;
  const warnings = summaries.flatMap((s) => s.warnings.map((w) => `warning (${s.variant}): ${w}`));
  return [
    title,
    "",
    line(headers),
    line(widths.map((w) => "─".repeat(w))),
    ...body.map(line),
    ...(warnings.length ? ["", ...warnings] : []),
  ].join("\n");
}
