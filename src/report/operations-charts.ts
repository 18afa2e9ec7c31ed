/**
 * Charts of the operational features a scenario may add to the hospital: elective theatre lists
 * (session time, on-the-day cancellations, the waiting list) and staff rosters (utilisation by
 * hour of the week, waits for tasks). Each builder returns `undefined` for runs without the
 * feature, so an acute-only report is unchanged.
 */
import type { TopLevelSpec } from "vega-lite";
import type { CancellationReason } from "../model/theatres.js";
import { type ChartContext, frame, round, variantColour, variantsOf } from "./chart-kit.js";
import { OKABE_ITO, rowFacet, SEMANTIC_COLOURS, SEQUENTIAL_SCHEME, SIZES } from "./theme.js";

const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

// ---------------------------------------------------------------------------------------------
// Theatre session time

const SESSION_PARTS = [
  { key: "touch", label: "Touch time in session", colour: SEMANTIC_COLOURS.theatres },
  { key: "late", label: "Late start", colour: OKABE_ITO.vermillion },
  { key: "turnaround", label: "Turnaround", colour: OKABE_ITO.orange },
  { key: "early", label: "Early finish", colour: OKABE_ITO.skyBlue },
  { key: "idle", label: "Other idle time", colour: "#bbbbbb" },
  { key: "cancelled", label: "Session cancelled", colour: "#555555" },
] as const;

export function theatreTimeChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter((r) => (r.summary.theatres?.plannedMinutes ?? 0) > 0);
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const parts: Record<string, string | number>[] = [];
  const overruns: Record<string, string | number>[] = [];
  for (const r of results) {
    const t = r.summary.theatres!;
    const planned = t.plannedMinutes;
    // Held sessions' planned time: from the session records when kept, else pro rata.
    const held = r.sessions.filter((s) => !s.cancelled);
    const plannedHeld =
      r.sessions.length > 0
        ? held.reduce((a, s) => a + s.plannedMinutes, 0)
        : planned * (1 - t.sessionsCancelled / Math.max(1, t.sessions));
    const touchInside = t.cappedUtilisation * plannedHeld;
    const minutes: Record<(typeof SESSION_PARTS)[number]["key"], number> = {
      touch: touchInside,
      late: t.lateStartMinutes,
      turnaround: t.turnaroundMinutes,
      early: t.earlyFinishMinutes,
      idle: 0,
      cancelled: planned - plannedHeld,
    };
    minutes.idle = Math.max(
      0,
      plannedHeld - minutes.touch - minutes.late - minutes.turnaround - minutes.early,
    );
    SESSION_PARTS.forEach((part, order) => {
      parts.push({
        variant: r.summary.variant,
        part: part.label,
        order,
        hours: round(minutes[part.key] / 60, 1),
        percent: round((100 * minutes[part.key]) / planned, 2),
      });
    });
    overruns.push({
      variant: r.summary.variant,
      hours: round(t.overrunMinutes / 60, 1),
      percent: round((100 * t.overrunMinutes) / planned, 2),
      sessions: t.sessions,
    });
  }
  const height = { step: 28 };
  const y = { field: "variant", type: "nominal" as const, title: null, sort: variants };
  return {
    ...frame(
      "How planned theatre session time was used",
      "Planned theatre session time split into touch time inside the session, late starts, turnaround between cases, early finishes, other idle time and sessions cancelled, by variant; with time overrunning the session end beside it. Touch time inside the session is capped utilisation (GIRFT).",
      "Share of planned session time (%); overrun beyond the planned end on the right",
    ),
    hconcat: [
      {
        data: { values: parts },
        width: SIZES.width - 200,
        height,
        mark: { type: "bar" },
        encoding: {
          y,
          x: {
            field: "percent",
            type: "quantitative",
            title: "Planned session time (%)",
            stack: "zero",
          },
          color: {
            field: "part",
            type: "nominal",
            title: "Session time",
            scale: { domain: SESSION_PARTS.map((p) => p.label), range: SESSION_PARTS.map((p) => p.colour) },
            sort: SESSION_PARTS.map((p) => p.label),
          },
          order: { field: "order", type: "quantitative" },
          tooltip: [
            { field: "variant", type: "nominal", title: "Variant" },
            { field: "part", type: "nominal", title: "Session time" },
            { field: "percent", type: "quantitative", title: "Share of planned time (%)", format: ".1f" },
            { field: "hours", type: "quantitative", title: "Hours", format: ",.1f" },
          ],
        },
      },
      {
        data: { values: overruns },
        width: 120,
        height,
        mark: { type: "bar", color: OKABE_ITO.black },
        encoding: {
          y: { ...y, axis: null },
          x: { field: "percent", type: "quantitative", title: "Overrun (% of planned)" },
          tooltip: [
            { field: "variant", type: "nominal", title: "Variant" },
            { field: "percent", type: "quantitative", title: "Overrun (% of planned)", format: ".1f" },
            { field: "hours", type: "quantitative", title: "Overrun (hours)", format: ",.1f" },
            { field: "sessions", type: "quantitative", title: "Sessions planned", format: "," },
          ],
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Theatre cancellations

const CANCELLATION_LABELS: Readonly<Record<CancellationReason, string>> = {
  sessionCancelled: "Session cancelled",
  noStaff: "No staff",
  patient: "Patient reasons",
  noBed: "No post-operative bed",
  listOverrun: "List overran",
};

export function theatreCancellationsChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter((r) => r.summary.theatres !== undefined);
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const reasons = Object.keys(CANCELLATION_LABELS) as CancellationReason[];
  const values = results.flatMap((r) =>
    reasons.map((reason) => ({
      variant: r.summary.variant,
      reason: CANCELLATION_LABELS[reason],
      cases: r.summary.theatres!.cancellations[reason] ?? 0,
    })),
  );
  if (values.every((v) => v.cases === 0)) return undefined;
  const labels = reasons.map((r) => CANCELLATION_LABELS[r]);
  return {
    ...frame(
      "On-the-day cancellations of elective operations",
      `Booked operations cancelled on the day, by reason${variants.length > 1 ? " and variant" : ""}, over the observed period.`,
      "Cases cancelled on the day, by reason",
    ),
    data: { values },
    width: SIZES.width - 160,
    height: { step: 24 },
    mark: { type: "bar" },
    encoding: {
      y: { field: "reason", type: "nominal", title: null, sort: labels },
      ...(variants.length > 1 ? { yOffset: { field: "variant", type: "nominal", sort: variants } } : {}),
      x: { field: "cases", type: "quantitative", title: "Cancelled operations (cases)" },
      color: variantColour(variants),
      tooltip: [
        { field: "variant", type: "nominal", title: "Variant" },
        { field: "reason", type: "nominal", title: "Reason" },
        { field: "cases", type: "quantitative", title: "Cases", format: "," },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Waiting list

export function waitingListChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter((r) => r.waitingList.length > 0);
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const values = results.flatMap((r) =>
    r.waitingList.map((w) => ({
      variant: r.summary.variant,
      week: w.week,
      size: w.size,
      within18: round(w.within18WeeksPercent, 1),
      meanWeeks: round(w.meanWeeksWaited, 1),
    })),
  );
  const x = {
    field: "week",
    type: "quantitative" as const,
    title: "Week after warm-up (weeks)",
    axis: { tickMinStep: 1, format: "d" },
  };
  const tooltip = [
    { field: "variant", type: "nominal" as const, title: "Variant" },
    { field: "week", type: "quantitative" as const, title: "Week" },
    { field: "size", type: "quantitative" as const, title: "Waiting (patients)", format: "," },
    { field: "within18", type: "quantitative" as const, title: "Within 18 weeks (%)", format: ".1f" },
    { field: "meanWeeks", type: "quantitative" as const, title: "Mean wait so far (weeks)", format: ".1f" },
  ];
  return {
    ...frame(
      "Elective waiting list",
      `Patients on the elective waiting list at each weekly snapshot${variants.length > 1 ? ", by variant" : ""}, and the share of them waiting under 18 weeks (the referral-to-treatment standard is 92%).`,
      "Top: patients waiting; bottom: share waiting under 18 weeks, dashed line at the 92% standard",
    ),
    data: { values },
    vconcat: [
      {
        width: SIZES.width,
        height: SIZES.height - 40,
        mark: { type: "line", point: true },
        encoding: {
          x,
          y: {
            field: "size",
            type: "quantitative",
            title: "Waiting list (patients)",
            scale: { zero: false },
          },
          color: variantColour(variants),
          tooltip,
        },
      },
      {
        width: SIZES.width,
        height: SIZES.height - 80,
        layer: [
          {
            mark: { type: "line", point: true },
            encoding: {
              x,
              y: {
                field: "within18",
                type: "quantitative",
                title: "Within 18 weeks (%)",
                scale: { domain: [0, 100] },
              },
              color: variantColour(variants),
              tooltip,
            },
          },
          {
            data: { values: [{ standard: 92 }] },
            mark: { type: "rule", color: SEMANTIC_COLOURS.reference, strokeDash: [4, 3] },
            encoding: { y: { field: "standard", type: "quantitative" } },
          },
        ],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Staff utilisation by hour of the week

const HOUR_OF_WEEK_LABEL = `datum.value % 24 === 0 ? ${JSON.stringify(WEEKDAY_NAMES)}[floor(datum.value / 24)] : ''`;

/** Panels of the staff heatmap before it shows the first variant only (each is ~170 px tall). */
const MAX_STAFF_PANELS = 6;

export function staffUtilisationChart(ctx: ChartContext): TopLevelSpec | undefined {
  const withStaff = ctx.results.filter((r) =>
    (r.summary.staff?.roles ?? []).some((role) => role.utilisationByHourOfWeek.length === 168),
  );
  if (withStaff.length === 0) return undefined;
  // A panel per variant, as many as a comparison page shows elsewhere; only beyond that the first.
  const results = withStaff.length <= MAX_STAFF_PANELS ? withStaff : withStaff.slice(0, 1);
  const roleOrder: string[] = [];
  const values: Record<string, string | number | null>[] = [];
  for (const r of results) {
    for (const role of r.summary.staff!.roles) {
      if (role.utilisationByHourOfWeek.length !== 168) continue;
      if (!roleOrder.includes(role.name)) roleOrder.push(role.name);
      role.utilisationByHourOfWeek.forEach((u, hour) => {
        values.push({
          variant: r.summary.variant,
          role: role.name,
          hour,
          day: WEEKDAY_NAMES[Math.floor(hour / 24)]!,
          time: `${String(hour % 24).padStart(2, "0")}:00`,
          percent: u === null ? null : round(100 * u, 1),
          status: u === null ? "Not rostered" : "Rostered",
        });
      });
    }
  }
  const shown = results.map((r) => r.summary.variant);
  const faceted = shown.length > 1;
  const cell = {
    width: SIZES.width - 120,
    height: { step: 18 },
    encoding: {
      x: {
        field: "hour",
        type: "ordinal" as const,
        title: "Hour of the week (Monday 00:00 to Sunday 24:00; hours)",
        axis: { labelExpr: HOUR_OF_WEEK_LABEL, labelAngle: 0, ticks: false, labelAlign: "left" as const },
      },
      y: { field: "role", type: "nominal" as const, title: null, sort: roleOrder },
      tooltip: [
        { field: "variant", type: "nominal" as const, title: "Variant" },
        { field: "role", type: "nominal" as const, title: "Role" },
        { field: "day", type: "nominal" as const, title: "Day" },
        { field: "time", type: "nominal" as const, title: "Hour starting" },
        { field: "percent", type: "quantitative" as const, title: "Utilisation (%)", format: ".0f" },
        { field: "status", type: "nominal" as const, title: "Roster" },
      ],
    },
    layer: [
      {
        transform: [{ filter: "datum.percent === null" }],
        mark: { type: "rect" as const, color: "#e4e4e4" },
      },
      {
        transform: [{ filter: "datum.percent !== null" }],
        mark: { type: "rect" as const },
        encoding: {
          color: {
            field: "percent",
            type: "quantitative" as const,
            title: "Busy ÷ rostered (%)",
            scale: { scheme: SEQUENTIAL_SCHEME, domain: [0, 100], clamp: true },
            legend: { orient: "right" as const, direction: "vertical" as const, gradientLength: 120 },
          },
        },
      },
    ],
  };
  const description = `Share of rostered staff time spent busy on tasks, by role and hour of the week (Monday 00:00 first), averaged over the observed weeks${faceted ? ", one panel per variant" : withStaff.length > 1 ? `, for the variant ${shown[0]}` : ""}. Grey cells: nobody of that role rostered. Colours stop at 100%: busier hours (overtime) show as the top colour.`;
  const subtitle = `Busy ÷ rostered time (%), 100% and above in the top colour; grey: not rostered${!faceted && withStaff.length > 1 ? `; variant: ${shown[0]}` : ""}`;
  return faceted
    ? {
        ...frame("Staff utilisation by hour of the week", description, subtitle),
        data: { values },
        facet: rowFacet("variant", shown),
        spec: cell,
      }
    : {
        ...frame("Staff utilisation by hour of the week", description, subtitle),
        data: { values },
        ...cell,
      };
}

// ---------------------------------------------------------------------------------------------
// Waits for staff tasks

export function taskWaitsChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter((r) => (r.summary.staff?.tasks.length ?? 0) > 0);
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const taskOrder: string[] = [];
  const values = results.flatMap((r) =>
    r.summary.staff!.tasks.map((t) => {
      const task = `${t.name} (at ${t.at})`;
      if (!taskOrder.includes(task)) taskOrder.push(task);
      return {
        variant: r.summary.variant,
        task,
        mean: round(t.waitMeanHours, 2),
        p90: round(t.waitP90Hours, 2),
        completed: t.completed,
      };
    }),
  );
  const multi = variants.length > 1;
  const y = { field: "task", type: "nominal" as const, title: null, sort: taskOrder };
  const yOffset = multi ? { yOffset: { field: "variant", type: "nominal" as const, sort: variants } } : {};
  const tooltip = [
    { field: "variant", type: "nominal" as const, title: "Variant" },
    { field: "task", type: "nominal" as const, title: "Task" },
    { field: "mean", type: "quantitative" as const, title: "Mean wait (hours)", format: ".1f" },
    { field: "p90", type: "quantitative" as const, title: "90th percentile wait (hours)", format: ".1f" },
    { field: "completed", type: "quantitative" as const, title: "Tasks completed", format: "," },
  ];
  return {
    ...frame(
      "Waits for staff tasks",
      `Time from a task falling due (e.g. a patient becoming medically fit) until a member of staff starts it, by task${multi ? " and variant" : ""}: bars show the mean wait, black ticks the 90th percentile.`,
      "Bars: mean wait; ticks: 90th percentile wait (hours)",
    ),
    data: { values },
    width: SIZES.width - 200,
    height: { step: multi ? 18 : 28 },
    encoding: { y, ...yOffset, tooltip },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: { field: "mean", type: "quantitative", title: "Wait until a member of staff starts (hours)" },
          color: variantColour(variants),
        },
      },
      {
        mark: { type: "tick", color: OKABE_ITO.black, thickness: 2 },
        encoding: { x: { field: "p90", type: "quantitative" } },
      },
    ],
  };
}
