/** The report: one offline HTML file plus per-chart Vega-Lite specs and SVGs. */
export {
  buildCharts,
  CHARTS,
  type ChartContext,
  type ChartDefinition,
  type NamedChart,
} from "./charts.js";
export { type ReportInput, renderReportHtml } from "./html.js";
export { renderSvg } from "./svg.js";
export { THEME } from "./theme.js";
export { writeReport } from "./write.js";
