/**
 * The studio's plain-data parts, without a browser: its SHA-256 against node:crypto, the levers
 * found in the shipped scenarios, lever edits as overrides, and the downloaded file's round trip.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/engine/time.js";
import { parseScenarioText, validateParsed } from "../../src/scenario/parse.js";
import { leversFor, leverValue, type ScaleLever, scaleSpec, setLever } from "../../src/studio/levers.js";
import { sha256Hex } from "../../src/studio/sha256.js";
import { copyName, initialState, nameProblem, studioYaml, variantProblems } from "../../src/studio/state.js";

const ACUTE = "scenarios/acute-medical.yaml";
const acuteText = readFileSync(ACUTE, "utf8");

describe("sha256Hex", () => {
  it("matches node:crypto on known vectors and on any text", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 100 },
    );
    expect(sha256Hex(acuteText)).toBe(createHash("sha256").update(acuteText).digest("hex"));
  });
});

describe("levers", () => {
  const parsed = parseScenarioText(acuteText, ACUTE);
  const groups = leversFor(parsed.raw);
  const all = groups.flatMap((g) => g.levers);
  const lever = (id: string) => {
    const found = all.find((l) => l.id === id);
    if (found === undefined) throw new Error(`no lever ${id}`);
    return found;
  };

  it("finds the flow coach's levers in acute-medical, with today's values from the file", () => {
    expect(lever("wards-amu-beds")).toMatchObject({ kind: "number", today: 160, unit: "beds" });
    expect(lever("community-d2a-home-capacity")).toMatchObject({ today: 950, unit: "visits a day" });
    expect(lever("groups-frail-arrivals-perDay")).toMatchObject({ today: 32 });
    expect(lever("discharge-policy")).toMatchObject({ kind: "toggle", today: false });
    expect(lever("discharge.standard.assessment.assessors".replace(/\./g, "-"))).toMatchObject({ today: 75 });
    expect(lever("groups-frail-los")).toMatchObject({ kind: "scale", today: 100 });
    expect(groups.map((g) => g.title)).toContain("Discharge pathways: Frail 75+");
  });

  it("writes an edit as the override a variants: entry would hold, and drops it when set back", () => {
    const beds = lever("wards-amu-beds");
    const changed = setLever({}, beds, 150);
    expect(changed).toEqual({ "wards.amu.beds": 150 });
    expect(leverValue(beds, changed)).toBe(150);
    expect(setLever(changed, beds, 160)).toEqual({});
    const d2a = lever("discharge-policy");
    expect(setLever({}, d2a, true)).toEqual({ "discharge.policy": "d2a" });
    expect(leverValue(d2a, { "discharge.policy": "d2a" })).toBe(true);
  });

  it("scales every duration of a stay and reads the percentage back", () => {
    const los = lever("groups-frail-los") as ScaleLever;
    const overrides = setLever({}, los, 80);
    const amu = overrides["groups.frail.stages.0.los"] as Record<string, string>;
    // { dist: lognormal, mean: 18h, sd: 12h } at 80%: 14.4 h and 9.6 h.
    expect(amu.dist).toBe("lognormal");
    expect(parseDuration(amu.mean!)).toBeCloseTo(0.8 * 18 * 60, 6);
    expect(parseDuration(amu.sd!)).toBeCloseTo(0.8 * 12 * 60, 6);
    expect(leverValue(los, overrides)).toBe(80);
    expect(scaleSpec("2d", 1.5)).toBe("3d");
    // The scaled variant is a valid scenario.
    expect(() => validateParsed(parsed, undefined, overrides)).not.toThrow();
  });
});

describe("the studio's scenario file", () => {
  const parsed = parseScenarioText(acuteText, ACUTE);

  it("starts from the file's own variants, as columns", () => {
    const state = initialState("acute-medical.yaml", acuteText, parsed);
    expect(state.variants.map((v) => v.name)).toEqual(["standard", "d2a", "from-today"]);
    expect(state.replications).toBe(10);
  });

  it("downloads a file that validates to the same variants, comments kept", () => {
    const state = initialState("acute-medical.yaml", acuteText, parsed);
    state.variants = [
      { name: "standard", overrides: {} },
      { name: "coach", overrides: { "discharge.policy": "d2a", "community.d2a-home.capacity": 1100 } },
    ];
    state.horizon = "30d";
    const text = studioYaml(state);
    expect(text).toContain("# careflow scenario: the emergency medical take");
    const again = parseScenarioText(text, "download.yaml");
    const coach = validateParsed(again, "coach").scenario;
    expect(coach.discharge.policy).toBe("d2a");
    expect(coach.community.find((c) => c.id === "d2a-home")?.capacity).toBe(1100);
    expect(coach.run.horizon).toBe(30 * 24 * 60);
    expect(Object.keys(again.raw.variants as object)).toEqual(["standard", "coach"]);
  });

  it("reports a lever's problem in careflow validate's words", () => {
    const state = initialState("acute-medical.yaml", acuteText, parsed);
    const problems = variantProblems(parsed, state, { name: "bad", overrides: { "wards.amu.beds": -5 } });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual(["wards[0].beds: must be ≥ 0, got -5"]);
  });

  it("names copies and refuses names that a file or the command line could not use", () => {
    expect(copyName("standard", ["standard"])).toBe("standard-2");
    expect(copyName("standard-2", ["standard", "standard-2"])).toBe("standard-3");
    expect(nameProblem("baseline", [])).toMatch(/baseline/);
    expect(nameProblem("two words", [])).toMatch(/no spaces/);
    expect(nameProblem("d2a", ["d2a"])).toMatch(/already/);
    expect(nameProblem("d2a-more", ["d2a"])).toBeUndefined();
  });
});
