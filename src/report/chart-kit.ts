/**
 * What every chart builder shares: the context it is given, the frame every spec carries
 * (schema, theme, title, description) and one colour per variant. Kept apart from the builders so
 * that charts.ts (the registry) and the builders in other files import it without a cycle.
 */
import type { TopLevelSpec } from "vega-lite";
import { pow } from "../engine/math.js";
import type { RunResult } from "../model/summary.js";
import type { Scenario } from "../scenario/schema.js";
import { THEME, VARIANT_COLOURS } from "./theme.js";

export const VEGA_LITE_SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.json";

export interface ChartContext {
  results: readonly RunResult[];
  /** The validated scenario, for charts that need inputs (e.g. bed schedules); optional. */
  scenario?: Scenario;
  /** Variants in the order that fixes their colours (default: the scenario file's, baseline first). */
  variantOrder?: readonly string[];
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
 * Each variant's colour by its place in `order` — the scenario file's variants, baseline first —
 * so that a variant is the same colour on its own page, the comparison, the batch and the sweep,
 * whichever other variants a chart happens to show. Names not in the order follow it.
 */
export function variantColours(variants: readonly string[], order: readonly string[] = []): string[] {
  const full = [...new Set([...order, ...variants])];
  return variants.map((v) => VARIANT_COLOURS[full.indexOf(v) % VARIANT_COLOURS.length]!);
}

/** The order of a scenario's variants: the file's own baseline first, then as written. */
export function scenarioVariantOrder(scenario: Scenario | undefined): string[] {
  if (scenario === undefined) return [];
  return [...new Set(["baseline", ...Object.keys(scenario.variants ?? {})])];
}

export function variantColour(variants: readonly string[], order: readonly string[] = variants) {
  return {
    field: "variant",
    type: "nominal" as const,
    title: "Variant",
    scale: { domain: [...variants], range: variantColours(variants, order) },
    sort: [...variants],
  };
}

/**
 * Re-pins every variant colour scale in a finished spec to `order`: the builders colour by the
 * variants they show; this makes the colours the same on every page.
 */
export function pinVariantColours<T>(spec: T, order: readonly string[]): T {
  if (order.length === 0) return spec;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    const scale = o.scale as { domain?: unknown; range?: unknown } | undefined;
    if (
      o.field === "variant" &&
      scale !== undefined &&
      Array.isArray(scale.domain) &&
      Array.isArray(scale.range)
    ) {
      scale.range = variantColours(scale.domain as string[], order);
    }
    for (const value of Object.values(o)) visit(value);
  };
  const { config, ...rest } = spec as { config?: unknown };
  const copy = structuredClone(rest) as Record<string, unknown>;
  visit(copy);
  // The theme stays the one shared object (a clone would be equal, but no longer the theme).
  return (config === undefined ? copy : { ...copy, config }) as T;
}

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
export const round = (x: number, digits: number): number => {
  const f = pow(10, digits);
  return Math.round(x * f) / f;
};
