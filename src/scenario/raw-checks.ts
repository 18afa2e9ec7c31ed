/**
 * The small pieces every whole-file check uses (cross-check.ts and the sections' own checks):
 * written against the raw parsed data, so their problems come out with the schema's in one pass.
 */

export interface Problem {
  path: (string | number)[];
  message: string;
}

export type Raw = Record<string, unknown>;

export const isRecord = (x: unknown): x is Raw => typeof x === "object" && x !== null && !Array.isArray(x);
export const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** The ids of a list's items; an id used twice is a problem at its second use. */
export function idsOf(
  items: unknown[],
  path: string | (string | number)[],
  problems: Problem[],
): Set<string> {
  const base = typeof path === "string" ? [path] : path;
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!isRecord(item) || typeof item.id !== "string") return;
    if (seen.has(item.id))
      problems.push({ path: [...base, i, "id"], message: `id "${item.id}" is used twice` });
    seen.add(item.id);
  });
  return seen;
}

/** A name that must be one of `known`; the message lists what the file defines, then `hint`. */
export function reference(
  value: unknown,
  known: Set<string>,
  kind: string,
  path: (string | number)[],
  problems: Problem[],
  hint = "",
): void {
  if (typeof value !== "string" || known.has(value)) return;
  const choices = [...known].map((k) => `"${k}"`).join(", ");
  problems.push({
    path,
    message: `unknown ${kind} "${value}"; the file defines ${choices || "none"}${hint}`,
  });
}
