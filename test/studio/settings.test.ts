/**
 * The studio's "all settings" tree, without a browser: every value a shipped scenario holds is a
 * control, every field the schema knows is reachable even when the file leaves it out, an edit is
 * the override a `variants:` entry would hold (and `careflow validate` accepts it), and each
 * problem lands at the field it names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenarioText, validateParsed } from "../../src/scenario/parse.js";
import { formatPath } from "../../src/scenario/problems.js";
import {
  type DistributionNode,
  type FieldNode,
  type GroupNode,
  placeSettingProblems,
  type SettingNode,
  setSetting,
  settingsTree,
  switchDistribution,
} from "../../src/studio/settings.js";
import { initialState, variantProblems } from "../../src/studio/state.js";

const SCENARIOS = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));
const read = (file: string) => parseScenarioText(readFileSync(`scenarios/${file}`, "utf8"), file);

function nodes(tree: GroupNode): SettingNode[] {
  const out: SettingNode[] = [];
  const visit = (node: SettingNode) => {
    out.push(node);
    if (node.kind !== "field") node.children.forEach(visit);
  };
  tree.children.forEach(visit);
  return out;
}

const byKey = (tree: GroupNode, key: string): SettingNode => {
  const found = nodes(tree).find((n) => n.key === key);
  if (found === undefined) throw new Error(`no setting ${key}`);
  return found;
};

/** The paths of every plain value in the file (an uncertain input counts as one value). */
function leafPaths(node: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(node)) {
    // A list of plain values is one control (a comma-separated list or a set of choices).
    if (node.every((x) => x === null || typeof x !== "object")) return [path];
    return node.flatMap((item, i) => leafPaths(item, [...path, i]));
  }
  if (node !== null && typeof node === "object") {
    if ("uncertain" in node) return [path];
    return Object.entries(node).flatMap(([k, v]) =>
      path.length === 0 && k === "variants" ? [] : leafPaths(v, [...path, k]),
    );
  }
  return [path];
}

describe("all settings", () => {
  it.each(SCENARIOS)("shows every value of %s as a control holding that value", (file) => {
    const parsed = read(file);
    const tree = settingsTree(parsed.raw, {});
    const fields = new Map(
      nodes(tree)
        .filter((n): n is FieldNode => n.kind === "field")
        .map((n) => [n.problemPath, n]),
    );
    const forms = new Map(
      nodes(tree)
        .filter((n): n is DistributionNode => n.kind === "distribution")
        .map((n) => [n.problemPath, n]),
    );
    const leaves = leafPaths(parsed.raw);
    expect(leaves.length).toBeGreaterThan(20);
    for (const path of leaves) {
      let value: unknown = parsed.raw;
      for (const k of path) value = (value as Record<string | number, unknown>)[k];
      if (path.at(-1) === "dist" && forms.has(formatPath(path.slice(0, -1)))) {
        // A distribution's name is its form, chosen in a select.
        expect(forms.get(formatPath(path.slice(0, -1)))!.dist).toBe(value);
        continue;
      }
      if (Array.isArray(value) && value.length === 0) {
        // An empty list of sections (no patient groups) is a list to add to, not a field.
        const list = nodes(tree).find((n) => n.kind === "group" && n.problemPath === formatPath(path));
        if (list !== undefined) {
          expect(list).toMatchObject({ kind: "group", emptyList: true });
          continue;
        }
      }
      const field = fields.get(formatPath(path));
      expect(field, formatPath(path)).toBeDefined();
      if (field!.uncertain === undefined) expect(field!.value, formatPath(path)).toEqual(value);
      else expect(value).toHaveProperty("uncertain");
      expect(field!.changed).toBe(false);
    }
  });

  it("reaches fields the file leaves out, with the schema's kinds of control", () => {
    const tree = settingsTree(read("acute-medical.yaml").raw, {});
    expect(byKey(tree, "run.horizon")).toMatchObject({ kind: "field", control: "duration", value: "365d" });
    expect(byKey(tree, "discharge.hours.from")).toMatchObject({ control: "time" });
    expect(byKey(tree, "discharge.policy")).toMatchObject({
      control: "select",
      options: ["standard", "d2a"],
    });
    expect(byKey(tree, "wards.amu.beds")).toMatchObject({ control: "integer", min: 0, value: 160 });
    expect(byKey(tree, "groups.frail.arrivals.perDay")).toMatchObject({ control: "number", value: 32 });
    // No electives or staff in this file: their sections are still there to fill in.
    expect(byKey(tree, "electives")).toMatchObject({ kind: "group", absent: true });
    expect(byKey(tree, "electives.onTheDay.sessionCancellation")).toMatchObject({
      control: "number",
      defaultValue: 0,
      value: undefined,
    });
    expect(byKey(tree, "staff.allocation")).toMatchObject({
      control: "select",
      options: ["cheapest", "most-senior", "listed"],
    });
    const stay = byKey(tree, "groups.frail.stages.0.los") as DistributionNode;
    expect(stay.kind).toBe("distribution");
    expect(stay.options).toEqual(expect.arrayContaining(["fixed", "lognormal", "gamma", "weibull"]));
    const theatres = settingsTree(read("theatre-lists.yaml").raw, {});
    const days = nodes(theatres).find((n) => n.kind === "field" && n.control === "choices");
    expect(days).toBeUndefined(); // theatre sessions name one day each: a select
    expect(nodes(theatres).some((n) => n.kind === "field" && n.key.endsWith(".sessions.0.day"))).toBe(true);
    const skill = settingsTree(read("skill-mix.yaml").raw, {});
    expect(nodes(skill).find((n) => n.key.endsWith(".shifts.0.days"))).toMatchObject({
      control: "choices",
      options: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    });
  });

  it("shows an uncertain input read from the file, and a plain value set here fixes it", () => {
    const parsed = read("acute-medical.yaml");
    const tree = settingsTree(parsed.raw, {});
    const mean = byKey(tree, "community.home-care.startDelay.mean") as FieldNode;
    expect(mean.uncertain).toBe(
      "uncertain in the file: triangular (min 0.5d, mode 1d, max 2d); source: assumed",
    );
    const overrides = setSetting({}, parsed.raw, mean.key, "1.5d");
    expect(overrides).toEqual({ "community.home-care.startDelay.mean": "1.5d" });
    const loaded = validateParsed(parsed, undefined, overrides);
    expect(loaded.scenario.community[0]!.startDelay).toMatchObject({ mean: 1.5 * 24 * 60 });
  });

  it("writes an edit as a variants: override that validates, and drops it when set back", () => {
    const parsed = read("acute-medical.yaml");
    let overrides = setSetting({}, parsed.raw, "groups.frail.stages.0.los.mean", "20h");
    expect(overrides).toEqual({ "groups.frail.stages.0.los.mean": "20h" });
    const tree = settingsTree(parsed.raw, overrides);
    expect(byKey(tree, "groups.frail.stages.0.los.mean")).toMatchObject({ value: "20h", changed: true });
    expect(validateParsed(parsed, undefined, overrides).scenario.groups[2]!.stages[0]!.los).toMatchObject({
      mean: 20 * 60,
    });
    expect(setSetting(overrides, parsed.raw, "groups.frail.stages.0.los.mean", "18h")).toEqual({});
    expect(setSetting(overrides, parsed.raw, "groups.frail.stages.0.los.mean", undefined)).toEqual({});

    // A new form for the stay replaces the edits inside it; a later edit goes inside it.
    const stay = byKey(tree, "groups.frail.stages.0.los") as DistributionNode;
    const gamma = switchDistribution(stay, "gamma");
    expect(gamma).toEqual({ dist: "gamma", mean: "20h", cv: 1 });
    overrides = setSetting(overrides, parsed.raw, stay.key, gamma);
    expect(overrides).toEqual({ "groups.frail.stages.0.los": { dist: "gamma", mean: "20h", cv: 1 } });
    overrides = setSetting(overrides, parsed.raw, "groups.frail.stages.0.los.cv", 0.5);
    expect(overrides).toEqual({ "groups.frail.stages.0.los": { dist: "gamma", mean: "20h", cv: 0.5 } });
    expect(validateParsed(parsed, undefined, overrides).scenario.groups[2]!.stages[0]!.los).toEqual({
      dist: "gamma",
      mean: 20 * 60,
      cv: 0.5,
    });
    // Every form the select offers starts from a value careflow validate accepts.
    for (const dist of stay.options) {
      const value = switchDistribution(stay, dist);
      expect(() => validateParsed(parsed, undefined, { [stay.key]: value }), dist).not.toThrow();
    }
  });

  it("adds a list item (escalation beds on a ward with none) and removes one where the list may be shorter", () => {
    const parsed = read("acute-medical.yaml");
    const tree = settingsTree(parsed.raw, {});
    const schedule = byKey(tree, "wards.medicine.bedSchedule") as GroupNode;
    expect(schedule).toMatchObject({ emptyList: true, add: [{ from: "08:00", beds: 0 }] });
    let overrides = setSetting({}, parsed.raw, schedule.key, schedule.add);
    const entry = byKey(settingsTree(parsed.raw, overrides), "wards.medicine.bedSchedule.0.beds");
    expect(entry).toMatchObject({ control: "integer", value: 0, changed: true });
    overrides = setSetting(overrides, parsed.raw, entry.key, 300);
    expect(overrides).toEqual({ "wards.medicine.bedSchedule": [{ from: "08:00", beds: 300 }] });
    const ward = validateParsed(parsed, undefined, overrides).scenario.wards[1]!;
    expect(ward.bedSchedule).toEqual([
      { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], from: 8 * 60, beds: 300 },
    ]);

    // A copy of the last ward keeps its id, so validation asks for a new one.
    const wards = byKey(tree, "wards") as GroupNode;
    expect((wards.add as { id: string }[]).map((w) => w.id)).toEqual([
      "amu",
      "medicine",
      "older-people",
      "older-people",
    ]);
    expect(() => validateParsed(parsed, undefined, { wards: wards.add })).toThrow(/wards\[3\]/);
    const medicine = byKey(tree, "wards.medicine") as GroupNode;
    expect((medicine.remove as { id: string }[]).map((w) => w.id)).toEqual(["amu", "older-people"]);
    // A stay of one stage cannot lose it (at least one is required).
    expect(byKey(tree, "groups.short-stay.stages.0")).not.toHaveProperty("remove");
  });

  it("puts each problem at the field it names, or the section holding it", () => {
    const parsed = read("acute-medical.yaml");
    const state = initialState("acute-medical.yaml", "", parsed);
    let overrides = setSetting({}, parsed.raw, "groups.frail.arrivals.perDay", -3);
    overrides = setSetting(overrides, parsed.raw, "groups.frail.dischargePathways.p0", 0.5);
    overrides = setSetting(overrides, parsed.raw, "run.warmup", "2 fortnights");
    const problems = variantProblems(parsed, state, { name: "x", overrides });
    const placed = placeSettingProblems(settingsTree(parsed.raw, overrides), problems);
    const at = (path: string) => (placed.byPath.get(path) ?? []).map((p) => p.message);
    expect(at("groups[2].arrivals.perDay")).toEqual(["must be ≥ 0, got -3"]);
    expect(at("groups[2].dischargePathways").join()).toMatch(/must sum to 1/);
    expect(at("run.warmup")).toHaveLength(1);
    expect(placed.rest).toEqual([]);
    expect([...placed.byPath.values()].flat()).toHaveLength(problems.length);
  });
});
