/** What a flow coach takes away: the scenario file, the batch's result files and its HTML report. */
import {
  batch,
  batchReportInput,
  CAREFLOW_VERSION,
  formatReportTime,
  inlineSafeScript,
  type ReportEnvironment,
  renderBatchReportHtml,
  sortRecords,
} from "./pipeline-parts.js";
import type { FinishedRun } from "./runner.js";

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The replications as `careflow batch` writes replications.jsonl, in variant and replication order. */
export function recordsJsonl(run: FinishedRun): string {
  const order = run.manifest.variants.map((v) => v.name);
  const layout = batch.recordLayout(run.manifest);
  return sortRecords(run.records, order)
    .map((record) => batch.recordLine(record, layout.get(record.variant) ?? [], layout.inputKeys))
    .join("");
}

interface Versioned {
  version?: string;
}

const VENDOR = ["vega", "vega-lite", "vega-embed"] as const;

/** The report page's environment: the same chart libraries the studio loaded, inlined. */
async function browserReportEnvironment(): Promise<ReportEnvironment> {
  const scripts = await Promise.all(
    VENDOR.map(async (name) => {
      const response = await fetch(new URL(`./vendor/${name}.min.js`, document.baseURI));
      if (!response.ok) throw new Error(`cannot read the chart library ${name} (${response.status})`);
      return inlineSafeScript(await response.text());
    }),
  );
  const globals = window as unknown as Record<string, Versioned | undefined>;
  return {
    scripts,
    versions: {
      careflow: CAREFLOW_VERSION,
      runtime: navigator.userAgent,
      vega: globals.vega?.version ?? "unknown",
      vegaLite: globals.vegaLite?.version ?? "unknown",
      vegaEmbed: globals.vegaEmbed?.version ?? "unknown",
    },
    generatedAt: formatReportTime(new Date()),
  };
}

export async function reportHtml(run: FinishedRun): Promise<string> {
  const { summary, comparison, fan } = run.finished;
  const input = batchReportInput({
    manifest: run.manifest,
    summary,
    comparison,
    fan,
    records: run.records,
    runInfo: run.runInfo,
    source: run.source,
    scenarioFile: run.source.file,
    environment: await browserReportEnvironment(),
  });
  return renderBatchReportHtml(input);
}
