import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scenarioJsonSchema } from "../../src/scenario/json-schema.js";

const validate = new Ajv2020({ strict: false }).compile(scenarioJsonSchema() as object);
const read = (name: string) =>
  parse(readFileSync(`scenarios/${name}.yaml`, "utf8")) as Record<string, unknown>;

describe("the editors' JSON Schema", () => {
  it("accepts every shipped scenario, uncertain inputs included", () => {
    for (const name of ["acute-medical", "skill-mix", "theatre-lists", "eras-prehab"]) {
      expect(validate(read(name)), `${name}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
    }
  });

  it("admits an uncertain input where a number or a duration stands, and nowhere a name does", () => {
    const s = read("skill-mix") as { wards: Record<string, unknown>[] };
    const uncertainBeds = { uncertain: { dist: "uniform", min: 20, max: 30 }, source: "assumed" };
    const ward = s.wards[0]!;
    expect(validate({ ...s, wards: [{ ...ward, beds: uncertainBeds }, ...s.wards.slice(1)] })).toBe(true);
    expect(validate({ ...s, wards: [{ ...ward, id: uncertainBeds }, ...s.wards.slice(1)] })).toBe(false);
    // A typo inside the uncertain input is caught too.
    const typo = { uncertain: { dist: "uniform", min: 20, max: 30 }, sourc: "assumed" };
    expect(validate({ ...s, wards: [{ ...ward, beds: typo }, ...s.wards.slice(1)] })).toBe(false);
  });
});
