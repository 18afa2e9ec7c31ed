/**
 * What every chart builder shares: the context it is given, the frame every spec carries
 * (schema, theme, title, description) and one colour per variant. Kept apart from the builders so
 * that charts.ts (the registry) and the builders in other files import it without a cycle.
 */
import type { TopLevelSpec } from "vega-lite";
import { pow } from "../engine/math.js";
import type { RunResult } from "../model/summary.js";
import type { Scenario } from "../scenario/schema.js";
import { CATEGORY_COLOURS, THEME } from "./theme.js";

export const VEGA_LITE_SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.json";

export interface ChartContext {
  results: readonly RunResult[];
  /** The validated scenario, for charts that need inputs (e.g. bed schedules); optional. */
  scenario?: Scenario;
}

export interface ChartDefinitionOf<Context> {
  /** Stable id: file name of the exported chart and the report's data-chart attribute. */
  name: string;
  build: (ctx: Context) => TopLevelSpec | undefined;
}

export type ChartDefinition = ChartDefinitionOf<ChartContext>;

export interface NamedChart {
  name: string;
  title: string;
  description: string;
  spec: TopLevelSpec;
}

interface Frame {
  $schema: string;
  config: typeof THEME;
  title: { text: string; subtitle?: string };
  description: string;
}

export function frame(title: string, description: string, subtitle?: string): Frame {
  return {
    $schema: VEGA_LITE_SCHEMA_URL,
    config: THEME,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    description,
  };
}

export const variantsOf = (results: readonly RunResult[]): string[] => [
  ...new Set(results.map((r) => r.summary.variant)),
];

/**
 * An explicit domain pins each variant to the same colour in every chart; left to Vega, the
 * colour would depend on which variants a chart happens to contain.
 */
function variantScale(variants: readonly string[]): { domain: string[]; range: string[] } {
  return {
    domain: [...variants],
    range: variants.map((_, i) => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!),
  };
}

export function variantColour(variants: readonly string[]) {
  return {
    field: "variant",
    type: "nominal" as const,
    title: "Variant",
    scale: variantScale(variants),
    sort: [...variants],
  };
}

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
export const round = (x: number, digits: number): number => {
  const f = pow(10, digits);
  return Math.round(x * f) / f;
};
