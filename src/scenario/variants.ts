/**
 * Variants: named overrides of a scenario, e.g. `d2a: { "discharge.policy": d2a }`. A key is a
 * dotted path; inside a list, a segment picks the item by its id ("wards.medicine.beds") or by its
 * index ("wards.0.beds" or "wards[0].beds"). Overrides are applied with immer to the raw file data,
 * so the base stays untouched and each variant is validated like the base.
 */
import { produce } from "immer";

export type RawScenario = Record<string, unknown>;

export interface OverrideResult {
  scenario: RawScenario;
  applied: { key: string; path: (string | number)[] }[];
  problems: { key: string; message: string }[];
}

export function parseOverridePath(key: string): string[] {
  return key
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((s) => s !== "");
}

export function applyOverrides(base: RawScenario, overrides: Record<string, unknown>): OverrideResult {
  const applied: OverrideResult["applied"] = [];
  const problems: OverrideResult["problems"] = [];
  const scenario = produce(base, (draft) => {
    for (const [key, value] of Object.entries(overrides)) {
      const segments = parseOverridePath(key);
      if (segments.length === 0) {
        problems.push({ key, message: "is an empty path" });
        continue;
      }
      if (segments[0] === "variants") {
        problems.push({ key, message: "a variant cannot change the variants" });
        continue;
      }
      const outcome = setAtPath(draft, segments, value);
      if (typeof outcome === "string") problems.push({ key, message: outcome });
      else applied.push({ key, path: outcome });
    }
  });
  return { scenario, applied, problems };
}

/** Sets the value at a path in place; returns the resolved path or a message saying why not. */
function setAtPath(root: RawScenario, segments: string[], value: unknown): (string | number)[] | string {
  let node: unknown = root;
  const resolved: (string | number)[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(node)) {
      let index = node.findIndex(
        (item) => typeof item === "object" && item !== null && (item as { id?: unknown }).id === segment,
      );
      if (index < 0 && /^\d+$/.test(segment)) index = Number(segment);
      if (index < 0 || index >= node.length) {
        const ids = node
          .map((item) =>
            typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined,
          )
          .filter((x) => typeof x === "string");
        return `no item "${segment}" in ${resolved.join(".") || "the file"}${ids.length ? ` (ids: ${ids.join(", ")})` : ""}`;
      }
      resolved.push(index);
      if (last) node[index] = value;
      else node = node[index];
    } else if (typeof node === "object" && node !== null) {
      const record = node as Record<string, unknown>;
      resolved.push(segment);
      if (last) {
        record[segment] = value;
      } else {
        if (record[segment] === undefined) record[segment] = {};
        node = record[segment];
      }
    } else {
      return `cannot set "${segment}" inside ${resolved.join(".")}, which is a single value`;
    }
  }
  return resolved;
}
