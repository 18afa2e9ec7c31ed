/**
 * Writes a synthetic inpatient extract (no real patients) with known parameters:
 *   npx tsx examples/data/generate.ts [rows-per-day-scale] > examples/data/synthetic-extract.csv
 * See src/fit/synthetic.ts for what it does and does not share with the fit, and README.md here
 * for the parameters.
 */

import { EXAMPLE_EXTRACT } from "../../src/fit/example-extract.js";
import { syntheticExtractLines } from "../../src/fit/synthetic.js";

const scale = Number(process.argv[2] ?? 1);
const spec = {
  ...EXAMPLE_EXTRACT,
  groups: EXAMPLE_EXTRACT.groups.map((g) => ({ ...g, perDay: g.perDay * scale })),
};
let chunk: string[] = [];
for (const line of syntheticExtractLines(spec)) {
  chunk.push(line);
  if (chunk.length === 10_000) {
    process.stdout.write(`${chunk.join("\n")}\n`);
    chunk = [];
  }
}
process.stdout.write(chunk.length > 0 ? `${chunk.join("\n")}\n` : "");
