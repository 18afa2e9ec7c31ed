/**
 * The fit report as files: a plain-words summary (Markdown), every parameter with the number of
 * rows it came from (CSV), and the skipped rows by number and reason (CSV). Every count below 5
 * is shown as "<5"; no value from a row is repeated.
 */
import { fitChartFiles } from "./charts.js";
import { isoDate } from "./dates.js";
import type { FittedExtract, FittedGroup } from "./fit.js";
import { candidateYaml, shown, stayYaml } from "./scenario-yaml.js";

const r = (x: number, digits = 4): string =>
  Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : "";
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function parameterRows(g: FittedGroup): string[][] {
  const rows: string[][] = [
    [g.id, "arrivals", "perDay", r(g.perDay), shown(g.spells)],
    ...g.dayOfWeek.map((w, d) => [g.id, "arrivals", `dayOfWeek.${DAYS[d]}`, r(w, 3), shown(g.spells)]),
    ...(g.hourOfDay ?? []).map((w, h) => [
      g.id,
      "arrivals",
      `hourOfDay.${h}`,
      r(w, 3),
      shown(g.timedAdmissions),
    ]),
  ];
  if (g.stay) {
    const basis = shown(g.stay.finished + g.stay.censored);
    for (const c of g.stay.candidates) {
      for (const [name, value] of Object.entries(c.parameters))
        rows.push([g.id, `stay.${c.family}`, name, r(value), basis]);
      rows.push([g.id, `stay.${c.family}`, "mean_days", r(c.mean), basis]);
      rows.push([g.id, `stay.${c.family}`, "sd_days", r(c.sd), basis]);
      rows.push([g.id, `stay.${c.family}`, "aic", r(c.aic, 8), basis]);
      rows.push([g.id, `stay.${c.family}`, "ks", r(c.ks, 3), basis]);
    }
  }
  const withPathway = g.pathwayCounts.slice(0, 4).reduce((a, b) => a + b, 0);
  for (const [i, p] of (g.pathways ?? []).entries())
    rows.push([g.id, "pathway", `p${i}`, r(p), shown(withPathway)]);
  g.fitToDischarge.forEach((d, i) => {
    if (g.fitToDischargeCounts[i]! >= 5)
      rows.push([g.id, "fit_to_discharge", `p${i}_mean_days`, r(d), shown(g.fitToDischargeCounts[i]!)]);
  });
  return rows;
}

function csv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n")}\n`;
}

function groupSection(g: FittedGroup): string[] {
  const lines = [`## ${g.id} (${g.group === g.ward ? g.group : `${g.group} on ${g.ward}`})`, ""];
  lines.push(`- Spells: ${shown(g.spells)}; ${r(g.perDay)} admissions a day.`);
  lines.push(
    `- Admissions by month: ${g.admissionsByMonth.map(([month, n]) => `${month} ${shown(n)}`).join(", ")}.`,
  );
  if (g.monthMultipliers)
    lines.push(
      `- Month multipliers (Jan … Dec, written to the scenario's calendar): ${g.monthMultipliers.map((m) => r(m)).join(", ")}.`,
    );
  if (g.ownGrowth !== undefined)
    lines.push(
      `- This group's own trend: ${r(100 * g.ownGrowth)}% a year (the scenario's one growth is all groups' together).`,
    );
  if (!g.hourOfDay)
    lines.push("- Too few admissions had a time for an hour-of-day profile: spread evenly (assumed).");
  if (!g.stay) {
    lines.push("- Length of stay: fewer than 2 stays had finished; an assumed stay is written.", "");
    return lines;
  }
  const s = g.stay;
  lines.push(
    `- Length of stay from ${shown(s.finished)} finished and ${shown(s.censored)} still-open stays (censored at the extract)${g.stayUsesDateOnly ? ", including date-only stays read as midday" : ""}.`,
  );
  if (s.floored > 0) lines.push(`- ${shown(s.floored)} stays shorter than an hour were fitted as one hour.`);
  lines.push(`- Written to the scenario: ${stayYaml(g).comment}.`, "");
  lines.push(`| candidate | mean (days) | sd (days) | AIC | KS distance | fits (KS ≤ ${r(s.ksLimit, 3)}) |`);
  lines.push("| --- | --- | --- | --- | --- | --- |");
  for (const c of s.candidates) {
    lines.push(
      `| ${candidateYaml(c)} | ${r(c.mean)} | ${r(c.sd)} | ${r(c.aic, 8)} | ${r(c.ks, 3)} | ${c.ks <= s.ksLimit ? "yes" : "no"} |`,
    );
  }
  lines.push("");
  return lines;
}

export function fitReportFiles(fitted: FittedExtract, sourceName: string): [string, string][] {
  const red = fitted.reduced;
  const skipped = red.rowsRead - red.rowsUsed;
  const summary = [
    `# Fit report: ${sourceName}`,
    "",
    `Rows read: ${shown(red.rowsRead)}; used: ${shown(red.rowsUsed)}; skipped: ${shown(skipped)}.`,
    `Admissions from ${isoDate(red.firstAdmissionDay)} to ${isoDate(red.lastAdmissionDay)} (${fitted.days} days); open stays censored at ${isoDate(Math.floor(red.extractTime / 1440))}.`,
    `Columns used: ${Object.entries(red.columns)
      .map(([field, column]) => `${field} ← "${column}"`)
      .join(", ")}.`,
    "",
    'Counts below 5 are shown as "<5". No identifier or row of the extract is repeated here.',
    "Charts (Vega-Lite) in charts/: stay histogram against each fitted density, QQ plots, arrival profiles.",
    "",
  ];
  if (fitted.rowsInSmallGroups > 0)
    summary.push(
      `Groups with fewer than 5 spells are not modelled (${shown(fitted.rowsInSmallGroups)} rows).`,
      "",
    );
  if (skipped > 0) {
    summary.push("## Skipped rows", "", "| reason | rows |", "| --- | --- |");
    for (const [reason, count] of red.skippedByReason) summary.push(`| ${reason} | ${shown(count)} |`);
    summary.push("", "The first skipped rows, by line number, are in skipped-rows.csv.", "");
  }
  const header = ["group", "part", "parameter", "value", "rows"];
  return [
    ["fit-report.md", [...summary, ...fitted.groups.flatMap(groupSection)].join("\n")],
    ["parameters.csv", csv([header, ...fitted.groups.flatMap(parameterRows)])],
    ["skipped-rows.csv", csv([["row", "reason"], ...red.skippedRows.map((s) => [String(s.row), s.reason])])],
    ...fitChartFiles(fitted.groups),
  ];
}
