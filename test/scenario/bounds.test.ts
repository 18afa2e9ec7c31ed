/** Numbers that become one object each in the model are bounded by validation, with the field's line. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenarioText } from "../../src/scenario/parse.js";
import { ScenarioError } from "../../src/scenario/problems.js";

describe("a shift's headcount", () => {
  it("above 100,000 people is refused (found by the fuzz harness: 4e12 exhausted memory)", () => {
    const text = readFileSync(new URL("../../scenarios/skill-mix.yaml", import.meta.url), "utf8");
    const changed = text.replace(/headcount: 4\b/, "headcount: 4000000000000");
    expect(changed).not.toBe(text);
    try {
      loadScenarioText(changed, "skill-mix.yaml");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      const [problem] = (error as ScenarioError).problems;
      expect(problem?.path).toMatch(/^staff\.rosters\[\d+\]\.shifts\[\d+\]\.headcount$/);
      expect(problem?.line).toBeGreaterThan(1);
      expect(problem?.message).toMatch(/≤ 100000/);
    }
    expect(() => loadScenarioText(text.replace(/headcount: 4\b/, "headcount: 100000"))).not.toThrow();
  });
});
