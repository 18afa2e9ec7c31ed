/**
 * "All settings": every field of the scenario as a tree of labelled controls, generated from the
 * zod schema by way of its JSON Schema (z.toJSONSchema, the same conversion `careflow schema`
 * uses), walked together with the file's values. Edits are dotted-path overrides, exactly the
 * `variants:` entries a file holds, keyed by id where a list item has one (as the levers are).
 *
 * Why the JSON Schema and not zod's own objects: it is zod's documented, versioned output, with
 * the file's input shapes (durations as text, defaults, enums, bounds, descriptions) already
 * resolved through optionals, defaults, pipes and refinements; zod's internal definitions
 * (`_zod.def`) are not a public contract and change between releases. The one thing the JSON
 * Schema cannot say, that a text field is a duration, is marked during the conversion by
 * identity with the schema's own `durationSchema`.
 */
import { z } from "zod";
import { durationSchema } from "../scenario/basics.js";
import { formatPath, type LocatedProblem } from "../scenario/problems.js";
import { scenarioSchema } from "../scenario/schema.js";
import { applyOverrides, parseOverridePath, type RawScenario } from "../scenario/variants.js";
import { scaleSpec } from "./levers.js";

type Json = Record<string, unknown>;
type Path = (string | number)[];

interface NodeBase {
  /** The field's name (or the list item's name). */
  label: string;
  /** The override key an edit writes ("wards.amu.beds"). */
  key: string;
  /** Where `careflow validate` reports this field's problems ("wards[0].beds"). */
  problemPath: string;
  description?: string;
}

export interface GroupNode extends NodeBase {
  kind: "group";
  children: SettingNode[];
  /** An optional section the file leaves out (its fields can still be set). */
  absent: boolean;
  /** A list with no items. */
  emptyList: boolean;
  /** A list of groups: the list with one more item (a copy of the last, or a blank one), to edit. */
  add?: unknown[];
  /** An item of such a list, where the list may be shorter: the list without it. */
  remove?: unknown[];
}

export type FieldControl =
  | "number"
  | "integer"
  | "text"
  | "duration"
  | "time"
  | "select"
  | "checkbox"
  | "choices"
  | "list"
  | "readonly";

export interface FieldNode extends NodeBase {
  kind: "field";
  control: FieldControl;
  /** The value in this variant (the file's, or the override's). */
  value: unknown;
  required: boolean;
  /** The file itself gives this field a value. */
  inFile: boolean;
  defaultValue?: unknown;
  options?: string[];
  /** For lists written as text: what each item is. */
  itemType?: "number" | "text";
  min?: number;
  max?: number;
  /** An uncertain input in the file, in words; a plain value here fixes it for this variant. */
  uncertain?: string;
  changed: boolean;
}

/** A duration or a distribution of durations: pick the form, then its parameters. */
export interface DistributionNode extends NodeBase {
  kind: "distribution";
  /** "fixed" for a plain duration, else the distribution's name. */
  dist: string;
  options: string[];
  /** Each distribution's required parameters (besides `dist`). */
  requiredParameters: Record<string, string[]>;
  value: unknown;
  children: FieldNode[];
  required: boolean;
  changed: boolean;
}

export type SettingNode = GroupNode | FieldNode | DistributionNode;

// ---------------------------------------------------------------------------------------------
// The schema

let cached: Json | undefined;

function isDurationSchema(schema: unknown): boolean {
  for (let node = schema as { _zod?: { parent?: unknown } } | undefined; node; ) {
    if (node === (durationSchema as unknown)) return true;
    node = node._zod?.parent as typeof node;
  }
  return false;
}

/** The scenario's JSON Schema as the file is written, durations marked `duration: true`. */
export function settingsSchema(): Json {
  cached ??= z.toJSONSchema(scenarioSchema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      if (isDurationSchema(ctx.zodSchema)) (ctx.jsonSchema as Json).duration = true;
    },
  }) as Json;
  return cached;
}

// ---------------------------------------------------------------------------------------------
// Values

const isRecord = (x: unknown): x is Json => x !== null && typeof x === "object" && !Array.isArray(x);

function itemId(item: unknown): string | undefined {
  return isRecord(item) && typeof item.id === "string" && /^[^.[\]]+$/.test(item.id) ? item.id : undefined;
}

/** Follows override segments (ids or indices in lists) to a value and its index path. */
function resolve(root: unknown, segments: readonly string[]): { value: unknown; path: Path } | undefined {
  let node = root;
  const path: Path = [];
  for (const segment of segments) {
    if (Array.isArray(node)) {
      let index = node.findIndex((item) => itemId(item) === segment);
      if (index < 0 && /^\d+$/.test(segment)) index = Number(segment);
      if (index < 0 || index >= node.length) return undefined;
      path.push(index);
      node = node[index];
    } else if (isRecord(node)) {
      path.push(segment);
      node = node[segment];
    } else return undefined;
  }
  return { value: node, path };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

const startsWith = (path: readonly unknown[], prefix: readonly unknown[]): boolean =>
  prefix.length <= path.length && prefix.every((s, i) => String(path[i]) === String(s));

/** A copy of `node` with the value at `segments` set (undefined: removed). */
function setInside(node: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(node)) {
    let index = node.findIndex((item) => itemId(item) === head);
    if (index < 0 && /^\d+$/.test(head)) index = Number(head);
    if (index < 0 || index >= node.length) return node;
    return node.map((item, i) => (i === index ? setInside(item, rest, value) : item));
  }
  const record = isRecord(node) ? { ...node } : {};
  const inner = setInside(record[head], rest, value);
  if (inner === undefined) delete record[head];
  else record[head] = inner;
  return record;
}

/**
 * The overrides with one setting changed. `value` undefined puts the file's value back. An edit
 * inside a value another override already replaces (a stay switched to a new distribution) is
 * made inside that override; overrides inside the edited value are dropped, as it replaces them.
 * A value equal to the file's leaves no override, as a lever set back to today's does.
 */
export function setSetting(
  overrides: Record<string, unknown>,
  file: RawScenario,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const segments = parseOverridePath(key);
  /** The key as a path of indices, as far as the file has it; the rest as written. */
  const indexPath = (k: string): Path => {
    const parts = parseOverridePath(k);
    for (let n = parts.length; n > 0; n--) {
      const found = resolve(file, parts.slice(0, n));
      if (found !== undefined) return [...found.path, ...parts.slice(n)];
    }
    return parts;
  };
  const target = indexPath(key);
  const next: Record<string, unknown> = {};
  let parent: string | undefined;
  for (const [k, v] of Object.entries(overrides)) {
    const at = indexPath(k);
    if (k !== key && startsWith(at, target)) continue;
    if (k !== key && startsWith(target, at)) parent = k;
    next[k] = v;
  }
  if (parent !== undefined) {
    const rest = segments.slice(parseOverridePath(parent).length);
    const fileValue = resolve(file, segments)?.value;
    next[parent] = setInside(next[parent], rest, value === undefined ? fileValue : value);
    return next;
  }
  const fileValue = resolve(file, segments)?.value;
  if (value === undefined || deepEqual(value, fileValue)) delete next[key];
  else next[key] = value;
  return next;
}

// ---------------------------------------------------------------------------------------------
// The tree

function refTarget(root: Json, node: Json): Json {
  let current = node;
  for (let guard = 0; typeof current.$ref === "string" && guard < 20; guard++) {
    const name = current.$ref.replace(/^#\/\$defs\//, "");
    const target = (root.$defs as Json | undefined)?.[name];
    if (!isRecord(target)) break;
    const { $ref: _, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

const options = (node: Json): Json[] =>
  [...((node.anyOf as Json[] | undefined) ?? []), ...((node.oneOf as Json[] | undefined) ?? [])].filter(
    isRecord,
  );

/** The distribution objects of a duration-or-distribution union, by name. */
function distributionOptions(root: Json, node: Json): Map<string, Json> | undefined {
  const choices = options(node).map((o) => refTarget(root, o));
  if (!choices.some((o) => o.duration === true)) return undefined;
  const objects = choices.flatMap((o) => [o, ...options(o).map((x) => refTarget(root, x))]);
  const byName = new Map<string, Json>();
  for (const object of objects) {
    const dist = (object.properties as Json | undefined)?.dist;
    if (isRecord(dist) && typeof dist.const === "string") byName.set(dist.const, object);
  }
  return byName.size > 0 ? byName : undefined;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "number") return "number";
  return typeof value;
}

/** The branch of a union that fits the value (or the first one that is not null). */
function pickBranch(root: Json, node: Json, value: unknown): Json {
  const choices = options(node).map((o) => refTarget(root, o));
  const want = typeOf(value);
  const fits = (o: Json) =>
    o.type === want ||
    (want === "number" && o.type === "integer") ||
    (o.type === undefined && want !== "null");
  const fitting = choices.filter(fits);
  const branch =
    (want === "object" && fitting.length > 1 ? bestObjectBranch(fitting, value as Json) : fitting[0]) ??
    choices.find((o) => o.type !== "null") ??
    {};
  const { anyOf: _a, oneOf: _o, ...outer } = node;
  return { ...branch, ...outer, description: outer.description ?? branch.description };
}

/** Of several object shapes (a demand change by months or by dates), the one naming most of the value's keys. */
function bestObjectBranch(branches: Json[], value: Json): Json | undefined {
  const keys = Object.keys(value);
  const named = (o: Json) => {
    const properties = isRecord(o.properties) ? o.properties : {};
    return keys.filter((k) => k in properties).length;
  };
  return branches.reduce((best, o) => (named(o) > named(best) ? o : best));
}

const isUncertain = (value: unknown): value is { uncertain: Json; source?: unknown } =>
  isRecord(value) && isRecord(value.uncertain);

export function uncertainText(value: { uncertain: Json; source?: unknown }): string {
  const { dist, ...parameters } = value.uncertain;
  const list = Object.entries(parameters)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(", ");
  const source = typeof value.source === "string" ? `; source: ${value.source}` : "";
  return `uncertain in the file: ${String(dist)} (${list})${source}`;
}

interface Walk {
  root: Json;
  /** The file's values, uncertain inputs as written. */
  file: RawScenario;
  /** The values in this variant. */
  current: RawScenario;
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number") node = node[segment];
    else if (isRecord(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

function itemLabel(item: unknown, index: number): string {
  if (isRecord(item)) {
    const name = typeof item.name === "string" ? item.name : undefined;
    const id = typeof item.id === "string" ? item.id : undefined;
    if (name !== undefined && id !== undefined) return `${name} (${id})`;
    if (name !== undefined || id !== undefined) return (name ?? id)!;
    for (const k of ["ward", "service", "procedure", "role", "day"]) {
      if (typeof item[k] === "string") return `#${index + 1}: ${k} ${String(item[k])}`;
    }
  }
  return `#${index + 1}`;
}

function build(
  walk: Walk,
  schema: Json,
  path: Path,
  keys: string[],
  label: string,
  required: boolean,
): SettingNode {
  const node = refTarget(walk.root, schema);
  const key = keys.join(".");
  const problemPath = formatPath(path);
  const description = typeof node.description === "string" ? node.description : undefined;
  const value = valueAt(walk.current, path);
  const fileValue = valueAt(walk.file, path);
  const changed = !deepEqual(value, fileValue);
  const base = { label, key, problemPath, ...(description === undefined ? {} : { description }) };

  const dists = distributionOptions(walk.root, node);
  if (dists !== undefined) return distributionNode(walk, dists, base, path, keys, value, required, changed);
  if (options(node).length > 0)
    return build(walk, pickBranch(walk.root, node, value), path, keys, label, required);

  const field = (control: FieldControl, extra: Partial<FieldNode> = {}): FieldNode => ({
    kind: "field",
    ...base,
    control,
    value: isUncertain(value) ? undefined : value,
    required,
    inFile: fileValue !== undefined,
    changed,
    ...("default" in node ? { defaultValue: node.default } : {}),
    ...(isUncertain(fileValue) ? { uncertain: uncertainText(fileValue) } : {}),
    ...extra,
  });

  if (node.type === "object" && isRecord(node.properties)) {
    const requiredKeys = (node.required as string[] | undefined) ?? [];
    const children = Object.entries(node.properties)
      .filter(([name]) => !(path.length === 0 && name === "variants"))
      .map(([name, child]) =>
        build(walk, child as Json, [...path, name], [...keys, name], name, requiredKeys.includes(name)),
      );
    return { kind: "group", ...base, children, absent: value === undefined, emptyList: false };
  }
  if (node.type === "array") {
    const items = refTarget(walk.root, isRecord(node.items) ? node.items : {});
    const itemBranch = options(items).length > 0 ? pickBranch(walk.root, items, 0) : items;
    if (Array.isArray(itemBranch.enum)) return field("choices", { options: itemBranch.enum.map(String) });
    if (itemBranch.type === "object" || items.type === "object") {
      const list = Array.isArray(value) ? value : [];
      const fileList = Array.isArray(fileValue) ? fileValue : [];
      // Keyed by the file's ids while the list is the file's (so renaming an id in a variant
      // does not move the keys of its other edits); once items are added or removed, by each
      // item's own id where it is unique, else its place.
      const sameItems = list.length === fileList.length;
      const segmentOf = (item: unknown, i: number): string => {
        if (sameItems) return itemId(fileList[i]) ?? String(i);
        const own = itemId(item);
        return own !== undefined && list.filter((x) => itemId(x) === own).length === 1 ? own : String(i);
      };
      const minItems = typeof node.minItems === "number" ? node.minItems : 0;
      const children = list.map((item, i) => {
        const child = build(
          walk,
          items,
          [...path, i],
          [...keys, segmentOf(item, i)],
          itemLabel(item, i),
          true,
        );
        return child.kind === "group" && list.length > minItems
          ? { ...child, remove: list.filter((_, j) => j !== i) }
          : child;
      });
      return {
        kind: "group",
        ...base,
        children,
        absent: value === undefined,
        emptyList: list.length === 0,
        add: [...list, list.length > 0 ? list[list.length - 1] : skeleton(walk.root, items)],
      };
    }
    const itemType = itemBranch.type === "number" || itemBranch.type === "integer" ? "number" : "text";
    return field("list", { itemType });
  }
  if (Array.isArray(node.enum)) return field("select", { options: node.enum.map(String) });
  if (node.type === "boolean") return field("checkbox");
  if (node.type === "number" || node.type === "integer") {
    const min = typeof node.minimum === "number" ? node.minimum : undefined;
    const max =
      typeof node.maximum === "number" && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
    return field(node.type, { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
  }
  if (node.type === "string") {
    if (node.duration === true) return field("duration");
    if (typeof node.pattern === "string" && node.pattern.includes("24:00")) return field("time");
    return field("text");
  }
  return field("readonly");
}

function distributionNode(
  walk: Walk,
  dists: Map<string, Json>,
  base: Omit<NodeBase, "description"> & { description?: string },
  path: Path,
  keys: string[],
  value: unknown,
  required: boolean,
  changed: boolean,
): DistributionNode {
  const dist = isRecord(value) && typeof value.dist === "string" ? value.dist : "fixed";
  const schema = dists.get(dist);
  let children: FieldNode[] = [];
  if (dist === "fixed") {
    const fileValue = valueAt(walk.file, path);
    children = [
      {
        kind: "field",
        ...base,
        label: `${base.label} (fixed)`,
        control: "duration",
        value: typeof value === "string" ? value : undefined,
        required,
        inFile: fileValue !== undefined,
        changed,
        ...(isUncertain(fileValue) ? { uncertain: uncertainText(fileValue) } : {}),
      },
    ];
  } else if (schema !== undefined && isRecord(schema.properties)) {
    const requiredKeys = (schema.required as string[] | undefined) ?? [];
    children = Object.entries(schema.properties)
      .filter(([name]) => name !== "dist")
      .map(
        ([name, child]) =>
          build(
            walk,
            child as Json,
            [...path, name],
            [...keys, name],
            name,
            requiredKeys.includes(name),
          ) as FieldNode,
      );
  }
  return {
    kind: "distribution",
    ...base,
    dist,
    options: ["fixed", ...dists.keys()],
    requiredParameters: Object.fromEntries(
      [...dists].map(([name, object]) => [
        name,
        ((object.required as string[] | undefined) ?? []).filter((k) => k !== "dist"),
      ]),
    ),
    value,
    children,
    required,
    changed,
  };
}

/** Every setting of the scenario, with this variant's values. */
export function settingsTree(file: RawScenario, overrides: Record<string, unknown>): GroupNode {
  const current = applyOverrides(file, overrides).scenario;
  const root = settingsSchema();
  return build({ root, file, current }, root, [], [], "scenario", true) as GroupNode;
}

/** A new item with its required fields at plain starting values, for the user to fill in. */
function skeleton(root: Json, schema: Json): unknown {
  const node = refTarget(root, schema);
  if ("default" in node) return node.default;
  if (distributionOptions(root, node) !== undefined) return "1d";
  if (options(node).length > 0) return skeleton(root, pickBranch(root, node, undefined));
  if (Array.isArray(node.enum)) return node.enum[0];
  if (node.type === "object" && isRecord(node.properties)) {
    const required = (node.required as string[] | undefined) ?? [];
    return Object.fromEntries(
      Object.entries(node.properties)
        .filter(([name]) => required.includes(name))
        .map(([name, child]) => [name, skeleton(root, child as Json)]),
    );
  }
  if (node.type === "array") return [];
  if (node.type === "number" || node.type === "integer")
    return typeof node.minimum === "number" ? node.minimum : 0;
  if (node.type === "boolean") return false;
  if (node.duration === true) return "1d";
  if (typeof node.pattern === "string" && node.pattern.includes("24:00")) return "08:00";
  return "";
}

// ---------------------------------------------------------------------------------------------
// Problems

/** The path one step up: "groups[2].stages[0]" → "groups[2].stages" → "groups[2]" → "groups". */
function parentPath(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut > 0 ? path.slice(0, cut) : undefined;
}

/**
 * Each problem goes to the field it names, or to the nearest section holding that path (a field
 * the schema does not know, a split that does not sum to 1); the rest belong to the whole file.
 */
export function placeSettingProblems(
  tree: GroupNode,
  problems: readonly LocatedProblem[],
): { byPath: Map<string, LocatedProblem[]>; rest: LocatedProblem[] } {
  const shown = new Set<string>();
  const visit = (node: SettingNode) => {
    shown.add(node.problemPath);
    if (node.kind !== "field") node.children.forEach(visit);
  };
  tree.children.forEach(visit);
  const byPath = new Map<string, LocatedProblem[]>();
  const rest: LocatedProblem[] = [];
  for (const problem of problems) {
    let at: string | undefined = problem.path;
    while (at !== undefined && !shown.has(at)) at = parentPath(at);
    if (at === undefined) rest.push(problem);
    else byPath.set(at, [...(byPath.get(at) ?? []), problem]);
  }
  return { byPath, rest };
}

// ---------------------------------------------------------------------------------------------
// Switching a stay to another distribution

const PARAMETER_GUESSES: Record<string, (centre: string) => unknown> = {
  value: (c) => c,
  mean: (c) => c,
  mode: (c) => c,
  median: (c) => c,
  scale: (c) => c,
  min: () => "0min",
  max: (c) => `2 × ${c}`,
  sd: (c) => `0.5 × ${c}`,
  shape: () => 2,
  k: () => 2,
  cv: () => 1,
  values: (c) => [c],
  weights: () => [1],
  points: (c) => ["0min", c],
};

/**
 * A starting value when the user picks another form for a duration: the new distribution with
 * its required parameters centred on the old value (the mean, the mode, the duration), to edit.
 */
export function switchDistribution(node: DistributionNode, dist: string): unknown {
  const old = node.value;
  const centre =
    typeof old === "string"
      ? old
      : isRecord(old)
        ? ([old.mean, old.value, old.mode, old.median, old.scale].find((x) => typeof x === "string") as
            | string
            | undefined)
        : undefined;
  const c = centre ?? "1d";
  if (dist === "fixed") return c;
  const required = node.requiredParameters[dist] ?? [];
  const needsOneOf: Record<string, string> = { lognormal: "sd", gamma: "cv", weibull: "scale" };
  const keys = [...required, ...(needsOneOf[dist] === undefined ? [] : [needsOneOf[dist]])];
  const out: Json = { dist };
  for (const k of keys) {
    const guess = PARAMETER_GUESSES[k]?.(c);
    out[k] =
      typeof guess === "string" && guess.startsWith("2 × ")
        ? scaleSpec(c, 2)
        : typeof guess === "string" && guess.startsWith("0.5 × ")
          ? scaleSpec(c, 0.5)
          : guess;
  }
  return out;
}
