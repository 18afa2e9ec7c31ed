import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchInputError } from "../../src/batch/input-error.js";
import { inShard, parseShard, parseSweep, planVariants, sweepPoints } from "../../src/batch/plan.js";

describe("sweeps", () => {
  it("parses inclusive ranges and lists", () => {
    expect(parseSweep("wards.medicine.beds=260:300:10")).toEqual({
      path: "wards.medicine.beds",
      values: [260, 270, 280, 290, 300],
    });
    expect(parseSweep("x=0.1:0.3:0.1").values).toEqual([0.1, 0.2, 0.3]);
    expect(parseSweep("x=5:1:-2").values).toEqual([5, 3, 1]);
    expect(parseSweep("discharge.policy=standard,d2a").values).toEqual(["standard", "d2a"]);
    expect(() => parseSweep("x=1:5:-1")).toThrow(BatchInputError);
    expect(() => parseSweep("nonsense")).toThrow(/path=from:to:step/);
    expect(() => parseSweep("x=0:1e6:1")).toThrow(/at most/);
  });

  it("forms a grid, first axis slowest, and names points by their values", () => {
    const axes = [
      { path: "a", values: [1, 2] },
      { path: "b", values: ["x", "y"] },
    ];
    expect(sweepPoints(axes)).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
    ]);
    const one = planVariants(["baseline"], [{ path: "wards.medicine.beds", values: [260, 270] }]);
    expect(one.map((v) => v.name)).toEqual(["wards.medicine.beds=260", "wards.medicine.beds=270"]);
    expect(one[0]!.overrides).toEqual({ "wards.medicine.beds": 260 });
    const crossed = planVariants(["standard", "d2a"], [{ path: "a", values: [1] }], { "run.horizon": "30d" });
    expect(crossed.map((v) => v.name)).toEqual(["standard/a=1", "d2a/a=1"]);
    expect(crossed[1]!.overrides).toEqual({ "run.horizon": "30d", a: 1 });
    expect(() => planVariants(["d2a", "d2a"], [])).toThrow(/twice/);
  });
});

describe("shards", () => {
  it("parses K/N and refuses the rest", () => {
    expect(parseShard("3/100")).toEqual({ index: 3, count: 100 });
    for (const bad of ["4/4", "1", "-1/3", "a/b", "1/0"])
      expect(() => parseShard(bad)).toThrow(BatchInputError);
  });

  it("puts every replication in exactly one shard", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.nat(10_000), (count, r) => {
        const owners = Array.from({ length: count }, (_, index) => index).filter((index) =>
          inShard(r, { index, count }),
        );
        return owners.length === 1 && owners[0] === r % count;
      }),
    );
  });
});
