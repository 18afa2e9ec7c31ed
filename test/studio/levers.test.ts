/**
 * The levers added for issue 14's list: escalation beds (a ward's weekly bed schedule), demand as
 * a percentage of today's, a theatre's sessions a week, and each stage's length of stay. Each
 * writes overrides that `careflow validate` accepts and that change exactly what the lever says.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenarioText, validateParsed } from "../../src/scenario/parse.js";
import { type Lever, leversFor, leverValue, setLever } from "../../src/studio/levers.js";

const load = (file: string, text = readFileSync(file, "utf8")) => parseScenarioText(text, file);

function leverOf(raw: Record<string, unknown>, id: string): Lever {
  const found = leversFor(raw)
    .flatMap((g) => g.levers)
    .find((l) => l.id === id);
  if (found === undefined) throw new Error(`no lever ${id}`);
  return found;
}

describe("escalation beds", () => {
  // acute-medical with the README's example schedule on the AMU: 170 beds on weekday nights.
  const text = readFileSync("scenarios/acute-medical.yaml", "utf8").replace(
    /(\n {4}beds: 160\n)/,
    '$1    bedSchedule:\n      - { days: [mon, tue, wed, thu, fri], from: "20:00", beds: 170 }\n      - { from: "08:00", beds: 160 }\n',
  );
  const parsed = load("escalation.yaml", text);

  it("offers each entry of a ward's bed schedule, and none where a ward has no schedule", () => {
    const group = leversFor(parsed.raw).find((g) => g.title === "Escalation beds")!;
    expect(group.levers.map((l) => [l.id, l.label, (l as { today: number }).today])).toEqual([
      ["wards-amu-bedSchedule-0-beds", "Acute medical unit, from 20:00 mon–fri", 170],
      ["wards-amu-bedSchedule-1-beds", "Acute medical unit, from 08:00 every day", 160],
    ]);
    expect(leversFor(load("scenarios/acute-medical.yaml").raw).map((g) => g.title)).not.toContain(
      "Escalation beds",
    );
  });

  it("writes the schedule's beds, which the model reads", () => {
    const overrides = setLever({}, leverOf(parsed.raw, "wards-amu-bedSchedule-0-beds"), 185);
    expect(overrides).toEqual({ "wards.amu.bedSchedule.0.beds": 185 });
    const ward = validateParsed(parsed, undefined, overrides).scenario.wards[0]!;
    expect(ward.bedSchedule!.map((e) => e.beds)).toEqual([185, 160]);
    expect(ward.beds).toBe(160);
  });
});

describe("demand", () => {
  const parsed = load("scenarios/theatre-lists.yaml");

  it("scales every group's admissions and every procedure's referrals, and reads the percentage back", () => {
    const emergency = leverOf(parsed.raw, "demand-emergency");
    const overrides = setLever({}, emergency, 110);
    const base = validateParsed(parsed).scenario;
    const grown = validateParsed(parsed, undefined, overrides).scenario;
    grown.groups.forEach((g, i) => {
      expect(g.arrivals.perDay).toBeCloseTo(base.groups[i]!.arrivals.perDay * 1.1, 3);
    });
    expect(grown.electives!.procedures).toEqual(base.electives!.procedures);
    expect(leverValue(emergency, overrides)).toBe(110);
    expect(setLever(overrides, emergency, 100)).toEqual({});

    const referrals = leverOf(parsed.raw, "demand-referrals");
    const fewer = validateParsed(parsed, undefined, setLever({}, referrals, 80)).scenario;
    fewer.electives!.procedures.forEach((p, i) => {
      expect(p.referralsPerWeek).toBeCloseTo(base.electives!.procedures[i]!.referralsPerWeek * 0.8, 3);
    });
    expect(fewer.groups).toEqual(base.groups);
  });

  it("lets validation word a bad percentage at the groups it would set", () => {
    const emergency = leverOf(parsed.raw, "demand-emergency");
    expect(() => validateParsed(parsed, undefined, setLever({}, emergency, -10))).toThrow(
      /groups\[0\]\.arrivals\.perDay.*must be ≥ 0/,
    );
    expect(emergency.problemPaths).toEqual(["groups[0].arrivals.perDay"]);
  });
});

describe("theatre sessions a week", () => {
  const parsed = load("scenarios/theatre-lists.yaml");
  const general = leverOf(parsed.raw, "electives-theatres-general-sessions");

  it("counts today's sessions and offers weekend lists at the theatre's usual, non-overlapping times", () => {
    // Seven half-day lists Monday to Friday at 08:30–12:30 or 13:30–17:30: four weekend lists more.
    expect(general).toMatchObject({ kind: "count", today: 7, min: 1, max: 11 });
  });

  it("gives a valid week for every count it offers, with that many sessions", () => {
    const lever = general as Extract<Lever, { kind: "count" }>;
    for (let n = lever.min; n <= lever.max; n++) {
      const overrides = setLever({}, lever, n);
      expect(leverValue(lever, overrides)).toBe(n);
      const theatre = validateParsed(parsed, undefined, overrides).scenario.electives!.theatres[1]!;
      expect(theatre.sessions, `${n} sessions`).toHaveLength(n);
    }
    const fewer = setLever({}, lever, 5)["electives.theatres.general.sessions"] as { day: string }[];
    expect(fewer.map((s) => s.day)).toEqual(["mon", "mon", "tue", "wed", "wed"]);
    const more = setLever({}, lever, 9)["electives.theatres.general.sessions"] as {
      day: string;
      from: string;
    }[];
    expect(more.slice(7)).toEqual([
      { day: "sat", from: "08:30", to: "12:30", specialty: "general" },
      { day: "sat", from: "13:30", to: "17:30", specialty: "general" },
    ]);
    expect(setLever({ x: 1 }, lever, 7)).toEqual({ x: 1 });
  });

  it("writes a count it cannot make as typed, so validation refuses it", () => {
    const overrides = setLever({}, general, 2.5);
    expect(overrides).toEqual({ "electives.theatres.general.sessions": 2.5 });
    expect(() => validateParsed(parsed, undefined, overrides)).toThrow(/electives\.theatres\[1\]\.sessions/);
  });
});

describe("length of stay by stage", () => {
  it("scales one stage of a stay over several wards and leaves the others", () => {
    const parsed = load("scenarios/acute-medical.yaml");
    const stage = leverOf(parsed.raw, "groups-frail-stages-1-los");
    expect(stage.label).toMatch(/^Frail 75\+: stage 2 \(/);
    const base = validateParsed(parsed).scenario.groups[2]!.stages;
    const changed = validateParsed(parsed, undefined, setLever({}, stage, 50)).scenario.groups[2]!.stages;
    expect(changed[0]).toEqual(base[0]);
    expect((changed[1]!.los as { mean: number }).mean).toBeCloseTo(
      (base[1]!.los as { mean: number }).mean / 2,
      0,
    );
  });

  it("reads an edit of the stay's mean made in all settings, and replaces it when moved", () => {
    const parsed = load("scenarios/acute-medical.yaml");
    const stage = leverOf(parsed.raw, "groups-frail-stages-1-los");
    // 3.5d in the file: 3d is 86% of today.
    const edited = { "groups.frail.stages.1.los.mean": "3d", other: 1 };
    expect(leverValue(stage, edited)).toBe(86);
    expect(Object.keys(setLever(edited, stage, 50))).toEqual(["other", "groups.frail.stages.1.los"]);
    expect(setLever(edited, stage, 100)).toEqual({ other: 1 });
  });
});
