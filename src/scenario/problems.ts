/**
 * Turns validation problems into plain words a flow coach can act on: the file, the field path
 * (wards[2].beds), the YAML line:column, what was wrong and what was found.
 */
import type { z } from "zod";
import type { Problem } from "./cross-check.js";

export interface LocatedProblem {
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A scenario that cannot be run; carries every problem found, not just the first. */
/**
 * Input that cannot be used as given (a bad option, a folder holding another batch, shards that
 * do not fit together): reported in one line with exit code 2, never as a crash.
 */
export class InputError extends Error {}

export class ScenarioError extends Error {
  readonly file: string;
  readonly problems: LocatedProblem[];

  constructor(file: string, problems: LocatedProblem[]) {
    super(formatProblems(file, problems));
    this.name = "ScenarioError";
    this.file = file;
    this.problems = problems;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(the whole file)" : out;
}

export function formatProblems(file: string, problems: readonly LocatedProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((p) => {
    const where = p.line !== undefined ? ` (line ${p.line}:${p.column ?? 1})` : "";
    return `  ${p.path}${where}: ${p.message}`;
  });
  return `${file}: ${count}\n${lines.join("\n")}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "object") return "a group of fields";
  return String(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  object: "a group of fields",
  record: "a group of fields",
  array: "a list",
  boolean: "true or false",
};

/** Flattens zod issues (unions included) into problems with plain-words messages. */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  prefix: PropertyKey[] = [],
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path] as (string | number)[];
    const got = valueAt(input, path);
    switch (issue.code) {
      case "invalid_union": {
        // Report the branch that got furthest: the one whose problems are not all "wrong type here".
        const branches = issue.errors.filter((b) => b.length > 0);
        const deeper = branches.find((b) => b.some((i) => i.path.length > 0 || i.code !== "invalid_type"));
        if (deeper !== undefined) {
          out.push(...fromZodIssues(deeper, input, path));
        } else if ("discriminator" in issue && typeof issue.discriminator === "string") {
          const options = (issue as { options?: unknown[] }).options ?? [];
          out.push({
            path,
            message: `must be one of ${options.join(", ")}, got ${describeValue(got)}`,
          });
        } else if (issue.message !== "Invalid input") {
          out.push({ path, message: plainCustom(issue.message, got) });
        } else {
          out.push({ path, message: unionMessage(branches, got) });
        }
        break;
      }
      case "invalid_type":
        out.push({
          path,
          message:
            got === undefined
              ? "is required"
              : issue.message.startsWith("Invalid input")
                ? `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${describeValue(got)}`
                : plainCustom(issue.message, got),
        });
        break;
      case "too_small":
      case "too_big": {
        const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
        const op = issue.code === "too_small" ? (issue.inclusive ? "≥" : ">") : issue.inclusive ? "≤" : "<";
        if (issue.origin === "array") {
          const exact = "exact" in issue && issue.exact;
          const words = exact
            ? `exactly ${bound}`
            : issue.code === "too_small"
              ? `at least ${bound}`
              : `at most ${bound}`;
          const custom = issue.message.startsWith("needs") ? issue.message : `must have ${words} items`;
          out.push({ path, message: `${custom}, got ${describeValue(got)}` });
        } else if (issue.origin === "string") {
          out.push({ path, message: `must not be empty` });
        } else {
          out.push({ path, message: `must be ${op} ${String(bound)}, got ${describeValue(got)}` });
        }
        break;
      }
      case "invalid_value":
        out.push({
          path,
          message: `must be one of ${issue.values.map((v) => String(v)).join(", ")}, got ${describeValue(got)}`,
        });
        break;
      case "unrecognized_keys":
        for (const key of issue.keys) {
          out.push({ path: [...path, key], message: "is not a field here (check the spelling)" });
        }
        break;
      case "invalid_format":
        out.push({ path, message: `${issue.message}, got ${describeValue(got)}` });
        break;
      default:
        out.push({ path, message: plainCustom(issue.message, got) });
    }
  }
  return out;
}

function plainCustom(message: string, got: unknown): string {
  return /, got /.test(message) || got === undefined || typeof got === "object"
    ? message
    : `${message}, got ${describeValue(got)}`;
}

function unionMessage(branches: z.core.$ZodIssue[][], got: unknown): string {
  const expected = branches
    .flat()
    .filter((i): i is z.core.$ZodIssueInvalidType => i.code === "invalid_type")
    .map((i) => TYPE_WORDS[i.expected] ?? i.expected);
  const unique = [...new Set(expected)];
  return `must be ${unique.join(" or ")}, got ${describeValue(got)}`;
}
