/**
 * The one rule for names that become part of a path (a variant's folder, the scenario's slug,
 * anything a command turns into a file or folder name). Scenario files come from other people,
 * so a name must stay one folder name: no separators, no "..", no control characters, nothing
 * hidden. Characters a report must escape (< > & ") are allowed — the reports escape them — and
 * so are those Windows alone forbids, where writing such a folder fails with a plain message.
 * Checked by the scenario validation and again before writing.
 */

/** Longest name accepted: far below every file system's 255-byte limit, even in UTF-8. */
export const MAX_PATH_NAME_LENGTH = 80;

/** Names the run command uses for its own files beside the variant folders. */
const RESERVED = new Set(["charts", "index.html"]);

/** Windows device names, which cannot be files there whatever the extension. */
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Why `name` cannot be a folder or file name, in words; undefined when it can. */
export function pathNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > MAX_PATH_NAME_LENGTH) return `is longer than ${MAX_PATH_NAME_LENGTH} characters`;
  if (name === "." || name === "..") return "means a folder itself or its parent";
  if (/[/\\]/.test(name)) return 'contains "/" or "\\", which would reach into other folders';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  if (/[\u0000-\u001f\u007f]/.test(name)) return "contains a control character";
  if (name.startsWith(".")) return 'starts with ".", which would make a hidden folder';
  if (/[. ]$/.test(name)) return 'ends with "." or a space, which some systems drop';
  if (DEVICE.test(name)) return "is a device name on Windows";
  if (RESERVED.has(name.toLowerCase())) return `is the name of careflow's own report file or folder`;
  return undefined;
}

/** The same rule as a message naming the thing: `variant "../x" cannot be a folder name: …`. */
export function describePathNameProblem(what: string, name: string): string | undefined {
  const problem = pathNameProblem(name);
  return problem === undefined
    ? undefined
    : `${what} ${JSON.stringify(name)} cannot be a folder name: it ${problem}`;
}
