/**
 * What a report page needs from the platform that builds it: the chart libraries' browser builds
 * to inline, their versions and the runtime's, and the time it was made. The Node adapter reads
 * them from node_modules (src/node/report-environment.ts); a browser passes the copies it loaded.
 */
export interface ReportEnvironment {
  /** Browser (UMD) builds of vega, vega-lite and vega-embed, in load order, safe to inline. */
  scripts: readonly string[];
  versions: { careflow: string; runtime: string; vega: string; vegaLite: string; vegaEmbed: string };
  /** "2026-11-29 14:05 UTC". */
  generatedAt: string;
}

export const formatReportTime = (date: Date): string =>
  `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** "</script" would end an inline script early; in valid minified JS "<\/script" means the same. */
export const inlineSafeScript = (source: string): string => source.replace(/<\/script/gi, "<\\/script");
