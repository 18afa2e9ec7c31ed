/**
 * The stability verdict and the wording rule built on it: a comparison with a variant that is
 * not stable never reads as better or worse.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparisonPermission, comparisonSentence } from "../../src/model/compare-wording.js";
import {
  combineStability,
  type LoadEstimate,
  NEAR_EDGE_LOAD,
  type Stability,
  type StabilityFacts,
  stabilityVerdict,
} from "../../src/model/stability.js";

const ward = (offeredLoad: number, capacity: number): LoadEstimate => ({
  kind: "ward",
  id: "medicine",
  arrivalsPerDay: 50,
  offeredLoad,
  capacity,
});

const facts = (over: Partial<StabilityFacts>): StabilityFacts => ({
  complete: true,
  stopReason: "until",
  warnings: [],
  loads: [ward(80, 100)],
  waitingForBedAtEnd: 0,
  divertedPercentOfArrivals: 0,
  ...over,
});

describe("stabilityVerdict", () => {
  it("is stable below the edge and names the busiest resource", () => {
    const s = stabilityVerdict(facts({}));
    expect(s.verdict).toBe("stable");
    expect(s.evidence).toEqual([
      `busiest: ward "medicine" is offered 80.0 beds' worth of work against 100 (80%)`,
    ]);
  });

  it("is near the edge from 95% of capacity, and not stable from 100%", () => {
    expect(stabilityVerdict(facts({ loads: [ward(94.9, 100)] })).verdict).toBe("stable");
    expect(stabilityVerdict(facts({ loads: [ward(NEAR_EDGE_LOAD * 100, 100)] })).verdict).toBe("near-edge");
    expect(stabilityVerdict(facts({ loads: [ward(100, 100)] })).verdict).toBe("not-stable");
  });

  it("says so in figures when capacity is zero, leading with who is still waiting", () => {
    const s = stabilityVerdict(
      facts({
        loads: [{ kind: "service", id: "d2a-home", arrivalsPerDay: 30, offeredLoad: 832.64, capacity: 0 }],
        waitingForBedAtEnd: 76_670,
      }),
    );
    expect(s).toEqual({
      verdict: "not-stable",
      evidence: [
        "76,670 patients waiting for a bed at the end",
        `community service "d2a-home" has capacity 0 but is offered 832.6 places' worth of work`,
      ],
    });
  });

  it("is not stable when the run stopped early or a queue grew, whatever the loads", () => {
    expect(stabilityVerdict(facts({ complete: false, stopReason: "event-limit" })).verdict).toBe(
      "not-stable",
    );
    expect(stabilityVerdict(facts({ stopReason: "overload" })).evidence[0]).toMatch(
      /stopped early \(overload\)/,
    );
    const grew = stabilityVerdict(
      facts({
        warnings: ['growing: 40 patients were waiting for "home-care" at the end; demand may exceed it'],
      }),
    );
    expect(grew).toEqual({
      verdict: "not-stable",
      evidence: ['40 patients were waiting for "home-care" at the end'],
    });
  });

  it("ignores resources nobody is sent to", () => {
    const idle: LoadEstimate = {
      kind: "service",
      id: "unused",
      arrivalsPerDay: 0,
      offeredLoad: 0,
      capacity: 0,
    };
    expect(stabilityVerdict(facts({ loads: [ward(50, 100), idle] })).verdict).toBe("stable");
  });
});

describe("combineStability", () => {
  const stable: Stability = { verdict: "stable", evidence: ["busiest: 80%"] };
  const gridlock: Stability = { verdict: "not-stable", evidence: ["community capacity 0"] };
  it("takes the worst verdict and says how often it occurred", () => {
    const c = combineStability([...Array(3).fill(stable), ...Array(7).fill(gridlock)]);
    expect(c.verdict).toBe("not-stable");
    expect(c.counts).toEqual({ stable: 3, "near-edge": 0, "not-stable": 7 });
    expect(c.evidence).toEqual(["not stable in 7 of 10 replications", "community capacity 0"]);
  });
  it("says 'all' when every replication agrees", () => {
    expect(combineStability([stable, stable]).evidence[0]).toBe("stable in all 2 replications");
  });
});

const stabilityArbitrary: fc.Arbitrary<Stability> = fc.record({
  verdict: fc.constantFrom("stable" as const, "near-edge" as const, "not-stable" as const),
  // Evidence carries the scenario's own words, which may be anything (even "fewer" or "less").
  evidence: fc.array(
    fc.constantFrom(
      "76,670 patients waiting for a bed at the end",
      'community service "fewer-visits" has capacity 0 but is offered 832.6 places\' worth of work',
      'ward "medicine" is offered 96.0 beds\' worth of work against 100 (96%)',
      "the run stopped early (event-limit); its figures cover only the part simulated",
      "stays less than a day",
    ),
    { maxLength: 3 },
  ),
});
const BETTER_OR_WORSE = /\b(shorter|fewer|less|saves?|longer|more|costs? more|better|worse)\b/i;

describe("comparison wording", () => {
  const figure = fc.record({
    what: fc.constantFrom("mean length of stay", "total cost", "delayed bed-days"),
    difference: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    amount: fc.constantFrom("3.28 days", "£49.0m", "12"),
    words: fc.constantFrom(
      { lower: "shorter", higher: "longer" },
      { lower: "less", higher: "more" },
      { lower: "fewer", higher: "more" },
    ),
  });
  const side = (name: string) => stabilityArbitrary.map((stability) => ({ name, stability }));

  it("never words a comparison as better or worse when either side is not stable", () => {
    fc.assert(
      fc.property(side("standard"), side("fewer-beds"), figure, (a, b, f) => {
        const sentence = comparisonSentence(a, b, f);
        // Names and evidence are the scenario's words; the rule is about the sentence's own.
        let own = sentence;
        for (const text of [...a.stability.evidence, ...b.stability.evidence, a.name, b.name]) {
          own = own.split(text).join("…");
        }
        const unstable = [a, b].filter((s) => s.stability.verdict === "not-stable");
        if (unstable.length > 0) {
          expect(own).not.toMatch(BETTER_OR_WORSE);
          for (const s of unstable) expect(sentence).toContain(`${s.name} is not stable`);
          expect(comparisonPermission(a, b).allowed).toBe(false);
        } else if (f.difference !== 0) {
          expect(own).toContain(f.difference < 0 ? f.words.lower : f.words.higher);
        }
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it("reads as the issue asks for a gridlocked variant", () => {
    const sentence = comparisonSentence(
      { name: "standard", stability: { verdict: "stable", evidence: ["busiest: 81%"] } },
      {
        name: "d2a-zero",
        stability: {
          verdict: "not-stable",
          evidence: ["76,670 patients waiting for a bed at the end", "community capacity 0"],
        },
      },
      {
        what: "mean length of stay",
        difference: -3.28,
        amount: "3.28 days",
        words: { lower: "shorter", higher: "longer" },
      },
    );
    expect(sentence).toBe(
      "mean length of stay: not compared, because d2a-zero is not stable: " +
        "76,670 patients waiting for a bed at the end; community capacity 0",
    );
  });

  it("compares stable variants, with a caveat near the edge", () => {
    const stable = { name: "standard", stability: { verdict: "stable" as const, evidence: [] } };
    const edge = { name: "d2a", stability: { verdict: "near-edge" as const, evidence: ["ward at 96%"] } };
    const f = {
      what: "total cost",
      difference: -4e7,
      amount: "£40.0m",
      words: { lower: "less", higher: "more" },
    };
    expect(comparisonSentence(stable, { ...edge, stability: { verdict: "stable", evidence: [] } }, f)).toBe(
      "d2a: total cost £40.0m less than standard",
    );
    expect(comparisonSentence(stable, edge, f)).toBe(
      "d2a: total cost £40.0m less than standard (caution: d2a is near the edge: ward at 96%)",
    );
  });
});
