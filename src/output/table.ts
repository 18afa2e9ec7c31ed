/**
 * Summaries as aligned plain-text tables for the terminal: one column per variant and a
 * difference column for two; beyond three variants (or when the columns would not fit the
 * window) a row per variant with the key figures. Rows that are zero for every variant are left
 * out; labels wrap to fit the window.
 */
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

/** Outpatient, day-unit and activation rows: none for a scenario without those sections. */
function newSectionRows(first: RunSummary): Row[] {
  const rows: Row[] = [];
  if (first.outpatients) {
    const op = (f: (t: NonNullable<RunSummary["outpatients"]>) => string) => (s: RunSummary) =>
      s.outpatients ? f(s.outpatients) : "—";
    rows.push(
      [
        "Outpatient referrals / patient-years on pathways",
        op((t) => `${n0(t.referrals)} / ${n1(t.patientYears)}`),
      ],
      [
        "Outpatient appointments: first / follow-up / added / remote / did not attend",
        op(
          (t) =>
            `${n0(t.appointments.first)} / ${n0(t.appointments.followUp)} / ${n0(t.appointments.added)} / ` +
            `${n0(t.appointments.remote)} / ${n0(t.appointments.didNotAttend)}`,
        ),
      ],
      [
        "Per patient-year: face-to-face / remote",
        op((t) => `${n2(t.perPatientYear.faceToFace)} / ${n2(t.perPatientYear.remote)}`),
      ],
      [
        "Wait for first appointment, weeks (seen) / within 18 weeks",
        op((t) => `${n1(t.waits.firstMeanWeeks)} / ${pct(t.waits.firstSeenWithin18WeeksPercent)}`),
      ],
      [
        "Still waiting for first appointment at end / mean weeks so far",
        op((t) => `${n0(t.waits.stillWaitingFirst)} / ${n1(t.waits.stillWaitingFirstMeanWeeksSoFar)}`),
      ],
      [
        "Follow-ups late / overdue at end / mean days late",
        op(
          (t) =>
            `${n0(t.waits.lateFollowUps)} / ${n0(t.waits.overdueFollowUpsAtEnd)} / ${n1(t.waits.followUpMeanDaysLate)}`,
        ),
      ],
      ["Clinic slot utilisation", op((t) => pct(t.slotUtilisationPercent))],
    );
    first.outpatients.staff.forEach((role, i) => {
      rows.push([
        `Outpatient staff, ${role.role}: hours / cost`,
        op((t) => (t.staff[i] ? `${n0(t.staff[i]!.hours)} / ${money(t.staff[i]!.cost)}` : "—")),
      ]);
    });
    rows.push(
      [
        "Outpatient cost per patient-year / per patient-week",
        op((t) => `${money(t.costs.perPatientYear)} / £${n2(t.costs.perPatientWeek)}`),
      ],
      ["Cost: outpatients", op((t) => millions(t.costs.total))],
    );
  }
  first.theatres?.dayUnits?.forEach((unit, i) => {
    const du =
      (f: (u: NonNullable<NonNullable<RunSummary["theatres"]>["dayUnits"]>[number]) => string) =>
      (s: RunSummary) => {
        const u = s.theatres?.dayUnits?.[i];
        return u ? f(u) : "—";
      };
    rows.push(
      [
        `Day unit ${unit.name}: day cases / home / kept in / still there at closing`,
        du(
          (u) =>
            `${n0(u.admitted)} / ${n0(u.wentHome)} / ${n0(u.keptOvernight)} / ${n0(u.stillThereAtClosing)}`,
        ),
      ],
      [
        `Day unit ${unit.name}: trolley use / hours waiting on a trolley for a bed`,
        du((u) => `${pct(u.trolleyUtilisationPercent)} / ${n0(u.hoursWaitingOnTrolleyForBed)}`),
      ],
    );
  });
  for (const [i, group] of (first.activation ?? []).entries()) {
    rows.push([
      `Activation, ${group.group}: share / admissions avoided`,
      (s) => {
        const g = s.activation?.[i];
        return g ? `${pct(100 * g.share)} / ${n0(g.avoidedAdmissions)}` : "—";
      },
    ]);
  }
  return rows;
}

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
  if (first.ed) rows.push(...edRows());
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
  rows.push(...newSectionRows(first));
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

/** The emergency department: attendances followed to what became of them, and the standards. */
function edRows(): Row[] {
  const ed = (f: (e: NonNullable<RunSummary["ed"]>) => string) => (s: RunSummary) => (s.ed ? f(s.ed) : "—");
  return [
    [
      "ED attendances: walk-in / ambulance",
      ed((e) => `${n0(e.arrivalsByMode.walkIn)} / ${n0(e.arrivalsByMode.ambulance)}`),
    ],
    [
      "ED: home / SDEC / admitted / sent elsewhere",
      ed(
        (e) =>
          `${n0(e.outcomes.home)} / ${n0(e.outcomes.sdec)} / ${n0(e.outcomes.admitted)} / ${n0(e.outcomes.diverted)}`,
      ),
    ],
    [
      "ED left: before triage / before being seen / before a bed",
      ed(
        (e) =>
          `${n0(e.outcomes.leftBeforeTriage)} / ${n0(e.outcomes.leftBeforeSeen)} / ${n0(e.outcomes.leftBeforeBed)}`,
      ),
    ],
    ["ED: still in the department at the end", ed((e) => n0(e.stillInDepartment))],
    ["ED: time in department, mean (hours)", ed((e) => n2(e.meanHoursInDepartment))],
    ["ED: left within 4 hours of arrival", ed((e) => pct(e.within4hPercent))],
    ["ED: over 12 hours from arrival", ed((e) => n0(e.over12hFromArrival))],
    [
      "ED: over 12 hours from decision to admit",
      ed((e) => `${n0(e.over12hFromDecision)} of ${n0(e.decisionsToAdmit)}`),
    ],
    ["ED: wait for a cubicle, mean (hours)", ed((e) => n2(e.meanWaitForCubicleHours))],
    ["ED: decision to admit to a bed, mean (hours)", ed((e) => n2(e.meanBoardingHours))],
    ["ED: escalated", ed((e) => n0(e.escalated))],
    ["ED: cubicle utilisation", ed((e) => pct(100 * e.cubicleUtilisation))],
  ];
}

export interface TableOptions {
  /** Characters the table may use (the terminal's width); default 100. */
  width?: number;
}

/** Variants side by side up to this many; beyond, a row per variant. */
const MAX_COLUMNS = 3;
const DEFAULT_WIDTH = 100;
const GAP = "  ";

/** A single number as a cell shows it: "£1,234", "12.5%", "£3.20m", "-4.0". */
const NUMBER_CELL = /^(-?)(£?)([\d,]+(?:\.(\d+))?)(m|%)?$/;

/** variant − baseline for cells holding one number each, in the cells' own form; "" otherwise. */
export function differenceCell(baseline: string, variant: string): string {
  const a = NUMBER_CELL.exec(baseline);
  const b = NUMBER_CELL.exec(variant);
  if (a === null || b === null || a[2] !== b[2] || a[5] !== b[5]) return "";
  const value = (m: RegExpExecArray) => Number(`${m[1]}${m[3]!.replaceAll(",", "")}`);
  const digits = Math.max(a[4]?.length ?? 0, b[4]?.length ?? 0);
  const d = value(b) - value(a);
  const magnitude = Math.abs(d).toLocaleString("en-GB", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  if (Number(magnitude.replaceAll(",", "")) === 0) return "0";
  const unit = a[5] === "%" ? " pp" : (a[5] ?? "");
  return `${d < 0 ? "−" : "+"}${a[2]}${magnitude}${unit}`;
}

/** A cell that says nothing happened: zero in any of the forms above, or a dash. */
const isEmptyCell = (cell: string): boolean =>
  cell === "—" || /^£?0(\.0+)?(m|%)?$/.test(cell) || /^0(\.0+)? \/ 0(\.0+)?$/.test(cell);

/** Splits a label into lines of at most `width` characters, at spaces where it can. */
function wrap(label: string, width: number): string[] {
  if (label.length <= width) return [label];
  const indent = label.match(/^ */)![0];
  const lines: string[] = [];
  let line = "";
  for (const word of label.trim().split(" ")) {
    const next = line === "" ? `${indent}${word}` : `${line} ${word}`;
    if (next.length > width && line !== "") {
      lines.push(line);
      line = `${indent}  ${word}`;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines;
}

function titleOf(summaries: readonly RunSummary[]): string {
  const first = summaries[0]!;
  return `${first.scenario}\n${first.horizonDays} days after ${first.warmupDays} days' warm-up, seed ${first.seed}`;
}

function warningLines(summaries: readonly RunSummary[]): string[] {
  const warnings = summaries.flatMap((s) => s.warnings.map((w) => `warning (${s.variant}): ${w}`));
  return warnings.length ? ["", ...warnings] : [];
}

/** Variants across, figures down; a difference column for two variants. */
function sideBySide(summaries: readonly RunSummary[], width: number): string[] | null {
  const withDifference = summaries.length === 2;
  const headers = summaries.map((s) => s.variant);
  if (withDifference) headers.push(`${summaries[1]!.variant} − ${summaries[0]!.variant}`);
  const body = rowsFor(summaries)
    .map(([label, f]) => {
      const cells = summaries.map(f);
      if (withDifference) cells.push(differenceCell(cells[0]!, cells[1]!));
      return { label, cells };
    })
    .filter((row) => !row.cells.slice(0, summaries.length).every(isEmptyCell));
  const widths = headers.map((h, c) => Math.max(h.length, ...body.map((r) => r.cells[c]!.length)));
  const valuesWidth = widths.reduce((a, w) => a + w + GAP.length, 0);
  const labelWidth = Math.min(Math.max(...body.map((r) => r.label.length)), width - valuesWidth);
  // Labels narrower than this would wrap into a column of fragments: turn the table instead.
  if (labelWidth < 24) return null;
  const line = (label: string, cells: readonly string[]) =>
    [label.padEnd(labelWidth), ...cells.map((cell, c) => cell.padStart(widths[c]!))].join(GAP).trimEnd();
  const lines = [
    line("", headers),
    line(
      "─".repeat(labelWidth),
      widths.map((w) => "─".repeat(w)),
    ),
  ];
  for (const row of body) {
    const labels = wrap(row.label, labelWidth);
    labels.forEach((l, i) => {
      lines.push(i === labels.length - 1 ? line(l, row.cells) : l);
    });
  }
  return lines;
}

/** A row per variant and a few key figures: many variants, or a narrow window. */
function turned(summaries: readonly RunSummary[]): string[] {
  const columns: [string, (s: RunSummary) => string][] = [
    ["beds occupied", (s) => n1(s.headline.occupiedBedsMean)],
    ["stay (days)", (s) => n2(s.los.overall.meanDays)],
    ["to bed (h)", (s) => n2(s.timeToBed.meanHours)],
    [">4 h", (s) => pct(s.headline.fourHourBreachPercent)],
    ["cost", (s) => millions(s.costs.total)],
  ];
  const header = ["variant", ...columns.map(([h]) => h)];
  const body = summaries.map((s) => [s.variant, ...columns.map(([, f]) => f(s))]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(GAP);
  return [
    line(header),
    line(widths.map((w) => "─".repeat(w))),
    ...body.map(line),
    "",
    "Every figure of each variant is in its folder's summary.json and report.",
  ];
}

export function formatSummaryTable(summaries: readonly RunSummary[], options: TableOptions = {}): string {
  if (summaries.length === 0) return "";
  const width = Math.max(40, options.width ?? DEFAULT_WIDTH);
  const table = (summaries.length <= MAX_COLUMNS ? sideBySide(summaries, width) : null) ?? turned(summaries);
  return [titleOf(summaries), "", ...table, ...warningLines(summaries)].join("\n");
}
