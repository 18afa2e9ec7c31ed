/**
 * The cheapest-roster solver against brute force on small random instances: its team meets
 * every Hall constraint (checked here independently, by trying every assignment of people to
 * skill slots) and no cheaper team does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cheapestCover, coversRequirement, type RoleOption } from "../../src/capacity/roster.js";

const SKILLS = ["a", "b", "c"] as const;

/**
 * Independent feasibility: can each required slot get its own person with that skill? Tried by
 * exhaustive backtracking over slots, which is small here (≤ 9 slots).
 */
function assignable(
  roles: readonly RoleOption[],
  counts: readonly number[],
  need: Record<string, number>,
): boolean {
  const people: string[][] = [];
  roles.forEach((r, i) => {
    for (let k = 0; k < counts[i]!; k++) people.push([...r.skills]);
  });
  const slots = Object.entries(need).flatMap(([skill, n]) => new Array<string>(n).fill(skill));
  const used = new Array<boolean>(people.length).fill(false);
  const fill = (s: number): boolean => {
    if (s === slots.length) return true;
    for (let p = 0; p < people.length; p++) {
      if (used[p] || !people[p]!.includes(slots[s]!)) continue;
      used[p] = true;
      if (fill(s + 1)) return true;
      used[p] = false;
    }
    return false;
  };
  return fill(0);
}

/** Every count vector up to each role's bound; the cheapest assignable one. */
function bruteForce(roles: readonly RoleOption[], need: Record<string, number>): number | null {
  const total = Object.values(need).reduce((a, b) => a + b, 0);
  const bounds = roles.map((r) => Math.min(total, r.max ?? total));
  let best: number | null = null;
  const counts = roles.map(() => 0);
  const walk = (i: number): void => {
    if (i === roles.length) {
      if (!assignable(roles, counts, need)) return;
      const cost = roles.reduce((a, r, j) => a + r.cost * counts[j]!, 0);
      if (best === null || cost < best) best = cost;
      return;
    }
    for (let n = 0; n <= bounds[i]!; n++) {
      counts[i] = n;
      walk(i + 1);
    }
    counts[i] = 0;
  };
  walk(0);
  return best;
}

const roleArb = fc.record({
  skills: fc.subarray([...SKILLS], { minLength: 1 }),
  cost: fc.integer({ min: 1, max: 20 }),
  max: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
});

const instanceArb = fc.record({
  roles: fc.array(roleArb, { minLength: 1, maxLength: 4 }),
  need: fc.record({
    a: fc.integer({ min: 0, max: 3 }),
    b: fc.integer({ min: 0, max: 3 }),
    c: fc.integer({ min: 0, max: 2 }),
  }),
});

const withIds = (roles: { skills: string[]; cost: number; max?: number | undefined }[]): RoleOption[] =>
  roles.map((r, i) => ({
    id: `r${i}`,
    skills: r.skills,
    cost: r.cost,
    ...(r.max !== undefined ? { max: r.max } : {}),
  }));

describe("cheapest roster covering an hour's skill requirement", () => {
  it("is as cheap as brute force finds, and its team can staff every slot at once", () => {
    fc.assert(
      fc.property(instanceArb, ({ roles: raw, need }) => {
        const roles = withIds(raw);
        const cover = cheapestCover(roles, need);
        const best = bruteForce(roles, need);
        if (best === null) {
          expect(cover.feasible).toBe(false);
          return;
        }
        expect(cover.feasible).toBe(true);
        expect(cover.cost).toBe(best);
        expect(cover.cost).toBe(roles.reduce((a, r, i) => a + r.cost * cover.counts[i]!, 0));
        expect(assignable(roles, cover.counts, need)).toBe(true);
        expect(coversRequirement(roles, cover.counts, need)).toBe(true);
        roles.forEach((r, i) => {
          if (r.max !== undefined) expect(cover.counts[i]!).toBeLessThanOrEqual(r.max);
        });
      }),
      { numRuns: 300, seed: 20_260_105 },
    );
  });

  it("without limits on people, costs the cheapest holder of each skill times its requirement", () => {
    fc.assert(
      fc.property(instanceArb, ({ roles: raw, need }) => {
        const roles = withIds(raw.map(({ skills, cost }) => ({ skills, cost })));
        const cover = cheapestCover(roles, need);
        const expected = Object.entries(need).reduce((total, [skill, n]) => {
          if (n === 0) return total;
          const holders = roles.filter((r) => r.skills.includes(skill)).map((r) => r.cost);
          return holders.length === 0 ? Number.NaN : total + n * Math.min(...holders);
        }, 0);
        if (Number.isNaN(expected)) expect(cover.feasible).toBe(false);
        else expect(cover.cost).toBe(expected);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("uses a two-skill role where it is cheaper than the single-skill people it replaces", () => {
    const roles: RoleOption[] = [
      { id: "nurse", skills: ["obs"], cost: 40 },
      { id: "pharmacist", skills: ["meds"], cost: 40 },
      { id: "acp", skills: ["obs", "meds"], cost: 30 },
    ];
    const cover = cheapestCover(roles, { obs: 1, meds: 1 });
    expect(cover.counts).toEqual([0, 0, 2]);
    expect(cover.cost).toBe(60);
  });

  it("does not let one two-skill person do two tasks at once (Hall), even when cheaper than two singles", () => {
    // One ACP at 50 is cheaper than nurse + pharmacist at 80, but covers one slot at a time.
    const roles: RoleOption[] = [
      { id: "nurse", skills: ["obs"], cost: 40 },
      { id: "pharmacist", skills: ["meds"], cost: 40 },
      { id: "acp", skills: ["obs", "meds"], cost: 50 },
    ];
    expect(coversRequirement(roles, [0, 0, 1], { obs: 1, meds: 1 })).toBe(false);
    const cover = cheapestCover(roles, { obs: 1, meds: 1 });
    expect(cover.counts).toEqual([1, 1, 0]);
    expect(cover.cost).toBe(80);
  });

  it("turns to a dearer role when the cheap one runs out, and reports a skill nobody has", () => {
    const roles: RoleOption[] = [
      { id: "junior", skills: ["clerk"], cost: 20, max: 1 },
      { id: "senior", skills: ["clerk", "review"], cost: 60 },
    ];
    const cover = cheapestCover(roles, { clerk: 3, review: 1 });
    expect(cover.counts).toEqual([1, 3]);
    expect(cover.cost).toBe(200);
    const none = cheapestCover(roles, { theatre: 1 });
    expect(none.feasible).toBe(false);
    expect(none.uncovered).toEqual(["theatre"]);
  });
});
