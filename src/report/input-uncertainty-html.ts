/**
 * The batch report's section on input uncertainty: the interval over inputs and noise together,
 * said apart from the noise-only intervals of the key figures, the inputs it rests on, and how
 * both kinds of interval were made (for the method section).
 */
import type { BatchComparison, BatchSummary } from "../batch/aggregate.js";
import { inputUncertaintyLines } from "../batch/uncertainty-text.js";
import { escapeHtml as e } from "./escape.js";

export const INPUT_UNCERTAINTY_TOC: [string, string] = ["input-uncertainty", "Uncertainty in the inputs"];

export function inputUncertaintySection(
  summary: BatchSummary,
  comparison: BatchComparison | undefined,
  metrics: readonly string[],
): string {
  const inputs = summary.inputs ?? [];
  if (inputs.length === 0) return "";
  const [, intro, ...rest] = inputUncertaintyLines(summary, comparison, metrics);
  const results = rest.filter(
    (l) => l.startsWith("  ") && !l.startsWith("    ") && !l.includes("Uncertain inputs"),
  );
  const rows = inputs
    .map(
      (i) =>
        `<tr><td><code>${e(i.key)}</code></td><td>${e(i.distribution)}</td><td>${e(i.shown.central)}</td><td>${e(i.shown.p10)}–${e(i.shown.p90)}</td><td>${e(i.source)}</td></tr>`,
    )
    .join("\n");
  return `<section id="input-uncertainty"><h2>Uncertainty in the inputs</h2>
<p class="note">${e(intro ?? "")}</p>
<ul>${results.map((l) => `<li>${e(l.trim())}</li>`).join("\n")}</ul>
<table><thead><tr><th>Input</th><th>Belief</th><th>Central value</th><th>10th–90th percentile</th><th>Source</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="note">${e(inputMethodText())}</p>
</section>`;
}

export function inputMethodText(): string {
  return (
    "Two kinds of interval. The ± and 95% CI figures cover simulation noise only: every uncertain input is held at its central value " +
    "(the mode written for a triangular or PERT, the median otherwise). The ranges over the inputs come from a second set of " +
    "replications of every variant, run with the same random streams, in which replication i first draws each uncertain input " +
    "once from its own stream (the same draw in every variant, worker and shard); the 2.5th and 97.5th percentiles of those " +
    "replications' results cover the inputs and one replication's simulation noise together. Differences are paired by draw."
  );
}
