/**
 * What a scenario author sees when a file is wrong: every problem at once, each with its field
 * path, its line in the file and plain words; and that no input whatever makes validation fail
 * with anything but a ScenarioError (a stack trace is not an error message).
 *
 * Expected line numbers are found by searching the YAML text for the offending line, so editing
 * the fixtures cannot silently leave a test checking the wrong line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { LineCounter, stringify as toYaml } from "yaml";
import { loadScenario } from "../../src/node/scenario-file.js";
import {
  loadScenarioText,
  MAX_SCENARIO_BYTES,
  parseScenarioText,
  validateParsed,
} from "../../src/scenario/parse.js";
import { type LocatedProblem, ScenarioError } from "../../src/scenario/problems.js";
import { applyOverrides, type RawScenario } from "../../src/scenario/variants.js";
import { scenarioArbitrary } from "./arbitraries.js";

const EXAMPLE_FILE = new URL("../../scenarios/acute-medical.yaml", import.meta.url);
const EXAMPLE = readFileSync(EXAMPLE_FILE, "utf8");

/** 1-based line of the only line of `text` containing `snippet`. */
function lineOf(text: string, snippet: string): number {
  const lines = text.split("\n");
  const hits = lines.flatMap((line, i) => (line.includes(snippet) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`fixture: "${snippet}" is on ${hits.length} lines, expected one`);
  return hits[0]!;
}

/** The ScenarioError thrown by `f`; fails the test if `f` succeeds or throws something else. */
function scenarioError(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioError, but the scenario was accepted");
}

const DISCHARGE = `discharge:
  policy: standard
  standard:
    assessment: { assessors: 2, duration: 1d }
    services: { p1: home, p2: home, p3: home }
  d2a:
    assessment: { assessors: 2, duration: 2d }
    services: { p1: home, p2: home, p3: home }
`;

/** A small valid file (used as the base of the variant tests). */
const VALID = `name: Small valid
seed: 11
run:
  horizon: 20d
wards:
  - id: amu
    beds: 10
  - id: medicine
    beds: 12
    overflowTo: [amu]
community:
  - id: home
    kind: caseload
    capacity: 5
    lengthOfSupport: 5d
groups:
  - id: frail
    arrivals: { perDay: 3 }
    stages:
      - ward: amu
        los: 12h
      - ward: medicine
        los: { dist: lognormal, mean: 4d, sd: 2d }
    dischargePathways: { p0: 0.5, p1: 0.3, p2: 0.1, p3: 0.1 }
${DISCHARGE}`;

describe("a file with several mistakes", () => {
  // One of each kind: a bad number, a bad duration inside a distribution, probabilities not
  // summing to 1, an unknown id, a typo'd key (which also leaves a required key missing) and a
  // duration without its unit.
  const BROKEN = `name: Several mistakes at once
run:
  horizon: 20d
wards:
  - id: amu
    beds: 10
  - id: medicine
    beds: -3
  - id: escalation
    bedz: 4
community:
  - id: home
    kind: caseload
    capacity: 5
    lengthOfSupport: 5d
groups:
  - id: frail
    arrivals: { perDay: 3 }
    stages:
      - ward: amu
        los: 4
      - ward: nowhere
        los: { dist: lognormal, mean: 4d, sd: "-1d" }
    dischargePathways: { p0: 0.5, p1: 0.2, p2: 0.1, p3: 0.1 }
${DISCHARGE}`;

  const expected: { path: string; line: number; words: RegExp[] }[] = [
    { path: "wards[1].beds", line: lineOf(BROKEN, "beds: -3"), words: [/must be/, /got -3/] },
    { path: "wards[2].bedz", line: lineOf(BROKEN, "bedz: 4"), words: [/not a field/, /spelling/] },
    // The key is missing, so the problem points at the ward it is missing from.
    { path: "wards[2].beds", line: lineOf(BROKEN, "- id: escalation"), words: [/is required/] },
    {
      path: "groups[0].stages[0].los",
      line: lineOf(BROKEN, "los: 4"),
      words: [/must be a duration with a unit/, /got 4/],
    },
    {
      path: "groups[0].stages[1].ward",
      line: lineOf(BROKEN, "ward: nowhere"),
      words: [/unknown ward "nowhere"/, /"amu", "medicine", "escalation"/],
    },
    {
      path: "groups[0].stages[1].los.sd",
      line: lineOf(BROKEN, 'sd: "-1d"'),
      words: [/"-1d" is not a duration/, /a number and a unit/],
    },
    {
      path: "groups[0].dischargePathways",
      line: lineOf(BROKEN, "dischargePathways:"),
      words: [/must sum to 1/, /= 0\.9\b/],
    },
  ];

  const error = scenarioError(() => loadScenarioText(BROKEN, "broken.yaml"));

  it("lists every problem in one error, and nothing else", () => {
    expect(error.file).toBe("broken.yaml");
    expect(error.problems.map((p) => p.path).sort()).toEqual(expected.map((e) => e.path).sort());
  });

  it.each(expected)("reports $path at line $line in plain words", ({ path, line, words }) => {
    const problem = error.problems.find((p) => p.path === path);
    expect(problem).toBeDefined();
    expect(problem!.line).toBe(line);
    expect(problem!.column).toBeGreaterThanOrEqual(1);
    for (const w of words) expect(problem!.message).toMatch(w);
  });

  it("says it in words, not in the validator's jargon", () => {
    for (const p of error.problems) {
      expect(p.message).not.toMatch(/Invalid input|expected \w+, received|Zod|NaN|undefined|\[object/i);
    }
  });

  it("puts every problem, with its line, in the message a user reads", () => {
    const lines = error.message.split("\n");
    expect(lines[0]).toBe(`broken.yaml: ${expected.length} problems`);
    for (const e of expected) {
      expect(lines.some((l) => l.includes(`${e.path} (line ${e.line}:`))).toBe(true);
    }
  });

  it("reports cross-file problems (duplicate ids, self-overflow, visits without visitsPerDay)", () => {
    const text = VALID.replace("overflowTo: [amu]", "overflowTo: [medicine, icu]")
      .replace("  - id: medicine\n", "  - id: amu\n")
      .replace("kind: caseload", "kind: visits");
    const problems = scenarioError(() => loadScenarioText(text)).problems;
    const byPath = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    expect(byPath("wards[1].id")).toEqual([expect.stringMatching(/id "amu" is used twice/)]);
    expect(byPath("wards[1].overflowTo[1]")).toEqual([expect.stringMatching(/unknown ward "icu"/)]);
    expect(byPath("community[0].visitsPerDay")).toEqual([expect.stringMatching(/needs visitsPerDay/)]);
    // "medicine" is no longer a ward (renamed to a duplicate amu), so the stage is unknown too.
    expect(byPath("groups[0].stages[1].ward")).toEqual([expect.stringMatching(/unknown ward "medicine"/)]);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzzing: random damage to valid files

type Path = (string | number)[];

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** Every path to a value below the root (containers and leaves). */
function pathsIn(value: unknown, prefix: Path = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i): [number, unknown] => [i, v])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsIn(child, [...prefix, key])]);
}

/** Paths of the groups of fields, the root included (where a key can be inserted). */
function objectPaths(value: unknown, prefix: Path = []): Path[] {
  const own = isRecord(value) ? [prefix] : [];
  return [...own, ...pathsIn(value, prefix).filter((p) => isRecord(valueAt(value, p.slice(prefix.length))))];
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

type Mutation =
  | { kind: "set"; path: Path; value: unknown }
  | { kind: "delete"; path: Path }
  | { kind: "insert"; path: Path; key: string; value: unknown };

/** Values likely to get past the type checks and into the finer rules (and a few that should not). */
const nastyValue = fc.oneof(
  fc.anything(),
  fc.constantFrom<unknown>(
    -1,
    0,
    0.5,
    1.5,
    1e308,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    "",
    "4",
    "4h",
    "-1d",
    "0min",
    "25:00",
    "w0",
    "s0",
    "g0",
    "amu",
    null,
    [],
    {},
    { dist: "lognormal", mean: "1d" },
    { dist: "nope" },
    [1, 2, 3],
  ),
);

/**
 * A path picked depth first, then uniformly at that depth: a file has a few top-level parts and
 * hundreds of leaves, and damage to the structure ("variants.d2a" set to null) matters as much
 * as damage to a leaf.
 */
function pathArbitrary(paths: Path[]): fc.Arbitrary<Path> {
  const byDepth = new Map<number, Path[]>();
  for (const p of paths) byDepth.set(p.length, [...(byDepth.get(p.length) ?? []), p]);
  return fc.oneof(...[...byDepth.values()].map((group) => fc.constantFrom(...group)));
}

/** Paths of the groups of fields and lists below the root: the structure of the file. */
function containerPaths(base: unknown): Path[] {
  return pathsIn(base).filter((p) => {
    const v = valueAt(base, p);
    return typeof v === "object" && v !== null;
  });
}

/** What an author leaves when a section is half-written: "wards:" with nothing, {}, []. */
const blankValue = fc.constantFrom<unknown>(null, null, undefined, {}, [], "");

function mutationArbitrary(base: unknown): fc.Arbitrary<Mutation> {
  const paths = pathArbitrary(pathsIn(base));
  const objects = pathArbitrary(objectPaths(base));
  const containers = pathArbitrary(containerPaths(base));
  return fc.oneof(
    fc.record({ kind: fc.constant("set" as const), path: paths, value: nastyValue }),
    fc.record({ kind: fc.constant("set" as const), path: containers, value: blankValue }),
    fc.record({ kind: fc.constant("delete" as const), path: paths }),
    fc.record({
      kind: fc.constant("insert" as const),
      path: objects,
      key: fc.oneof(fc.string(), fc.constantFrom("bedz", "beds", "id", "dist", "variants", "sd")),
      value: nastyValue,
    }),
  );
}

/** Applies mutations to a copy; a mutation whose place has gone (an earlier one removed it) is skipped. */
function mutate(base: RawScenario, mutations: Mutation[]): RawScenario {
  const copy = structuredClone(base);
  for (const original of mutations) {
    // Values are cloned: fc.constantFrom hands out the same {} every time, and a later insert
    // into it must not leak into other runs.
    const m = "value" in original ? { ...original, value: structuredClone(original.value) } : original;
    const parentPath = m.kind === "insert" ? m.path : m.path.slice(0, -1);
    const parent = valueAt(copy, parentPath);
    if (typeof parent !== "object" || parent === null) continue;
    if (m.kind === "insert") {
      // defineProperty: a key such as "__proto__" must become a field, not a prototype.
      Object.defineProperty(parent, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    const key = m.path[m.path.length - 1]!;
    if (m.kind === "set") (parent as Record<string | number, unknown>)[key] = m.value;
    else if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
    else delete (parent as Record<string | number, unknown>)[key];
  }
  return copy;
}

/** The validator's phrasing, which must never reach a scenario author. */
const JARGON = /Invalid input|expected \w+, received|\brecord\b|Zod|\[object Object\]/;

/** Validation either succeeds or lists problems that each say where and what; nothing else. */
function checkOutcome(validate: () => unknown, lineCount?: number): "valid" | "invalid" {
  let error: unknown;
  try {
    validate();
    return "valid";
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ScenarioError)) throw error;
  expect(error.problems.length).toBeGreaterThan(0);
  for (const p of error.problems as LocatedProblem[]) {
    expect(typeof p.path).toBe("string");
    expect(p.path.length).toBeGreaterThan(0);
    expect(typeof p.message).toBe("string");
    expect(p.message.trim().length).toBeGreaterThan(0);
    // Plain words: none of the validator's own phrasing reaches the user.
    expect(p.message).not.toMatch(JARGON);
    if (p.line !== undefined && lineCount !== undefined) {
      expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount).toBe(true);
    }
  }
  return "invalid";
}

const parsedFrom = (raw: RawScenario) => ({
  file: "mutated.yaml",
  raw,
  document: undefined,
  lineCounter: new LineCounter(),
});

describe("randomly damaged scenarios", () => {
  const example = parseScenarioText(EXAMPLE).raw;

  it("are either valid or refused with a ScenarioError (generated scenarios)", () => {
    const outcomes = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(
        scenarioArbitrary
          .map((input) => ({ ...input, variants: { v: { "wards.w0.beds": 2, "discharge.policy": "d2a" } } }))
          .chain((base) =>
            fc.tuple(fc.constant(base), fc.array(mutationArbitrary(base), { minLength: 1, maxLength: 3 })),
          ),
        ([base, mutations]) => {
          const raw = mutate(base as unknown as RawScenario, mutations);
          // Straight from the data (no file: values JSON cannot hold, such as NaN, survive)...
          outcomes[checkOutcome(() => validateParsed(parsedFrom(raw)))]++;
          checkOutcome(() => validateParsed(parsedFrom(raw), "v"));
          // ...and through the text, where problems are located on lines.
          const text = JSON.stringify(raw, null, 1);
          checkOutcome(() => loadScenarioText(text, "mutated.json"), text.split("\n").length);
        },
      ),
      { numRuns: 300 },
    );
    // Both outcomes occur, or the fuzzing is not exercising what it claims to.
    expect(outcomes.valid).toBeGreaterThan(0);
    expect(outcomes.invalid).toBeGreaterThan(0);
  });

  it("are either valid or refused with a ScenarioError (the example file, as YAML)", () => {
    fc.assert(
      fc.property(fc.array(mutationArbitrary(example), { minLength: 1, maxLength: 3 }), (mutations) => {
        const raw = mutate(example, mutations);
        checkOutcome(() => validateParsed(parsedFrom(raw)));
        const text = toYaml(raw);
        checkOutcome(() => loadScenarioText(text, "mutated.yaml"), text.split("\n").length);
        // A variant is validated too (a damaged variant must not crash either).
        checkOutcome(() => loadScenarioText(text, "mutated.yaml", "d2a"), text.split("\n").length);
      }),
      { numRuns: 150 },
    );
  });

  it("that stay valid after losing an optional field still validate (sanity of the mutator)", () => {
    // Deleting run.warmup (it has a default) must leave a valid file: the mutator really edits.
    const raw = mutate(example, [{ kind: "delete", path: ["run", "warmup"] }]);
    expect(isRecord(raw.run) && "warmup" in raw.run).toBe(false);
    expect(checkOutcome(() => validateParsed(parsedFrom(raw)))).toBe("valid");
    const broken = mutate(example, [{ kind: "set", path: ["wards", 0, "beds"], value: -1 }]);
    expect(checkOutcome(() => validateParsed(parsedFrom(broken)))).toBe("invalid");
  });
});

// ---------------------------------------------------------------------------------------------
// Files that must be refused before validation, and the file formats

describe("reading files", () => {
  const dir = mkdtempSync(join(tmpdir(), "careflow-invalid-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a YAML alias bomb quickly, with a message", () => {
    // "Billion laughs": 9 levels of 9 aliases each would expand to 9^9 strings.
    const levels = "abcdefghi";
    const lines = ["name: bomb", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < levels.length; i++) {
      const alias = `*${levels[i - 1]}`;
      lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(alias).join(", ")}]`);
    }
    const started = performance.now();
    const error = scenarioError(() => loadScenarioText(`${lines.join("\n")}\n`, "bomb.yaml"));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.path).toBe("(the whole file)");
    expect(error.problems[0]!.message).toMatch(/alias/i);
  });

  it("accepts a file of exactly the size limit and refuses one byte more", () => {
    const base = `${VALID.trimEnd()}\n`;
    const pad = MAX_SCENARIO_BYTES - Buffer.byteLength(base);
    const atLimit = `${base}#${"x".repeat(pad - 2)}\n`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_SCENARIO_BYTES);
    const ok = join(dir, "at-limit.yaml");
    writeFileSync(ok, atLimit);
    expect(loadScenario(ok).scenario.name).toBe("Small valid");

    const big = join(dir, "too-big.yaml");
    writeFileSync(big, `${atLimit}#`);
    const error = scenarioError(() => loadScenario(big));
    expect(error.problems).toEqual([
      { path: "(the whole file)", message: expect.stringMatching(/1048577 bytes.*limited to 1048576/) },
    ]);
    // The same limit holds for text handed over directly.
    expect(scenarioError(() => loadScenarioText(`${atLimit}#`)).problems[0]!.message).toMatch(/too large/);
  });

  it("refuses a missing file with a ScenarioError, not an fs exception", () => {
    const error = scenarioError(() => loadScenario(join(dir, "nope.yaml")));
    expect(error.problems[0]!.message).toMatch(/cannot be read/);
  });

  it("refuses a file that is not a group of fields", () => {
    for (const text of ["", "- a\n- b\n", "42\n", "null\n", '"just text"\n']) {
      const error = scenarioError(() => loadScenarioText(text));
      expect(error.problems[0]!.message).toMatch(/must be a group of fields/);
    }
  });

  it("reports duplicate keys as a syntax problem (a typo must not silently win)", () => {
    const text = VALID.replace("    beds: 12\n", "    beds: 12\n    beds: 14\n");
    const error = scenarioError(() => loadScenarioText(text));
    expect(error.problems.map((p) => p.path)).toEqual(["(syntax)"]);
    expect(error.problems[0]!.message).toMatch(/unique/);
  });

  // Once missing: parsing with prettyErrors: false left error.linePos unset.
  it("gives the line of a syntax error", () => {
    const text = VALID.replace("    beds: 12\n", "    beds: 12\n    beds: 14\n");
    const error = scenarioError(() => loadScenarioText(text));
    expect(error.problems[0]!.line).toBe(lineOf(text, "beds: 14"));
    const unclosed = VALID.replace("{ perDay: 3 }", "{ perDay: 3");
    const second = scenarioError(() => loadScenarioText(unclosed));
    for (const p of second.problems) expect(p.line).toBeGreaterThanOrEqual(lineOf(unclosed, "{ perDay: 3"));
  });

  it("loads a JSON scenario exactly as the same scenario in YAML", () => {
    const raw = parseScenarioText(EXAMPLE).raw;
    const fromYaml = loadScenarioText(EXAMPLE, "acute-medical.yaml").scenario;
    const fromJson = loadScenarioText(JSON.stringify(raw, null, 2), "acute-medical.json").scenario;
    expect(fromJson).toEqual(fromYaml);
    fc.assert(
      fc.property(scenarioArbitrary, (input) => {
        const json = loadScenarioText(JSON.stringify(input), "g.json").scenario;
        const yaml = loadScenarioText(toYaml(input), "g.yaml").scenario;
        expect(json).toEqual(yaml);
      }),
      { numRuns: 50 },
    );
  });

  it("locates problems on lines in a JSON file too", () => {
    const raw = parseScenarioText(VALID).raw;
    const text = JSON.stringify(raw, null, 2).replace('"beds": 12', '"beds": -12');
    const error = scenarioError(() => loadScenarioText(text, "small.json"));
    expect(error.problems).toEqual([
      {
        path: "wards[1].beds",
        line: lineOf(text, '"beds": -12'),
        column: expect.any(Number),
        message: expect.stringMatching(/got -12/),
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Variants

describe("variants", () => {
  const WITH_VARIANTS = `${VALID}variants:
  bigger:
    wards.amu.beds: 20
  broken:
    wards.amu.beds: -5
    "groups[0].stages[1].los": 4
  typo:
    wards.icu.beds: 3
`;

  it("lists the variants a file defines when asked for an unknown one", () => {
    const error = scenarioError(() => loadScenarioText(WITH_VARIANTS, "v.yaml", "smaller"));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.path).toBe("variants");
    expect(error.problems[0]!.message).toMatch(/no variant "smaller"/);
    for (const name of ["baseline", "bigger", "broken", "typo"])
      expect(error.problems[0]!.message).toContain(name);
  });

  it("applies a variant and leaves the baseline alone", () => {
    expect(loadScenarioText(WITH_VARIANTS, "v.yaml", "bigger").scenario.wards[0]!.beds).toBe(20);
    const baseline = loadScenarioText(WITH_VARIANTS, "v.yaml");
    expect(baseline.scenario.wards[0]!.beds).toBe(10);
    expect(baseline.variantNames).toEqual(["bigger", "broken", "typo"]);
  });

  it("reports a variant's invalid values at the variant's own lines", () => {
    const error = scenarioError(() => loadScenarioText(WITH_VARIANTS, "v.yaml", "broken"));
    const find = (path: string) => error.problems.find((p) => p.path === path);
    expect(error.problems).toHaveLength(2);
    expect(find("wards[0].beds")).toMatchObject({
      line: lineOf(WITH_VARIANTS, "wards.amu.beds: -5"),
      message: expect.stringMatching(/got -5.*set by variants\.broken\.wards\.amu\.beds/),
    });
    expect(find("groups[0].stages[1].los")).toMatchObject({
      line: lineOf(WITH_VARIANTS, '"groups[0].stages[1].los": 4'),
      message: expect.stringMatching(/duration with a unit/),
    });
  });

  it("reports a variant that is not a group of overrides in words", () => {
    const text = `${VALID}variants:\n  listed: [1, 2]\n`;
    const error = scenarioError(() => loadScenarioText(text, "v.yaml"));
    expect(error.problems).toEqual([
      {
        path: "variants.listed",
        line: lineOf(text, "listed:"),
        column: expect.any(Number),
        message: expect.stringMatching(/^must be a group of fields/),
      },
    ]);
  });

  // Once a TypeError (Object.entries(null)); a variant with nothing under it now changes nothing.
  it("runs a variant with nothing under it as the baseline", () => {
    const text = `${VALID}variants:\n  empty:\n`;
    const empty = loadScenarioText(text, "v.yaml", "empty");
    const baseline = loadScenarioText(text, "v.yaml");
    expect(empty.scenario).toEqual(baseline.scenario);
    expect(empty.variant).toBe("empty");
  });

  it("reports a variant key naming no item, at its line, with the ids there are", () => {
    const error = scenarioError(() => loadScenarioText(WITH_VARIANTS, "v.yaml", "typo"));
    expect(error.problems).toEqual([
      {
        path: "variants.typo.wards.icu.beds",
        line: lineOf(WITH_VARIANTS, "wards.icu.beds: 3"),
        column: expect.any(Number),
        message: expect.stringMatching(/no item "icu" in wards \(ids: amu, medicine\)/),
      },
    ]);
  });

  describe("applyOverrides", () => {
    const base = parseScenarioText(VALID).raw;

    it("does not change the base and resolves list items by id and by index", () => {
      const before = structuredClone(base);
      const result = applyOverrides(base, {
        "wards.amu.beds": 3,
        "wards[1].beds": 4,
        "groups.0.arrivals.perDay": 9,
        "discharge.policy": "d2a",
      });
      expect(base).toEqual(before);
      expect(result.problems).toEqual([]);
      expect(result.applied).toEqual([
        { key: "wards.amu.beds", path: ["wards", 0, "beds"] },
        { key: "wards[1].beds", path: ["wards", 1, "beds"] },
        { key: "groups.0.arrivals.perDay", path: ["groups", 0, "arrivals", "perDay"] },
        { key: "discharge.policy", path: ["discharge", "policy"] },
      ]);
      const out = result.scenario as {
        wards: { beds: number }[];
        groups: { arrivals: { perDay: number } }[];
        discharge: { policy: string };
      };
      expect(out.wards.map((w) => w.beds)).toEqual([3, 4]);
      expect(out.groups[0]!.arrivals.perDay).toBe(9);
      expect(out.discharge.policy).toBe("d2a");
      // Untouched parts are shared, not copied (immer's structural sharing).
      expect(result.scenario.community).toBe(base.community);
    });

    it("resolves the same item whether named by id or by index", () => {
      const byId = applyOverrides(base, { "wards.medicine.overflowTo": [] });
      const byIndex = applyOverrides(base, { "wards[1].overflowTo": [] });
      expect(byId.scenario).toEqual(byIndex.scenario);
      expect(byId.applied[0]!.path).toEqual(byIndex.applied[0]!.path);
    });

    it("refuses paths it cannot follow, with the reason, and applies the rest", () => {
      const result = applyOverrides(base, {
        "wards.icu.beds": 1,
        "wards[7].beds": 1,
        "name.short": "x",
        "variants.other": {},
        "": 1,
        seed: 5,
      });
      expect(result.problems).toEqual([
        { key: "wards.icu.beds", message: expect.stringMatching(/no item "icu".*ids: amu, medicine/) },
        { key: "wards[7].beds", message: expect.stringMatching(/no item "7"/) },
        { key: "name.short", message: expect.stringMatching(/single value/) },
        { key: "variants.other", message: expect.stringMatching(/cannot change the variants/) },
        { key: "", message: expect.stringMatching(/empty path/) },
      ]);
      expect(result.applied).toEqual([{ key: "seed", path: ["seed"] }]);
      expect(result.scenario.seed).toBe(5);
      expect(base.seed).toBe(11);
    });
  });
});
