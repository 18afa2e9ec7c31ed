/**
 * Every output path is built here: a folder the user named (`--out`, or the default under
 * reports/) joined with names that must each be one plain folder name (src/scenario/names.ts),
 * and the result checked to stay inside that folder. Scenario files come from other people; a
 * name in one must never make careflow write anywhere the user did not ask for.
 */
import { statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { describePathNameProblem } from "../scenario/names.js";
import { scenarioSlug } from "../scenario/parse.js";
import { InputError } from "../scenario/problems.js";

/** Whether `path` is `root` itself or lies inside it (compared as absolute paths, not followed). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === "" || (rel.split(sep)[0] !== ".." && !isAbsolute(rel));
}

/**
 * `root/name/…`, each name checked by the path-name rule (`what` says what each name is, for
 * the message) and the result checked to stay inside `root`.
 */
export function pathInside(root: string, names: readonly { what: string; name: string }[]): string {
  for (const { what, name } of names) {
    const problem = describePathNameProblem(what, name);
    if (problem !== undefined) throw new InputError(problem);
  }
  const path = join(root, ...names.map((n) => n.name));
  assertInside(root, path);
  return path;
}

/** Refuses a write outside `root`: the last guard, whatever built the path. */
export function assertInside(root: string, path: string): void {
  if (!isInside(root, path)) {
    throw new InputError(`refusing to write ${path}: it is outside the output folder ${root}`);
  }
}

/**
 * The default output folder, reports/<scenario>/<sub…>/, the scenario's part being its file
 * name without the extension; a file name that cannot be a folder name asks for --out.
 */
export function defaultOutputFolder(scenarioFile: string, ...sub: { what: string; name: string }[]): string {
  const slug = scenarioSlug(scenarioFile);
  const problem = describePathNameProblem("the scenario file's name", slug);
  if (problem !== undefined) throw new InputError(`${problem}; name an output folder with --out`);
  return pathInside("reports", [{ what: "the scenario file's name", name: slug }, ...sub]);
}

/**
 * Refuses an output folder that cannot be one because it, or a folder above it, is a file —
 * said before anything is removed or written, in words rather than as ENOTDIR.
 */
export function checkOutputFolder(dir: string): void {
  const target = resolve(dir);
  for (let path = target; ; path = dirname(path)) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const missing = code === "ENOENT" || code === "ENOTDIR";
      if (missing && dirname(path) !== path) continue;
      throw error;
    }
    if (isFolder) return;
    throw new InputError(
      path === target
        ? `the output folder ${dir} is a file, not a folder; choose another --out`
        : `cannot create the output folder ${dir}: ${path} is a file, not a folder`,
    );
  }
}
