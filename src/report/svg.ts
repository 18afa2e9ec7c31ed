/**
 * Charts as standalone SVG, rendered headless in Node: the form that drops into a slide or a
 * document without a browser. Vega lays text out with estimated glyph widths when no canvas
 * package is installed, so labels may sit a pixel or two differently from the browser's.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
