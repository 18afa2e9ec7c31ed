/**
 * The one look shared by every chart, in the report and in the SVGs cut out for slides. Colours
 * are the Okabe–Ito palette, distinguishable under the common colour-vision deficiencies and in
 * greyscale print; fonts are the system stack because the report must work on a locked-down PC
 * with no web fonts.
 */
import type { Config } from "vega-lite";

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/**
 * Variants, and only variants: a variant keeps its colour on every page (see variantColour).
 * Yellow and black come last: yellow is faint on white and black is kept for bed lines and
 * references, so neither should be the first choice.
 */
export const VARIANT_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
];

/**
 * Paul Tol's "muted" scheme (colour-blind safe), for categories that are not variants — cost
 * components, parts of a stay or a session, series, curves — so that no category ever shares a
 * colour with a variant on the same page. Sand, the faintest on white, comes last.
 */
export const TOL_MUTED = {
  indigo: "#332288",
  rose: "#CC6677",
  cyan: "#88CCEE",
  wine: "#882255",
  olive: "#999933",
  purple: "#AA4499",
  teal: "#44AA99",
  sand: "#DDCC77",
} as const;

export const CATEGORY_COLOURS: readonly string[] = Object.values(TOL_MUTED);

/** Fixed meanings, so "delay" is the same colour in every chart a reader meets. */
export const SEMANTIC_COLOURS = {
  treatment: TOL_MUTED.indigo,
  delay: TOL_MUTED.rose,
  admissions: TOL_MUTED.indigo,
  discharges: TOL_MUTED.rose,
  capacity: OKABE_ITO.black,
  reference: "#555555",
  acuteBeds: TOL_MUTED.indigo,
  community: TOL_MUTED.teal,
  assessments: TOL_MUTED.cyan,
  theatres: TOL_MUTED.wine,
  staff: TOL_MUTED.olive,
} as const;

/** Viridis is perceptually uniform and colour-blind safe; used for the heatmap. */
export const SEQUENTIAL_SCHEME = "viridis";

export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Widths fit an A4 page in portrait and a 16:9 slide without rescaling text. */
export const SIZES = {
  width: 640,
  height: 220,
  facetHeight: 150,
  panelWidth: 260,
  titleFont: 16,
  subtitleFont: 12,
  labelFont: 12,
  axisTitleFont: 12,
} as const;

export const THEME: Config = {
  background: "white",
  font: FONT_STACK,
  padding: 8,
  view: { continuousWidth: SIZES.width, continuousHeight: SIZES.height, stroke: "#dddddd" },
  title: {
    anchor: "start",
    fontSize: SIZES.titleFont,
    fontWeight: 600,
    subtitleFontSize: SIZES.subtitleFont,
    subtitleColor: "#444444",
    offset: 10,
  },
  axis: {
    labelFontSize: SIZES.labelFont,
    titleFontSize: SIZES.axisTitleFont,
    titleFontWeight: 500,
    titleColor: "#222222",
    labelColor: "#333333",
    gridColor: "#e6e6e6",
    domainColor: "#888888",
    tickColor: "#888888",
    labelLimit: 260,
  },
  // Fewer, non-overlapping ticks: panels are narrow and labels like "25,000" are wide.
  axisQuantitative: { tickCount: 5, labelOverlap: true },
  legend: {
    labelFontSize: SIZES.labelFont,
    titleFontSize: SIZES.axisTitleFont,
    titleFontWeight: 500,
    orient: "bottom",
    direction: "horizontal",
    // Four entries a line: five variants and a reference legend in one line overflow a page.
    columns: 4,
    labelLimit: 320,
  },
  header: { labelFontSize: SIZES.labelFont + 1, labelFontWeight: 600, titleFontSize: SIZES.axisTitleFont },
  range: { category: [...CATEGORY_COLOURS], heatmap: { scheme: SEQUENTIAL_SCHEME } },
  line: { strokeWidth: 2 },
  bar: { discreteBandSize: { band: 0.8 } },
  concat: { spacing: 24 },
  facet: { spacing: 16 },
};

/** Facet rows labelled above each panel, left-aligned: how every multi-panel chart stacks. */
export function rowFacet(field: string, sort: readonly string[]) {
  return {
    row: {
      field,
      type: "nominal" as const,
      title: null,
      sort: [...sort],
      header: {
        labelAngle: 0,
        labelOrient: "top" as const,
        labelAnchor: "start" as const,
        labelAlign: "left" as const,
      },
    },
  };
}
