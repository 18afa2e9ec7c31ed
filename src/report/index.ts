/**
 * The report, platform-free: Vega-Lite chart specs, the self-contained HTML page as a string and
 * SVG rendering. Writing them to a folder is src/node/report-files.ts.
 */
export { BATCH_CHARTS, type BatchChartContext, buildBatchCharts } from "./batch-charts.js";
export { type BatchReportInput, renderBatchReportHtml, type ShardRunTimes } from "./batch-html.js";
export { type BatchReportInputParts, batchReportInput } from "./batch-input.js";
export { capacityFiles } from "./capacity-page.js";
export {
  buildCharts,
  CHARTS,
  type ChartContext,
  type ChartDefinition,
  type NamedChart,
} from "./charts.js";
export { formatReportTime, inlineSafeScript, type ReportEnvironment } from "./environment.js";
export { type ReportInput, renderReportHtml } from "./html.js";
export { type NamedChartsPageInput, renderNamedChartsHtml } from "./named-charts-html.js";
export { observedChart, observedFiles } from "./observed-page.js";
export { renderSvg } from "./svg.js";
export { THEME } from "./theme.js";
