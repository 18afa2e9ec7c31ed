/**
 * The one rule for names that become paths, and the containment check every output path goes
 * through: whatever a scenario file names, a path built from it stays inside the folder named.
 */
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeFsError, fsErrorReason } from "../../src/node/fs-errors.js";
import { assertInside, isInside, pathInside } from "../../src/node/safe-path.js";
import { pathNameProblem } from "../../src/scenario/names.js";
import { loadScenarioText } from "../../src/scenario/parse.js";
import { InputError, ScenarioError } from "../../src/scenario/problems.js";

describe("the path-name rule", () => {
  it("accepts the names people give variants and scenarios", () => {
    for (const name of [
      "baseline",
      "d2a",
      "from-today",
      "acp_senior.review",
      "Ward 7 (winter)",
      "Zürich",
      "v2.1",
    ]) {
      expect(pathNameProblem(name), name).toBeUndefined();
    }
  });

  it("refuses names that leave the folder, hide, or mean something to a file system", () => {
    const refused: [string, RegExp][] = [
      ["", /empty/],
      [".", /folder itself or its parent/],
      ["..", /folder itself or its parent/],
      ["../../esc", /reach into other folders/],
      ["a/b", /reach into other folders/],
      ["a\\b", /reach into other folders/],
      ["nul\u0000byte", /control character/],
      ["tab\there", /control character/],
      [".hidden", /hidden folder/],
      ["trailing.", /ends with/],
      ["trailing ", /ends with/],
      ["CON", /device name/],
      ["lpt1.txt", /device name/],
      ["charts", /careflow's own/],
      ["Index.HTML", /careflow's own/],
      ["x".repeat(81), /longer than 80/],
    ];
    for (const [name, message] of refused)
      expect(pathNameProblem(name), JSON.stringify(name)).toMatch(message);
  });

  it("keeps every accepted name a single folder inside the root (property)", () => {
    const root = resolve("/tmp/careflow-root/out");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "grapheme" }),
          fc.constantFrom("..", ".", "/", "\\", "\u0000", "../", "..\\", "a/..", "~", "$HOME"),
          fc
            .array(fc.constantFrom("..", ".", "/", "a", "\\", "\u0000"), { maxLength: 6 })
            .map((p) => p.join("")),
        ),
        (name) => {
          if (pathNameProblem(name) !== undefined) {
            expect(() => pathInside(root, [{ what: "variant", name }])).toThrow(InputError);
            return;
          }
          const path = pathInside(root, [{ what: "variant", name }]);
          expect(isInside(root, path)).toBe(true);
          expect(resolve(path, "..")).toBe(root);
        },
      ),
      { seed: 20261129, numRuns: 2000 },
    );
  });
});

describe("containment", () => {
  it("tells paths inside a folder from paths outside it", () => {
    expect(isInside("a/b", "a/b")).toBe(true);
    expect(isInside("a/b", "a/b/c/d.csv")).toBe(true);
    expect(isInside("a/b", "a/b/..c")).toBe(true);
    expect(isInside("a/b", "a/bc")).toBe(false);
    expect(isInside("a/b", "a/b/../esc")).toBe(false);
    expect(isInside("a/b", "/etc/passwd")).toBe(false);
    expect(() => assertInside("a/b", join("a/b", "../../esc/summary.json"))).toThrow(
      /refusing to write .*esc.*outside the output folder a\/b/,
    );
  });
});

describe("variant names in validation", () => {
  it("reports a variant name that cannot be a folder at the key's line", () => {
    const text = 'name: X\nvariants:\n  ok: {}\n  "../up":\n    wards.amu.beds: 3\n';
    let error: unknown;
    try {
      loadScenarioText(text, "x.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const problem = (error as ScenarioError).problems.find((p) => p.path.startsWith("variants["));
    expect(problem).toMatchObject({ path: 'variants["../up"]', line: 4, column: 3 });
    expect(problem?.message).toMatch(/cannot be a variant name .*reach into other folders/);
  });
});

describe("file-system errors in words", () => {
  const fsError = (code: string, syscall: string, path: string, dest?: string) =>
    Object.assign(new Error(`${code}: raw`), { code, syscall, path, ...(dest ? { dest } : {}) });

  it("says what careflow was doing, where, and why", () => {
    expect(describeFsError(fsError("ENOSPC", "write", "out/daily.csv"))).toBe(
      "cannot write out/daily.csv: the disk is full (ENOSPC)",
    );
    expect(describeFsError(fsError("EISDIR", "read", "scenarios"))).toBe(
      "cannot read scenarios: it is a folder, not a file (EISDIR)",
    );
    expect(describeFsError(fsError("EEXIST", "mkdir", "out"))).toBe(
      "cannot create the folder out: a file of that name is already there (EEXIST)",
    );
    // A rename names its target: the temporary name means nothing to the user.
    expect(describeFsError(fsError("EROFS", "rename", "out/.1.2.tmp", "out/summary.json"))).toBe(
      "cannot write out/summary.json: the file system is read-only (EROFS)",
    );
    expect(fsErrorReason(fsError("EACCES", "open", "x"))).toBe("permission denied");
  });

  it("leaves other errors alone", () => {
    expect(describeFsError(new Error("boom"))).toBeUndefined();
    expect(
      describeFsError(Object.assign(new Error("x"), { code: "ERR_SOMETHING", syscall: "read" })),
    ).toBeUndefined();
    expect(describeFsError("ENOENT")).toBeUndefined();
  });
});
