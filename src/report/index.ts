/** The report: one offline HTML file plus per-chart Vega-Lite specs and SVGs. */
export { BATCH_CHARTS, type BatchChartContext, buildBatchCharts } from "./batch-charts.js";
export { type BatchReportInput, renderBatchReportHtml, type ShardRunTimes } from "./batch-html.js";
export {
  buildCharts,
  CHARTS,
  type ChartContext,
  type ChartDefinition,
  type NamedChart,
} from "./charts.js";
export { type ReportInput, renderReportHtml } from "./html.js";
export { type NamedChartsPageInput, renderNamedChartsHtml } from "./named-charts-html.js";
export { renderSvg } from "./svg.js";
export { THEME } from "./theme.js";
export { writeBatchReport, writeReport } from "./write.js";
