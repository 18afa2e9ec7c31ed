/**
 * The platform-free pipeline (src/pipeline.ts) as the studio's bundle takes it: the same modules,
 * less renderSvg, whose static import of vega and vega-lite would put a second copy of both in
 * the bundle (the page already loads their browser builds, which vega-embed draws with).
 */
export * as batch from "../batch/index.js";
export { sortRecords } from "../batch/records.js";
export { loadVariant } from "../batch/replication.js";
export { decimalsFor, formatNumber, metricLabel } from "../batch/report-text.js";
export { buildBatchCharts } from "../report/batch-charts.js";
export { renderBatchReportHtml } from "../report/batch-html.js";
export { batchReportInput, headlineContextFor } from "../report/batch-input.js";
export type { NamedChart } from "../report/chart-kit.js";
export { formatReportTime, inlineSafeScript, type ReportEnvironment } from "../report/environment.js";
export { batchHeadline, type HeadlineLine, type HeadlineTone } from "../report/headline.js";
export { MAX_SCENARIO_BYTES, type ParsedFile, parseScenarioText, validateParsed } from "../scenario/parse.js";
export { formatProblems, type LocatedProblem, ScenarioError } from "../scenario/problems.js";
export { CAREFLOW_VERSION } from "../version.js";
