/**
 * The report's "Model and method" section, written from the scenario and the run rather than
 * from a template, so it cannot drift from what was simulated. Its headings follow the
 * STRESS-DES checklist (Monks et al., J Simulation 2019) where an item applies to one run.
 *
 * Inputs the section does not know how to present (the scenario format grows) are still listed,
 * as raw values, so "every input parameter" stays true.
 */
import type { PrecisionOutcome } from "../batch/aggregate.js";
import type { SweepAxis } from "../batch/plan.js";
import { type DistributionSpec, fromSpec } from "../engine/distributions.js";
import { DAY, formatDuration } from "../engine/time.js";
import type { RunResult } from "../model/summary.js";
import type { Scenario } from "../scenario/schema.js";
import { escapeHtml } from "./escape.js";

type Policy = "standard" | "d2a";

/** Single runs, one per variant: the `careflow run` report. */
export interface RunsDesign {
  kind: "runs";
  results: readonly RunResult[];
}

export interface BatchMethodVariant {
  name: string;
  /** The named variant of the scenario file it starts from ("baseline" for none). */
  base: string;
  /** Applied after the named variant: the sweep point and batch-wide overrides. */
  overrides: Readonly<Record<string, unknown>>;
  policy: Policy;
  replications: number;
  /** Replications that stopped at the event limit. */
  incomplete: number;
}

/** Monte Carlo replications of each variant: the `careflow batch` report. */
export interface BatchDesign {
  kind: "batch";
  seed: number;
  /** Replications per variant (0 … replications − 1). */
  replications: number;
  confidence: number;
  variants: readonly BatchMethodVariant[];
  precision: PrecisionOutcome | null;
  sweep: readonly SweepAxis[] | null;
  /** How long the replications took, in words (from run-info.json). */
  runTime: string;
  /** With uncertain inputs: how the two kinds of interval were made, in plain text. */
  inputUncertainty?: string;
}

export interface MethodContext {
  design: RunsDesign | BatchDesign;
  scenario: Scenario;
  scenarioFile: string;
  versions: { careflow: string; node: string; vega: string; vegaLite: string; vegaEmbed: string };
  generatedAt: string;
  /** Wall-clock seconds of the runs (single runs only; a batch states its run time itself). */
  runSeconds?: number;
}

/** What Purpose and Model logic need of each variant, whichever the design. */
interface VariantLine {
  name: string;
  policy: Policy;
  changes: [string, unknown][];
}

function variantLines(ctx: MethodContext): VariantLine[] {
  const fileOverrides = (name: string): [string, unknown][] =>
    Object.entries(ctx.scenario.variants[name] ?? {});
  if (ctx.design.kind === "runs") {
    return ctx.design.results.map((r) => ({
      name: r.summary.variant,
      policy: r.summary.policy,
      changes: fileOverrides(r.summary.variant),
    }));
  }
  return ctx.design.variants.map((v) => ({
    name: v.name,
    policy: v.policy,
    changes: [...(v.base === "baseline" ? [] : fileOverrides(v.base)), ...Object.entries(v.overrides)],
  }));
}

/** Purpose lists at most this many variants: a long sweep would fill pages, and is described too. */
const MAX_LISTED_VARIANTS = 24;

const e = escapeHtml;
const d = (minutes: number): string => e(formatDuration(minutes));
const num = (x: number, digits = 3): string => String(Number(x.toPrecision(digits)));
const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** A distribution in the words and units a planner uses (times in days/hours, not minutes). */
export function describeDistribution(spec: DistributionSpec): string {
  const text = distributionText(spec);
  // The mean is stated for every shape that is not parameterised by it, so LOS inputs compare.
  const statesMean = "mean" in spec && typeof spec.mean === "number";
  if (statesMean || spec.dist === "constant") return text;
  try {
    return `${text}; mean ${formatDuration(fromSpec(spec).mean)}`;
  } catch {
    return text;
  }
}

function distributionText(spec: DistributionSpec): string {
  const f = formatDuration;
  switch (spec.dist) {
    case "constant":
      return `fixed ${f(spec.value)}`;
    case "uniform":
      return `uniform between ${f(spec.min)} and ${f(spec.max)}`;
    case "triangular":
      return `triangular (min ${f(spec.min)}, mode ${f(spec.mode)}, max ${f(spec.max)})`;
    case "exponential":
      return `exponential (mean ${f(spec.mean)})`;
    case "normal":
      return `normal (mean ${f(spec.mean)}, sd ${f(spec.sd)})`;
    case "truncnormal": {
      const bounds = [
        spec.min !== undefined && Number.isFinite(spec.min) ? `min ${f(spec.min)}` : undefined,
        spec.max !== undefined && Number.isFinite(spec.max) ? `max ${f(spec.max)}` : undefined,
      ].filter((b) => b !== undefined);
      return `truncated normal (mean ${f(spec.mean)}, sd ${f(spec.sd)} before truncation${bounds.length ? `, ${bounds.join(", ")}` : ""})`;
    }
    case "lognormal":
      return spec.median !== undefined
        ? `lognormal (mean ${f(spec.mean)}, median ${f(spec.median)})`
        : `lognormal (mean ${f(spec.mean)}, sd ${f(spec.sd)})`;
    case "gamma":
      return spec.shape !== undefined
        ? `gamma (mean ${f(spec.mean)}, shape ${num(spec.shape)})`
        : `gamma (mean ${f(spec.mean)}, coefficient of variation ${num(spec.cv)})`;
    case "erlang":
      return `Erlang (mean ${f(spec.mean)}, k ${spec.k})`;
    case "weibull":
      return spec.scale !== undefined
        ? `Weibull (shape ${num(spec.shape)}, scale ${f(spec.scale)})`
        : `Weibull (shape ${num(spec.shape)}, mean ${f(spec.mean)})`;
    case "pert":
      return `PERT (min ${f(spec.min)}, mode ${f(spec.mode)}, max ${f(spec.max)}, λ ${num(spec.lambda ?? 4)})`;
    case "discrete": {
      const total = spec.weights.reduce((a, b) => a + b, 0);
      const parts = spec.values.map((v, i) => `${f(v)} (${num((100 * (spec.weights[i] ?? 0)) / total)}%)`);
      return `discrete: ${parts.join(", ")}`;
    }
    case "empirical": {
      const sorted = [...spec.points].sort((a, b) => a - b);
      return `empirical from ${sorted.length} observations, ${f(sorted[0] ?? 0)} to ${f(sorted[sorted.length - 1] ?? 0)}`;
    }
    default: {
      const unknown: never = spec;
      return JSON.stringify(unknown);
    }
  }
}

const clock = (minutes: number): string => {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
};

const money = (x: number): string =>
  x > 0 ? `£${x.toLocaleString("en-GB", { maximumFractionDigits: 2 })}` : "—";
const percent = (p: number): string => `${num(100 * p)}%`;

function table(headers: string[], rows: string[][], caption?: string): string {
  const head = headers.map((h) => `<th scope="col">${h}</th>`).join("");
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join("")}</tr>`,
    )
    .join("\n");
  return `<table class="inputs">${caption ? `<caption>${caption}</caption>` : ""}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keys of an input object that this section does not present itself, as escaped "key: value". */
function otherSettings(item: unknown, known: readonly string[]): string {
  if (!isRecord(item)) return "";
  const extra = Object.entries(item).filter(([key, value]) => !known.includes(key) && value !== undefined);
  if (extra.length === 0) return "";
  return extra
    .map(([key, value]) => `${e(key)}: <code>${e(JSON.stringify(value) ?? String(value))}</code>`)
    .join("; ");
}

function withOthers(text: string, item: unknown, known: readonly string[]): string {
  const others = otherSettings(item, known);
  return others === "" ? text : `${text}<div class="other">Other settings: ${others}</div>`;
}

const nameOf = (item: { id: string; name?: string | undefined }): string =>
  item.name !== undefined && item.name !== item.id
    ? `${e(item.name)} <span class="id">(${e(item.id)})</span>`
    : `<span class="id">${e(item.id)}</span>`;

// ---------------------------------------------------------------------------------------------

export function renderMethodSection(ctx: MethodContext): string {
  const { scenario } = ctx;
  return [
    `<section id="method"><h2>Model and method</h2>`,
    ctx.design.kind === "batch"
      ? `<p class="note">Written from this batch, following the STRESS-DES reporting checklist (Monks et al., <i>Journal of Simulation</i> 2019).</p>`
      : `<p class="note">Written from this run, following the STRESS-DES reporting checklist (Monks et al., <i>Journal of Simulation</i> 2019) where its items apply to a single run.</p>`,
    purpose(ctx),
    logic(ctx),
    inputs(scenario, inputsScope(ctx)),
    initialisation(ctx),
    replications(ctx),
    randomNumbers(ctx),
    software(ctx),
    `</section>`,
  ].join("\n");
}

const setting = ([key, value]: [string, unknown]): string =>
  `<code>${e(key)}</code> = <code>${e(JSON.stringify(value) ?? String(value))}</code>`;

function variantList(ctx: MethodContext): string {
  const lines = variantLines(ctx);
  const items = lines.slice(0, MAX_LISTED_VARIANTS).map((v) => {
    const changes =
      v.changes.length === 0 ? "the scenario file as written" : v.changes.map(setting).join(", ");
    return `<li><b>${e(v.name)}</b> (discharge policy ${e(v.policy)}): ${changes}</li>`;
  });
  const more = lines.length - items.length;
  if (more > 0) items.push(`<li>… and ${more} more sweep points, named the same way.</li>`);
  return `<ul>${items.join("\n")}</ul>`;
}

function sweepText(sweep: readonly SweepAxis[] | null): string {
  if (sweep === null || sweep.length === 0) return "";
  const axes = sweep.map(
    (a) =>
      `<code>${e(a.path)}</code> over ${a.values.length} values (${a.values.map((v) => e(String(v))).join(", ")})`,
  );
  return `<p>A parameter sweep: ${axes.join("; crossed with ")}. Each point of the ${sweep.length > 1 ? "grid" : "sweep"} is run as a variant with the same replications, so points differ only by the swept ${sweep.length > 1 ? "values" : "value"}.</p>`;
}

const RUN_OUTPUTS =
  "the key figures and charts above, each over the observed period after warm-up only: length of stay split into treatment and delayed-discharge days, delayed bed-days by reason, ward occupancy against beds, time from decision to admit to a bed (4- and 12-hour waits), community service use and waits, costs, and arrival and discharge patterns.";
const BATCH_OUTPUTS =
  "each key figure as its mean over the replications with a 95% confidence interval; with several variants, the paired difference of each from the first; the spread of key figures across replications; and total occupied beds day by day (median with 50% and 90% bands across replications). Every figure is over the observed period after warm-up only. All metrics, with standard deviations and percentiles, are in <code>summary.csv</code> and <code>comparison.csv</code> beside this report, and the daily bands in <code>fan.json</code>.";

function purpose(ctx: MethodContext): string {
  const { scenario, design } = ctx;
  const description = scenario.description?.trim();
  return `<h3>1. Purpose and outputs</h3>
<p>${description ? e(description) : "The scenario file gives no description."}</p>
<p>Scenario file: <code>${e(ctx.scenarioFile)}</code>. Variants in this report:</p>
${variantList(ctx)}
${design.kind === "batch" ? sweepText(design.sweep) : ""}
<p>Outputs: ${design.kind === "batch" ? BATCH_OUTPUTS : RUN_OUTPUTS}</p>`;
}

function logic(ctx: MethodContext): string {
  const { scenario } = ctx;
  const wardName = new Map(scenario.wards.map((w) => [w.id, w.name ?? w.id]));
  const serviceName = new Map(scenario.community.map((s) => [s.id, s.name ?? s.id]));
  const policies = [...new Set(variantLines(ctx).map((v) => v.policy))];
  const groupItems = scenario.groups.map((g) => {
    const stages = g.stages
      .map((s) => `${e(wardName.get(s.ward) ?? s.ward)} for ${e(describeDistribution(s.los))}`)
      .join(", then ");
    const split = g.dischargePathways;
    return `<li><b>${nameOf(g)}</b>: ${stages}; discharge pathways P0 ${percent(split.p0)}, P1 ${percent(split.p1)}, P2 ${percent(split.p2)}, P3 ${percent(split.p3)}.</li>`;
  });
  const policyText = (policy: "standard" | "d2a"): string => {
    const p = scenario.discharge[policy];
    const services = (["p1", "p2", "p3"] as const)
      .map((k) => `${k.toUpperCase()} → ${e(serviceName.get(p.services[k]) ?? p.services[k])}`)
      .join(", ");
    const onward = onwardText(policy);
    return policy === "standard"
      ? `<li><b>Standard discharge</b>: a medically fit patient on pathway 1–3 is assessed in hospital (at most ${p.assessment.assessors} assessments at once, each ${e(describeDistribution(p.assessment.duration))}), then waits in the acute bed while the community service is arranged (its start delay) and until it has a free place. Services: ${services}. ${onward}</li>`
      : `<li><b>Discharge to Assess</b>: a medically fit patient on pathway 1–3 leaves as soon as the D2A service has a place (after its start delay) and is assessed after leaving, at home or in the step-down bed (at most ${p.assessment.assessors} at once, each ${e(describeDistribution(p.assessment.duration))}). Services: ${services}. ${onward}</li>`;
  };
  // Where patients go when the first service ends (home, a long-term package, a care home).
  const onwardText = (policy: "standard" | "d2a"): string => {
    const o = scenario.discharge[policy].onward;
    if (o === undefined) return "When that service ends, everyone goes home with no further support.";
    const name = (id: string | undefined) => e(id === undefined ? "none" : (serviceName.get(id) ?? id));
    const splits = (["p1", "p2", "p3"] as const)
      .map(
        (k) =>
          `${k.toUpperCase()}: home ${percent(o[k].home)}, package ${percent(o[k].package)}, care home ${percent(o[k].careHome)}`,
      )
      .join("; ");
    return `When that service ends and the destination is decided, patients go home, to a long-term package (${name(o.services.package)}) or to a care-home place (${name(o.services.careHome)}) — ${splits} — waiting for the place in the community bed (kept and costed) or at home.`;
  };
  const hours = scenario.discharge.hours;
  const alwaysOpen = (hours.from === 0 && hours.to === DAY) || hours.from === hours.to;
  return `<h3>2. Model logic</h3>
<p>A discrete-event simulation of emergency patient flow in simulated minutes. Each patient group arrives as a non-homogeneous Poisson process (generated by thinning) whose rate is the group's mean admissions a day shaped by its hour-of-day and day-of-week profiles, normalised so the daily mean holds. A patient takes a bed on each stage's ward in turn for the stage's treatment time; moving on, the patient keeps the current bed until one is free on the next ward. When a ward is full a new patient takes a bed on the first of its overflow wards with room, otherwise waits for a bed in priority order (lower number first). Treatment ends with the patient medically fit; days from then until leaving are delayed-discharge days, recorded by what the patient was waiting for.</p>
<p>Patient groups and their pathways:</p>
<ul>${groupItems.join("\n")}</ul>
<p>Discharge: pathway 0 patients leave after ${e(describeDistribution(scenario.discharge.pathway0Delay))} (medicines, transport, letters). Pathways 1–3 follow the discharge policy of the variant (this report: ${policies.map((p) => e(p)).join(", ")}):</p>
<ul>${policies.map(policyText).join("\n")}</ul>
<p>${alwaysOpen ? "Patients may leave at any time of day." : `Patients leave only between ${clock(hours.from)} and ${clock(hours.to)}.`} ${scenario.discharge.weekendRate < 1 ? `At weekends a patient ready to go leaves that day with probability ${num(scenario.discharge.weekendRate)} (the weekend share of the weekday discharge rate), otherwise tries the next day, and leaves on Monday at the latest.` : "Weekends discharge at the weekday rate."} A discharged patient may be readmitted within 30 days with the group's probability for the pathway and policy, at a time uniform over those 30 days; a readmission joins its group's first stage as a new spell.</p>
<p>Bed cleaning (turnaround) holds a bed empty after each patient leaves it. Community places are held for the length of support; the service's capacity is never exceeded, so patients waiting for it wait in acute beds.</p>`;
}

/**
 * Whose inputs the tables show: a batch's variants (sweep points above all) differ in what they
 * override, and the tables hold the first variant's values.
 */
function inputsScope(ctx: MethodContext): string {
  const { design } = ctx;
  if (design.kind === "runs" || design.variants.length < 2) return "";
  return ` These are the inputs of the first variant, <b>${e(design.variants[0]!.name)}</b>; the others differ from it only as listed under Purpose and outputs.`;
}

function inputs(scenario: Scenario, scope: string): string {
  const wardName = new Map(scenario.wards.map((w) => [w.id, w.name ?? w.id]));
  const wards = table(
    [
      "Ward",
      "Staffed beds",
      "Bed schedule",
      "Turnaround",
      "Overflow to",
      "£ per occupied bed-day",
      "£ per open bed-day",
    ],
    scenario.wards.map((w) => [
      nameOf(w),
      String(w.beds),
      w.bedSchedule && w.bedSchedule.length > 0
        ? w.bedSchedule
            .map((b) => `${e(b.days.join(", "))} from ${clock(b.from)}: ${b.beds} beds`)
            .join("<br>")
        : "fixed",
      e(describeDistribution(w.turnaround)),
      w.overflowTo.length > 0 ? w.overflowTo.map((id) => e(wardName.get(id) ?? id)).join(", ") : "none",
      money(w.costPerOccupiedBedDay),
      withOthers(money(w.costPerOpenBedDay), w, [
        "id",
        "name",
        "beds",
        "bedSchedule",
        "turnaround",
        "overflowTo",
        "costPerOccupiedBedDay",
        "costPerOpenBedDay",
      ]),
    ]),
    "Wards",
  );
  const capacityUnit = { caseload: "packages at once", beds: "beds", visits: "visits a day" } as const;
  const services =
    scenario.community.length === 0
      ? "<p>No community services are modelled.</p>"
      : table(
          ["Service", "Kind", "Capacity", "Length of support", "Visits a day", "Start delay", "£ per day"],
          scenario.community.map((s) => [
            nameOf(s),
            e(s.kind),
            `${s.capacity} ${capacityUnit[s.kind] ?? ""}`,
            e(describeDistribution(s.lengthOfSupport)),
            s.visitsPerDay ? e(`${s.visitsPerDay.join(", ")} (last repeats)`) : "—",
            e(describeDistribution(s.startDelay)),
            withOthers(money(s.costPerDay), s, [
              "id",
              "name",
              "kind",
              "capacity",
              "lengthOfSupport",
              "visitsPerDay",
              "startDelay",
              "costPerDay",
            ]),
          ]),
          "Community services",
        );
  const profile = (values: readonly number[] | undefined, labels: readonly string[] | undefined): string =>
    values === undefined
      ? "flat"
      : `<span class="profile">${values.map((v, i) => (labels ? `${labels[i]} ${num(v)}` : num(v))).join(", ")}</span>`;
  const readmission = (r: { p0: number; p1: number; p2: number; p3: number } | undefined): string =>
    r === undefined
      ? "none"
      : `P0 ${percent(r.p0)}, P1 ${percent(r.p1)}, P2 ${percent(r.p2)}, P3 ${percent(r.p3)}`;
  const groups = table(
    [
      "Group",
      "Admissions a day",
      "Hour-of-day profile (00:00 on)",
      "Day-of-week profile",
      "Priority",
      "Stages: ward, treatment time",
      "Readmission in 30 days",
    ],
    scenario.groups.map((g) => [
      nameOf(g),
      num(g.arrivals.perDay, 4),
      profile(g.arrivals.hourOfDay, undefined),
      profile(g.arrivals.dayOfWeek, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),
      String(g.priority),
      g.stages
        .map((s, i) => `${i + 1}. ${e(wardName.get(s.ward) ?? s.ward)}: ${e(describeDistribution(s.los))}`)
        .join("<br>"),
      withOthers(
        `standard: ${readmission(g.readmission?.standard)}<br>D2A: ${readmission(g.readmission?.d2a)}`,
        g,
        ["id", "name", "arrivals", "priority", "stages", "dischargePathways", "readmission"],
      ),
    ]),
    "Patient groups (profiles are relative weights; only their shape matters)",
  );
  const dc = scenario.discharge;
  const policyRows = (["standard", "d2a"] as const).map((policy) => {
    const p = dc[policy];
    return [
      policy === "standard" ? "Standard" : "Discharge to Assess",
      String(p.assessment.assessors),
      e(describeDistribution(p.assessment.duration)),
      money(p.assessment.costPerAssessment),
      (["p1", "p2", "p3"] as const)
        .map((k) => `${k.toUpperCase()}: <span class="id">${e(p.services[k])}</span>`)
        .join(", "),
    ];
  });
  const discharge = `${table(
    ["Policy", "Assessments at once", "Assessment time", "£ per assessment", "Services by pathway"],
    policyRows,
    "Discharge policies",
  )}
<p>Policy in the file: ${e(dc.policy)}. Discharge hours: ${clock(dc.hours.from)}–${clock(dc.hours.to)}. Weekend discharge rate: ${num(dc.weekendRate)} of the weekday rate. Pathway 0 delay: ${e(describeDistribution(dc.pathway0Delay))}.${
    otherSettings(dc, ["policy", "hours", "weekendRate", "pathway0Delay", "standard", "d2a"]) === ""
      ? ""
      : ` Other settings: ${otherSettings(dc, ["policy", "hours", "weekendRate", "pathway0Delay", "standard", "d2a"])}.`
  }</p>`;
  const other = otherSettings(scenario, [
    "name",
    "description",
    "seed",
    "run",
    "wards",
    "community",
    "groups",
    "discharge",
    "initialState",
    "variants",
  ]);
  return `<h3>3. Inputs: parameters and distributions</h3>
<p>Every input of the scenario as simulated (times converted from minutes to hours or days).${scope}</p>
${wards}
${services}
${groups}
${discharge}
${other === "" ? "" : `<p>Other settings: ${other}</p>`}`;
}

function initialisation(ctx: MethodContext): string {
  const { scenario, design } = ctx;
  const run = scenario.run;
  const startTime = Date.parse(`${run.start}T00:00:00Z`);
  const weekday = Number.isNaN(startTime)
    ? ""
    : ` (a ${WEEKDAY_NAMES[(new Date(startTime).getUTCDay() + 6) % 7]})`;
  const initial = scenario.initialState;
  const initialWards = initial?.wards ?? [];
  const initialCommunity = initial?.community ?? [];
  const census = initial?.patients ?? [];
  const caseloads = initial?.caseloads ?? [];
  const initialText =
    initialWards.length === 0 &&
    initialCommunity.length === 0 &&
    census.length === 0 &&
    caseloads.length === 0
      ? "The model starts empty and idle: no patients in beds or community services."
      : `The model starts from a given state: <ul>${[
          ...censusLines(census, caseloads, initial?.census, initial?.caseloadCensus),
          ...initialWards.map(
            (w) =>
              `<li>${w.patients} patients of group <span class="id">${e(w.group)}</span> on ward <span class="id">${e(w.ward)}</span>${w.daysStayed ? `, time already stayed ${e(describeDistribution(w.daysStayed))}` : ", time already stayed a uniform fraction of a full stay"}</li>`,
          ),
          ...initialCommunity.map(
            (c) =>
              `<li>service <span class="id">${e(c.service)}</span>: ${c.inService} in service${c.waitingInWard ? `, ${c.waitingInWard.patients} medically fit patients of group <span class="id">${e(c.waitingInWard.group)}</span> waiting on ward <span class="id">${e(c.waitingInWard.ward)}</span>` : ""}</li>`,
          ),
        ].join("")}</ul>`;
  return `<h3>4. Initialisation and run length</h3>
<p>${initialText} ${run.warmup > 0 ? `A warm-up of ${d(run.warmup)} is simulated and discarded from every figure, so the results describe the system once loaded rather than filling from empty.` : "There is no warm-up: figures include the start of the run."}</p>
<p>Simulated period: start ${e(run.start)}${e(weekday)}, then ${d(run.warmup)} warm-up and ${d(run.horizon)} observed (the run length). Event limit (a guard against runaway runs): ${run.maxEvents.toLocaleString("en-GB")}.</p>
${design.kind === "batch" ? batchCompletion(design) : runCompletion(design)}`;
}

/** A census, counted by ward and by service (never patient by patient). */
function censusLines(
  patients: readonly { ward: string; medicallyFit: boolean }[],
  caseloads: readonly { service: string }[],
  file: string | undefined,
  caseloadFile: string | undefined,
): string[] {
  const countBy = (keys: string[]) => {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts].map(([k, n]) => `${n} on <span class="id">${e(k)}</span>`).join(", ");
  };
  const lines: string[] = [];
  if (patients.length > 0) {
    const fit = patients.filter((p) => p.medicallyFit).length;
    lines.push(
      `<li>a census of ${patients.length} inpatients${file ? ` (from ${e(file)})` : ""}: ${countBy(patients.map((p) => p.ward))}; ${fit} medically fit; each with the time already stayed, the rest of the stay drawn conditioned on it</li>`,
    );
  }
  if (caseloads.length > 0) {
    lines.push(
      `<li>a census of ${caseloads.length} people supported${caseloadFile ? ` (from ${e(caseloadFile)})` : ""}: ${countBy(caseloads.map((c) => c.service)).replaceAll(" on ", " by ")}</li>`,
    );
  }
  return lines;
}

function runCompletion(design: RunsDesign): string {
  const runs = design.results.map((r) => {
    const s = r.summary;
    return `<li><b>${e(s.variant)}</b>: ${s.complete ? "ran to the end of the horizon" : `<strong>stopped early</strong> (${e(s.stopReason)})`}; ${s.events.toLocaleString("en-GB")} events.</li>`;
  });
  return `<ul>${runs.join("\n")}</ul>`;
}

function batchCompletion(design: BatchDesign): string {
  const stopped = design.variants.filter((v) => v.incomplete > 0);
  if (stopped.length === 0) return "<p>Every replication ran to the end of the horizon.</p>";
  const items = stopped.map(
    (v) =>
      `<li><b>${e(v.name)}</b>: ${v.incomplete} of ${v.replications} replications <strong>stopped early</strong> at the event limit; their figures cover the part simulated.</li>`,
  );
  return `<ul>${items.join("\n")}</ul>`;
}

function replications(ctx: MethodContext): string {
  const { design } = ctx;
  if (design.kind === "batch") return batchReplications(design);
  const reps = [...new Set(design.results.map((r) => r.summary.replication))];
  return `<h3>5. Replications and confidence intervals</h3>
<p>One replication per variant (replication index ${reps.join(", ")}). No confidence intervals are given: a single run cannot measure run-to-run variation, so small differences between variants may be chance. Variants use common random numbers (the same streams), which makes their comparison fairer than independent runs, but does not remove that uncertainty.</p>`;
}

function precisionText(p: PrecisionOutcome | null): string {
  if (p === null) return "The number of replications was fixed in advance.";
  const watched = p.metrics.map((m) => `<code>${e(m)}</code>`).join(", ");
  const outcome = p.met
    ? `It was met after ${p.replications} replications a variant.`
    : `It was <strong>not</strong> met within the cap of ${p.replications} replications a variant${p.worst === null ? "" : ` (widest: <code>${e(p.worst.metric)}</code> in ${e(p.worst.variant)})`}.`;
  return `The number of replications was set by a precision rule: replications were added in rounds (checks at ${p.checks.join(", ")}) until the 95% confidence interval half-width of ${watched} was within ${percent(p.target)} of its mean in every variant. ${outcome}`;
}

function batchReplications(design: BatchDesign): string {
  const n = design.replications;
  const level = percent(design.confidence);
  const comparison =
    design.variants.length > 1
      ? `<p>Variants are compared with common random numbers: replication <i>i</i> of every variant draws from the same named random streams, so the noise they share cancels in the paired difference (replication <i>i</i> of a variant minus replication <i>i</i> of the first variant, ${e(design.variants[0]!.name)}). The differences' ${level} intervals are paired Student t intervals with n − 1 degrees of freedom; Welch's unpaired intervals, which ignore the pairing, are in <code>comparison.csv</code> for contrast.</p>`
      : "";
  return `<h3>5. Replications and confidence intervals</h3>
<p>${n} replications per variant (replications 0 to ${n - 1}). Each replication is one independent observation of every figure; a figure's mean across replications is given with a ${level} confidence interval from Student's t distribution: mean ± t<sub>0.975, n−1</sub> · s / √n, where s is the standard deviation across replications. ${precisionText(design.precision)}</p>
${comparison}${design.inputUncertainty === undefined ? "" : `\n<p>${e(design.inputUncertainty)}</p>`}`;
}

function randomNumbers(ctx: MethodContext): string {
  const { design } = ctx;
  const seeds =
    design.kind === "batch" ? [design.seed] : [...new Set(design.results.map((r) => r.summary.seed))];
  const examples = ctx.scenario.groups
    .slice(0, 2)
    .flatMap((g) => [`arrivals/${g.id}`, `los/${g.id}/0`, `pathway/${g.id}`])
    .map((n) => `<code>${e(n)}</code>`)
    .join(", ");
  const batch =
    design.kind === "batch"
      ? ` In this batch replication <i>i</i> of every variant uses the key with seed ${design.seed} and replication <i>i</i>: its numbers depend only on the scenario, the variant, the seed and <i>i</i>, never on which worker thread or machine ran it or in which order, so the batch reproduces exactly with any number of workers or shards.`
      : "";
  return `<h3>6. Random numbers</h3>
<p>Generator: seedrandom's xor4096 (Brent's xorgens with a Weyl sequence, period 2<sup>4096</sup>−1). Each named source of randomness has its own stream, seeded from the key <code>careflow:&lt;seed&gt;:&lt;replication&gt;:&lt;name&gt;</code>, for example ${examples}. Seed: ${seeds.join(", ")}. Adding a source never shifts another's draws, so variants share random numbers source by source, and a run with the same seed and inputs reproduces exactly.${batch}</p>`;
}

function runTimeText(ctx: MethodContext): string {
  const { design } = ctx;
  if (design.kind === "batch") return e(design.runTime);
  const runs = design.results.length;
  return `${e(formatSeconds(ctx.runSeconds ?? Number.NaN))} for ${runs} run${runs === 1 ? "" : "s"}`;
}

function software(ctx: MethodContext): string {
  const v = ctx.versions;
  return `<h3>7. Software and run</h3>
<table class="inputs compact"><tbody>
<tr><th scope="row">careflow</th><td>${e(v.careflow)}</td></tr>
<tr><th scope="row">Node.js</th><td>${e(v.node)}</td></tr>
<tr><th scope="row">Vega-Lite / Vega / vega-embed (charts)</th><td>${e(v.vegaLite)} / ${e(v.vega)} / ${e(v.vegaEmbed)}</td></tr>
<tr><th scope="row">Run time</th><td>${runTimeText(ctx)}</td></tr>
<tr><th scope="row">Report written</th><td>${e(ctx.generatedAt)}</td></tr>
</tbody></table>`;
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "unknown";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
