/**
 * Hostile edits of the shipped scenarios, for the fuzz harness: wrong types, flipped signs, huge
 * and tiny numbers, names with "/", "..", NUL and unicode, deleted, renamed and duplicated keys,
 * impossible dates. A case is a shipped file plus a few edits, made as a file (YAML text).
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { stringify } from "yaml";
import { parseDuration } from "../../src/engine/time.js";
import { parseScenarioText } from "../../src/scenario/parse.js";

type Raw = Record<string, unknown>;

const DUPLICATE = "__written_twice__";
type Path = (string | number)[];

const SCENARIOS = new URL("../../scenarios/", import.meta.url);
export const SHIPPED: { name: string; raw: Raw }[] = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((name) => ({
    name,
    raw: parseScenarioText(readFileSync(new URL(name, SCENARIOS), "utf8"), name).raw,
  }));

/** The longest run a case may ask for: the harness is about inputs, not long simulations. */
export const MAX_RUN = "2d";
const MAX_RUN_MINUTES = parseDuration(MAX_RUN);

export const hostileNames = [
  "",
  " ",
  "/",
  "..",
  "../../esc",
  "a/b",
  "a\\b",
  "nul\u0000byte",
  "ünïcødé-ward",
  "🏥",
  "\u202Eevil",
  "<script>alert(1)</script>",
  "=cmd|' /C calc'!A0",
  "x".repeat(300),
  "CON",
  ".hidden",
];
const hostileStrings = [
  ...hostileNames,
  "2026-02-30",
  "hello",
  "2024-02-29",
  "0001-01-01",
  "9999-12-31",
  "2026-13-01",
  "24:00",
  "25:00",
  "-1h",
  "0min",
  "1e9d",
  "99999999999w",
  "0.0000001s",
  "NaN",
  "Infinity",
  "4",
  "4h",
  "1w",
  "\n",
];
const hostileNumbers = [
  0,
  -0,
  -1,
  1,
  0.5,
  1e-300,
  5e-324,
  1e9,
  1e15,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(...hostileNumbers),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constantFrom(...hostileStrings), { maxLength: 3 }),
);

export type Mutation =
  | { kind: "set"; at: number; value: unknown }
  | { kind: "negate" | "huge" | "tiny" | "delete" | "duplicate"; at: number }
  | { kind: "rename"; at: number; to: string }
  | { kind: "variant"; name: string; key: string; value: unknown }
  | { kind: "date"; value: string };

const OVERRIDE_KEYS = [
  "wards.0.beds",
  "discharge.policy",
  "groups.0.arrivals.perDay",
  "seed",
  "nowhere.at.all",
];

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: hostileValue }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        "negate" as const,
        "huge" as const,
        "tiny" as const,
        "delete" as const,
        "duplicate" as const,
      ),
      at: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rename" as const),
      at: fc.nat(),
      to: fc.constantFrom(...hostileNames, "bedz", "id"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("variant" as const),
      name: fc.constantFrom(...hostileNames, "plain"),
      key: fc.constantFrom(...OVERRIDE_KEYS, ...hostileNames),
      value: hostileValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("date" as const), value: fc.constantFrom(...hostileStrings) }),
  },
);

export interface FuzzCase {
  scenario: number;
  mutations: Mutation[];
}

export const caseArbitrary: fc.Arbitrary<FuzzCase> = fc.record({
  scenario: fc.nat({ max: SHIPPED.length - 1 }),
  mutations: fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
});

/** Every path in the data, parents before children. */
function pathsOf(node: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      out.push([...prefix, i], ...pathsOf(item, [...prefix, i]));
    });
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node))
      out.push([...prefix, key], ...pathsOf(value, [...prefix, key]));
  }
  return out;
}

function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<PropertyKey, unknown> | unknown[]; key: string | number } {
  let node = root as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<PropertyKey, unknown>;
  return { parent: node, key: path[path.length - 1]! };
}

function apply(raw: Raw, m: Mutation): void {
  if (m.kind === "variant") {
    if (raw.variants === undefined) raw.variants = {};
    const variants = raw.variants as Record<string, unknown>;
    if (variants !== null && typeof variants === "object" && !Array.isArray(variants)) {
      variants[m.name] = { [m.key]: m.value };
    }
    return;
  }
  if (m.kind === "date") {
    if (raw.run !== null && typeof raw.run === "object") (raw.run as Raw).start = m.value;
    return;
  }
  const paths = pathsOf(raw);
  if (paths.length === 0) return;
  const path = paths[m.at % paths.length]!;
  const { parent, key } = parentOf(raw, path);
  const target = parent as Record<PropertyKey, unknown>;
  const value = target[key];
  switch (m.kind) {
    case "set":
      target[key] = m.value;
      break;
    case "negate":
      target[key] = typeof value === "number" ? -value : typeof value === "string" ? `-${value}` : value;
      break;
    case "huge":
      target[key] =
        typeof value === "number"
          ? value * 1e12
          : typeof value === "string"
            ? `${value}${"9".repeat(12)}`
            : value;
      break;
    case "tiny":
      target[key] =
        typeof value === "number"
          ? value * 1e-12
          : typeof value === "string"
            ? `0.000000000001${value}`
            : value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete target[key];
      break;
    case "duplicate":
      // A list item twice (ids used twice), or a field written twice in the file (see toCaseText).
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(value));
      else target[`${String(key)}${DUPLICATE}`] = value;
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        delete target[key];
        target[m.to] = value;
      }
      break;
  }
}

/** Keeps every run of the case short: horizons and warm-ups beyond MAX_RUN are cut to it. */
function shorten(raw: Raw): void {
  const cut = (holder: Record<string, unknown>, key: string) => {
    const value = holder[key];
    if (typeof value !== "string") return;
    try {
      if (parseDuration(value) > MAX_RUN_MINUTES) holder[key] = MAX_RUN;
    } catch {
      // Not a duration: left for validation to refuse.
    }
  };
  if (raw.run !== null && typeof raw.run === "object" && !Array.isArray(raw.run)) {
    cut(raw.run as Raw, "horizon");
    cut(raw.run as Raw, "warmup");
  }
  if (raw.variants !== null && typeof raw.variants === "object") {
    for (const overrides of Object.values(raw.variants as Raw)) {
      if (overrides !== null && typeof overrides === "object") {
        cut(overrides as Raw, "run.horizon");
        cut(overrides as Raw, "run.warmup");
      }
    }
  }
}

/** The case as a YAML file. A field marked duplicate is written twice (the file's own mistake). */
export function toCaseText(c: FuzzCase): string {
  const raw = structuredClone(SHIPPED[c.scenario]!.raw);
  // Start from a short run; the edits may then make it anything.
  (raw.run as Raw).horizon = MAX_RUN;
  (raw.run as Raw).warmup = "1d";
  for (const m of c.mutations) apply(raw, m);
  shorten(raw);
  // The marked key is written, then the mark removed: the same key twice in one mapping.
  return stringify(raw, { lineWidth: 0 }).replace(new RegExp(`${DUPLICATE}(?="?:)`, "g"), "");
}
