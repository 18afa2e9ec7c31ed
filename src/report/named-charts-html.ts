/**
 * A small self-contained page for any list of charts (e.g. `careflow capacity`'s): the run
 * report's shell — styles, inlined Vega libraries, escaped specs — with a title, a short table
 * of facts and optional notes in place of the key figures and method sections.
 */
import type { NamedChart } from "./charts.js";
import type { ReportEnvironment } from "./environment.js";
import { escapeHtml as e } from "./escape.js";
import type { HeadlineLine } from "./headline.js";
import { headerBlock, renderPage } from "./html.js";

export interface NamedChartsPageInput {
  /** Plain text: the page's heading and tab title. */
  title: string;
  /** Plain text above the title and after it in the tab, e.g. "careflow capacity report". */
  kind: string;
  /** Plain-text label and value pairs shown under the title. */
  facts: readonly (readonly [string, string])[];
  charts: readonly NamedChart[];
  /** Plain-text notes listed after the charts under "Model and method". */
  notes?: readonly string[];
  /** The answer first, under the title. */
  headline?: readonly HeadlineLine[];
  /** Sections (HTML, escaped by their maker) before the charts, with their contents-line entries. */
  sections?: readonly string[];
  toc?: readonly [string, string][];
  environment: ReportEnvironment;
  careflowVersion?: string;
}

export function renderNamedChartsHtml(input: NamedChartsPageInput): string {
  const version = input.careflowVersion ?? input.environment.versions.careflow;
  const notes = input.notes ?? [];
  const method =
    notes.length === 0
      ? ""
      : `<section id="method"><h2>Model and method</h2><ul>${notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul></section>`;
  return renderPage({
    title: input.title,
    kind: input.kind,
    version,
    environment: input.environment,
    header: headerBlock(
      input.kind,
      input.title,
      input.facts.map(([label, value]) => [label, e(value)] as [string, string]),
    ),
    headline: input.headline ?? [],
    toc: input.toc ?? [],
    sections: input.sections ?? [],
    charts: input.charts,
    method,
  });
}
