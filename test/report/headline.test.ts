/**
 * The headline sentences against figures set by hand: each expected phrase is worked out here from
 * the inputs (rounding rules in src/report/headline.ts), never copied from a run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  BatchComparison,
  BatchSummary,
  MetricComparison,
  MetricStats,
  VariantSummary,
} from "../../src/batch/aggregate.js";
import type { CapacityReport, UnitCapacity } from "../../src/capacity/types.js";
import {
  batchHeadline,
  capacityHeadline,
  comparisonLines,
  type HeadlineSummary,
  headlineText,
  money,
  runHeadline,
  runsHeadline,
  type StabilityLike,
} from "../../src/report/headline.js";
import { acuteInput } from "./fixtures.js";

/** Words that say one side is better or worse. */
const BETTER_WORSE = /\b(shorter|longer|fewer|more|less|lower|higher|saves?|frees?|better|worse)\b/i;

/** A real summary's shape with the figures the headline reads set by hand. */
function summary(
  variant: string,
  figures: {
    beds: number;
    admissionsPerDay?: number;
    losDays: number;
    waitHours?: number;
    totalCost: number;
    horizonDays?: number;
    services?: { name: string; capacity: number; inUse: number }[];
    stability?: StabilityLike;
    warnings?: string[];
    /** Patients still in hospital at the end, and the mean stay over everyone with theirs so far. */
    unfinished?: { spells: number; allMeanDays: number | null };
  },
): HeadlineSummary {
  const s = structuredClone(acuteInput().results[0]!.summary) as HeadlineSummary;
  s.variant = variant;
  s.horizonDays = figures.horizonDays ?? 365;
  s.headline.occupiedBedsMean = figures.beds;
  s.headline.admissionsPerDay = figures.admissionsPerDay ?? 198;
  s.los.overall.meanDays = figures.losDays;
  // By default no one is left in hospital, so the mean over everyone is the completed mean.
  s.allPatients.los.unfinishedSpells = figures.unfinished?.spells ?? 0;
  s.allPatients.los.allPatientsMeanDaysLowerBound =
    figures.unfinished === undefined ? figures.losDays : figures.unfinished.allMeanDays;
  s.timeToBed.meanHours = figures.waitHours ?? 3;
  s.costs.total = figures.totalCost;
  s.services = (figures.services ?? []).map((x, i) => ({
    ...s.services[0]!,
    id: `service-${i}`,
    name: x.name,
    capacity: x.capacity,
    inServiceMean: x.inUse,
    utilisation: x.capacity > 0 ? x.inUse / x.capacity : 0,
  }));
  s.warnings = figures.warnings ?? [];
  s.complete = true;
  delete s.staff;
  delete s.theatres;
  // The verdict is the test's to give: without one, the headline reads the warnings.
  if (figures.stability !== undefined)
    s.stability = { verdict: figures.stability.verdict, evidence: [...figures.stability.evidence] };
  else delete (s as Partial<typeof s>).stability;
  // Costs per patient come from the figures given here, not from the run the fixture was cut from.
  delete (s.costs as Partial<typeof s.costs>).perPatient;
  return s;
}

const standard = () =>
  summary("standard", {
    beds: 412.4,
    losDays: 8.34,
    waitHours: 3.0,
    totalCost: 195_294_000,
    services: [{ name: "Home care", capacity: 620, inUse: 401.6 }],
  });
const d2a = () =>
  summary("d2a", {
    beds: 285.2,
    losDays: 6.21,
    waitHours: 3.04,
    totalCost: 155_004_000,
    services: [
      { name: "Home support", capacity: 600, inUse: 530.2 },
      { name: "Step-down beds", capacity: 400, inUse: 359.4 },
    ],
  });
const gridlock: StabilityLike = {
  verdict: "not-stable",
  evidence: ["76,670 patients waiting for a bed at the end", 'community service "home" has capacity 0'],
};

describe("money in the headline", () => {
  it("shows £m to one decimal, £k and whole pounds below", () => {
    expect(money(40_341_518)).toBe("£40.3m");
    expect(money(-27_880_000)).toBe("−£27.9m");
    expect(money(2_712.4)).toBe("£2,712");
    expect(money(45_600)).toBe("£46k");
  });
});

describe("one run", () => {
  it("says beds, admissions, stay and cost a year in rounded units, and the community capacity used", () => {
    const text = headlineText(runHeadline(d2a()));
    expect(text[0]).toBe("d2a is stable.");
    // 285.2 beds → 285; 6.21 days → 6.2; £155,004,000 over 365 days → £155.0m a year.
    expect(text[1]).toBe(
      "d2a: about 285 beds occupied on average for 198.0 admissions a day; mean stay 6.2 days (completed spells); costs £155.0m a year.",
    );
    // 530.2 of 600 → 530; 359.4 of 400 → 359.
    expect(text[2]).toBe("d2a uses about 530 of 600 in Home support, about 359 of 400 in Step-down beds.");
  });

  it("quotes the mean stay over everyone, unfinished stays counted, only where it moves the figure", () => {
    const stay = (losDays: number | null, spells: number, allMeanDays: number | null) => {
      const s = summary("d2a", {
        beds: 285.2,
        losDays: 0,
        totalCost: 155_004_000,
        unfinished: { spells, allMeanDays },
      });
      s.los.overall.meanDays = losDays;
      return headlineText(runHeadline(s))[1]!;
    };
    // 6.21 → 9.84: up 3.63 days, more than 5% of 6.21 (0.31): both quoted.
    expect(stay(6.21, 412, 9.84)).toContain(
      "mean stay 6.2 days (completed spells); counting the 412 still in hospital at the end, at least 9.8 days; costs",
    );
    // 6.21 → 6.4: up 0.19, under 5% of 6.21 (0.31): the completed figure alone.
    expect(stay(6.21, 412, 6.4)).toContain("mean stay 6.2 days (completed spells); costs");
    // A lower figure over everyone is only a lower bound, so it says nothing: not quoted.
    expect(stay(6.21, 412, 5.0)).toContain("mean stay 6.2 days (completed spells); costs");
    // No spell completed: the stays so far are all there is.
    expect(stay(null, 76_670, 41.26)).toContain(
      "mean stay: none completed; the 76,670 still in hospital at the end had stayed 41.3 days on average so far; costs",
    );
  });

  it("turns a shorter run's total into a year and says how long it was", () => {
    const s = summary("from-today", { beds: 420, losDays: 8, totalCost: 27_880_000, horizonDays: 56 });
    // 27.88m × 365 / 56 = 181.72m.
    expect(headlineText(runHeadline(s))[1]).toContain(
      "from-today (a 56-day run): about 420 beds occupied on average",
    );
    expect(headlineText(runHeadline(s))[1]).toContain("costs £27.9m over 56 days (£181.7m a year)");
  });

  it("reads a not-stable verdict from the summary, or from its warnings when it has none", () => {
    const withVerdict = summary("d2a-zero", { beds: 500, losDays: 3, totalCost: 1e8, stability: gridlock });
    const first = runHeadline(withVerdict)[0]!;
    expect(first.tone).toBe("warning");
    expect(first.text).toMatch(/^d2a-zero is not stable: 76,670 patients waiting for a bed at the end; /);
    const fromWarnings = summary("d2a-zero", {
      beds: 500,
      losDays: 3,
      totalCost: 1e8,
      warnings: [
        'growing: 1,200 patients were waiting for a bed on ward "amu" at the end, well above its average; demand may exceed what the ward can discharge',
      ],
    });
    expect(runHeadline(fromWarnings)[0]!.text).toContain(
      'd2a-zero is not stable: 1,200 patients were waiting for a bed on ward "amu" at the end, well above its average',
    );
  });

  it("puts unsafe staffing in its own warning line with the hours below the ratio", () => {
    const s = summary("hca", { beds: 60, losDays: 4, totalCost: 2e7 });
    s.staff = {
      ...structuredClone(acuteInput().results[0]!.summary).staff!,
      roles: [
        {
          id: "rn",
          name: "Registered nurses",
          hourlyCost: 30,
          rosteredHours: 1000,
          busyHours: 874,
          utilisation: 0.874,
          overtimeHours: 0,
          cost: 30_000,
          utilisationByHourOfWeek: [],
        },
      ],
      tasks: [],
      safeStaffing: [
        { ward: "medicine", patientsPerRegisteredNurse: 8, hoursBelow: 3110.6, percentTimeBelow: 35.5 },
      ],
      cost: 30_000,
      costPerSpell: 10,
    };
    const lines = runHeadline(s);
    expect(lines.map((l) => l.text)).toContain("hca: staff cost £30k a year; Registered nurses 87% busy.");
    const unsafe = lines.find((l) => l.text.includes("unsafe staffing"))!;
    expect(unsafe.tone).toBe("warning");
    // 3,110.6 hours → 3,111; 35.5% → 36% (whole percent, half up).
    expect(unsafe.text).toContain(
      "below one registered nurse to 8 patients for 3,111 hours (36% of the time)",
    );
    // Compared with a safe baseline, the saving comes with the unsafe hours in the same sentence:
    // £20.0m against £21.0m a year is £1.0m less.
    const safe = summary("baseline", { beds: 60, losDays: 4, totalCost: 2.1e7 });
    const [compared] = comparisonLines([safe, s]);
    expect(compared!.tone).toBe("warning");
    expect(compared!.text).toMatch(
      /^hca against baseline: .*costs £1\.0m a year less; but hca is below the safe nurse ratio for 3,111 ward-hours \(baseline: 0\)\.$/,
    );
  });
});

describe("runs compared", () => {
  it("gives the differences against the first run, rounded, with about-the-same for nothing", () => {
    const [line] = comparisonLines([standard(), d2a()]);
    // 285.2 − 412.4 = −127.2 beds; 6.21 − 8.34 = −2.13 days; 3.04 − 3.00 = 0.04 h rounds to 0.0;
    // £155.004m − £195.294m = −£40.29m a year.
    expect(line!.text).toBe(
      "d2a against standard: 127 fewer occupied beds on average, mean stay 2.1 days shorter, " +
        "about the same wait for a bed, costs £40.3m a year less.",
    );
  });

  it("compares runs of different lengths a year, and says so", () => {
    const short = summary("from-today", {
      beds: 412.4,
      losDays: 8.34,
      totalCost: 27_880_000,
      horizonDays: 56,
    });
    const [line] = comparisonLines([standard(), short]);
    // 27.88m × 365 / 56 = 181.72m a year against 195.29m: £13.6m a year less, not £167.4m.
    expect(line!.text).toContain("costs £13.6m a year less");
    expect(line!.text).toContain("(runs of 56 and 365 days; costs compared a year)");
  });

  it("never uses better/worse words when either side is not stable, and says why", () => {
    const zero = summary("d2a-zero", { beds: 90, losDays: 1.2, totalCost: 1.5e8, stability: gridlock });
    const [line] = comparisonLines([standard(), zero]);
    expect(line!.tone).toBe("warning");
    expect(line!.text).toBe(
      "d2a-zero against standard: not compared, because d2a-zero is not stable " +
        '(76,670 patients waiting for a bed at the end; community service "home" has capacity 0).',
    );
    expect(line!.text).not.toMatch(BETTER_WORSE);
    // The baseline not stable blocks the comparison just the same.
    const [reverse] = comparisonLines([zero, standard()]);
    expect(reverse!.text).toContain("because d2a-zero is not stable");
    expect(reverse!.text).not.toMatch(BETTER_WORSE);
  });

  it("property: whatever the figures, a comparison with a not-stable side has no better/worse words", () => {
    const figures = fc.record({
      beds: fc.double({ min: 0, max: 2000, noNaN: true }),
      losDays: fc.double({ min: 0, max: 60, noNaN: true }),
      totalCost: fc.double({ min: 0, max: 1e9, noNaN: true }),
      horizonDays: fc.integer({ min: 1, max: 730 }),
    });
    const verdict = fc.constantFrom<StabilityLike["verdict"]>("stable", "near-edge", "not-stable");
    fc.assert(
      fc.property(figures, figures, verdict, verdict, (a, b, va, vb) => {
        fc.pre(va === "not-stable" || vb === "not-stable");
        const lines = comparisonLines([
          summary("a", { ...a, stability: { verdict: va, evidence: ["queue growing"] } }),
          summary("b", { ...b, stability: { verdict: vb, evidence: ["queue growing"] } }),
        ]);
        return (
          lines.length === 1 && !BETTER_WORSE.test(lines[0]!.text) && lines[0]!.text.includes("not stable")
        );
      }),
      { seed: 15, numRuns: 200 },
    );
  });

  it("names a near-edge side as a caution beside the comparison", () => {
    const near = summary("d2a", {
      beds: 285.2,
      losDays: 6.21,
      totalCost: 155_004_000,
      stability: { verdict: "near-edge", evidence: ["step-down at 96% of capacity"] },
    });
    const lines = runsHeadline([standard(), near]);
    expect(lines[0]!.text).toMatch(/\(caution: d2a is near the edge\)\.$/);
    expect(lines.find((l) => l.text.startsWith("d2a is near the edge"))!.tone).toBe("caution");
  });
});

// --- batch ---------------------------------------------------------------------------------------

function stats(mean: number, n = 20): MetricStats {
  return {
    n,
    mean,
    sd: null,
    ciLow: null,
    ciHigh: null,
    halfWidth: null,
    relativeHalfWidth: null,
    p5: null,
    p50: null,
    p95: null,
    min: null,
    max: null,
  };
}

function variant(name: string, metrics: Record<string, number>, incomplete = 0): VariantSummary {
  // A summary as older releases wrote it, with no verdict of its own: the headline's own rules
  // (event-limit stops, the context's verdicts) are what these tests check.
  return {
    name,
    base: name,
    point: null,
    replications: 20,
    incomplete,
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, stats(v)])),
  } as unknown as VariantSummary;
}

function paired(meanDifference: number, low: number, high: number): MetricComparison {
  return {
    pairs: 20,
    baselineMean: null,
    variantMean: null,
    meanDifference,
    relativeDifference: null,
    paired: { low, high, halfWidth: (high - low) / 2, df: 19 },
    welch: null,
  };
}

function batch(variants: VariantSummary[]): BatchSummary {
  return {
    format: "careflow-batch-summary/1",
    careflow: "test",
    scenario: { name: "acute", sha256: "" },
    seed: 1,
    confidence: 0.95,
    replications: 20,
    precision: null,
    sweep: null,
    variants,
  };
}

const comparison = (metrics: Record<string, MetricComparison>, name = "d2a"): BatchComparison => ({
  format: "careflow-batch-comparison/1",
  baseline: "standard",
  confidence: 0.95,
  replications: 20,
  comparisons: [
    { variant: name, baseline: "standard", wording: { allowed: true, reasons: [], caveats: [] }, metrics },
  ],
});

describe("a batch", () => {
  const summaryOfTwo = batch([
    variant("standard", { "headline.occupiedBedsMean": 412.4, "headline.totalCost": 195_294_000 }),
    variant("d2a", {
      "headline.occupiedBedsMean": 285.2,
      "headline.totalCost": 154_952_482,
      "services.home.utilisation": 530.2 / 600,
    }),
  ]);
  const differences = comparison({
    "headline.occupiedBedsMean": paired(-127.2, -129.0, -125.4),
    "headline.meanLosDays": paired(0.02, -0.12, 0.16),
    "headline.totalCost": paired(-40_341_518, -40_766_796, -39_916_240),
  });

  it("gives paired differences with intervals in the sentence's direction, rounded, and no-clear-difference", () => {
    const text = headlineText(
      batchHeadline(summaryOfTwo, differences, { horizonDays: { standard: 365, d2a: 365 } }),
    );
    expect(text[0]).toBe(
      "d2a against standard, over 20 paired replications: 127 fewer occupied beds on average (95% CI 125 to 129), " +
        "no clear difference in mean stay (95% CI -0.1 to 0.2), costs £40.3m a year less (95% CI £39.9m to £40.8m).",
    );
  });

  it("says each variant's means and the community capacity it uses", () => {
    const text = headlineText(
      batchHeadline(summaryOfTwo, differences, {
        horizonDays: { standard: 365, d2a: 365 },
        services: { d2a: [{ id: "home", name: "Home support", capacity: 600 }] },
      }),
    );
    expect(text).toContain(
      "d2a (mean of 20 replications): about 285 beds occupied on average; costs £155.0m a year; uses about 530 of 600 in Home support.",
    );
  });

  it("compares nothing with a variant that is not stable", () => {
    const text = headlineText(batchHeadline(summaryOfTwo, differences, { stability: { d2a: gridlock } }));
    expect(text[0]).toMatch(/^d2a against standard: not compared, because d2a is not stable/);
    expect(text[0]).not.toMatch(BETTER_WORSE);
    expect(text).toContain(
      'd2a is not stable: 76,670 patients waiting for a bed at the end; community service "home" has capacity 0; its averages depend on how long the run lasted and are not findings.',
    );
  });

  it("treats replications stopped at the event limit as not stable when no verdict is given", () => {
    const stopped = batch([
      variant("standard", { "headline.occupiedBedsMean": 400 }),
      variant("d2a", { "headline.occupiedBedsMean": 300 }, 3),
    ]);
    const [first] = batchHeadline(
      stopped,
      comparison({ "headline.occupiedBedsMean": paired(-100, -110, -90) }),
    );
    expect(first!.text).toContain("d2a is not stable (3 of 20 replications stopped at the event limit)");
    expect(first!.text).not.toMatch(BETTER_WORSE);
  });
});

describe("a batch with uncertain inputs", () => {
  const withInputs = (v: VariantSummary, metrics: Record<string, [number, number]>, notStable = 0) => {
    v.inputUncertainty = {
      variant: `${v.name} (inputs drawn)`,
      replications: 20,
      notStable,
      coverage: 0.95,
      metrics: Object.fromEntries(
        Object.entries(metrics).map(([k, [low, high]]) => [k, { mean: (low + high) / 2, low, high }]),
      ),
    };
    return v;
  };
  const standardV = () =>
    variant("standard", { "headline.occupiedBedsMean": 412.4, "headline.totalCost": 195_294_000 });
  const d2aV = (notStable = 0) =>
    withInputs(
      variant("d2a", { "headline.occupiedBedsMean": 285.2, "headline.totalCost": 154_952_482 }),
      { "headline.occupiedBedsMean": [250.4, 320.6], "headline.totalCost": [140_000_000, 171_260_000] },
      notStable,
    );
  const differences = (): BatchComparison => {
    const c = comparison({
      "headline.occupiedBedsMean": paired(-127.2, -129.0, -125.4),
      "headline.meanLosDays": paired(0.02, -0.12, 0.16),
      "headline.totalCost": paired(-40_341_518, -40_766_796, -39_916_240),
    });
    c.comparisons[0]!.inputUncertainty = {
      variant: "d2a",
      baseline: "standard",
      pairs: 20,
      coverage: 0.95,
      metrics: {
        "headline.occupiedBedsMean": { meanDifference: -124.1, low: -190.3, high: -60.2 },
        "headline.meanLosDays": { meanDifference: 0.05, low: -0.31, high: 0.44 },
        "headline.totalCost": { meanDifference: -30e6, low: -61_200_000, high: 3_000_000 },
      },
    };
    return c;
  };
  const year = { horizonDays: { standard: 365, d2a: 365 } };

  it("names the noise-only interval and quotes the interval over inputs after it, in the sentence's direction", () => {
    const text = headlineText(batchHeadline(batch([standardV(), d2aV()]), differences(), year));
    // Beds: −190.3 to −60.2, both "fewer" like the sentence → "between 60 and 190".
    // Stay: noise CI straddles 0; inputs −0.31 to 0.44 → "0.3 shorter and 0.4 longer".
    // Cost: −£61.2m to +£3.0m crosses zero, so each end has its own word.
    expect(text[0]).toBe(
      "d2a against standard, over 20 paired replications: " +
        "127 fewer occupied beds on average (95% CI 125 to 129, simulation noise only; with the uncertainty in the inputs, between 60 and 190), " +
        "no clear difference in mean stay (95% CI -0.1 to 0.2, simulation noise only; with the uncertainty in the inputs, between 0.3 shorter and 0.4 longer), " +
        "costs £40.3m a year less (95% CI £39.9m to £40.8m, simulation noise only; with the uncertainty in the inputs, between £61.2m less and £3.0m more).",
    );
    // Each variant's means: 250.4 → 250, 320.6 → 321; £140.0m and £171.26m → £171.3m a year.
    expect(text).toContain(
      "d2a (mean of 20 replications): about 285 beds occupied on average (with the uncertainty in the inputs, between 250 and 321); " +
        "costs £155.0m a year (with the uncertainty in the inputs, between £140.0m and £171.3m a year).",
    );
    // A variant without drawn figures keeps today's words.
    expect(text).toContain(
      "standard (mean of 20 replications): about 412 beds occupied on average; costs £195.3m a year.",
    );
  });

  it("turns a shorter run's input range into a year, as its mean", () => {
    const text = headlineText(
      batchHeadline(batch([standardV(), d2aV()]), differences(), { horizonDays: { standard: 73, d2a: 73 } }),
    );
    // 73 days is a fifth of a year: £140.0m × 5 = £700.0m, £171.26m × 5 = £856.3m.
    expect(text.join("\n")).toContain(
      "(with the uncertainty in the inputs, between £700.0m and £856.3m a year)",
    );
  });

  it("compares nothing, inputs or not, when a side is not stable", () => {
    const text = headlineText(
      batchHeadline(batch([standardV(), d2aV()]), differences(), { ...year, stability: { d2a: gridlock } }),
    );
    expect(text[0]).toMatch(/^d2a against standard: not compared, because d2a is not stable/);
    expect(text[0]).not.toMatch(BETTER_WORSE);
    expect(text[0]).not.toContain("uncertainty in the inputs");
  });

  it("cautions when some drawn inputs left a stable variant not stable", () => {
    const lines = batchHeadline(batch([standardV(), d2aV(3)]), differences(), year);
    const caution = lines.find((l) => l.text.startsWith("d2a: 3 of 20 replications with drawn inputs"));
    expect(caution?.tone).toBe("caution");
    expect(caution?.text).toBe(
      "d2a: 3 of 20 replications with drawn inputs were not stable, so for some plausible inputs the system does not settle; the ranges with the uncertainty in the inputs include those runs.",
    );
    // The comparison itself is still made (the central inputs are stable).
    expect(lines[0]!.text).toContain("127 fewer occupied beds");
  });
});

describe("the capacity page's headline", () => {
  const unit = (over: Partial<UnitCapacity>): UnitCapacity =>
    ({
      kind: "ward",
      id: "medicine",
      name: "General medical wards",
      model: "queue",
      arrivalsPerDay: 60,
      capacity: 290,
      offeredLoad: 253.4,
      needed: { forBlocking: 262, forOccupancy: 299, forDelay: 270, squareRoot: { beta: 0.5, servers: 262 } },
      flag: null,
      ...over,
    }) as UnitCapacity;
  const report = (units: UnitCapacity[]) =>
    ({
      variant: "baseline",
      targets: { blocking: 0.05, occupancy: 0.85, delay: 0.2 },
      units,
      staff: null,
    }) as unknown as CapacityReport;

  it("gives today's capacity against the offered load and what the targets need", () => {
    const [line] = capacityHeadline(report([unit({})]));
    // 253.4 / 290 = 87.4% → 87%.
    expect(line!.text).toBe(
      "General medical wards: 290 beds today for an offered load of 253 (87% of capacity); " +
        "needs 262 for at most 5% of admissions finding it full, 299 for 85% mean occupancy.",
    );
    expect(line!.tone).toBe("finding");
  });

  it("warns of a unit over capacity by the formulas, and names places for a service", () => {
    const [ward, service] = capacityHeadline(
      report([
        unit({ name: "Acute medical unit", capacity: 160, offeredLoad: 168.3 }),
        unit({ kind: "service", name: "Home care", capacity: 620, offeredLoad: 556.5 }),
      ]),
    );
    // 168.3 / 160 = 105.2% → 105%.
    expect(ward!.tone).toBe("warning");
    expect(ward!.text).toContain(
      "160 beds today for an offered load of 168 (105% of capacity), over capacity",
    );
    expect(service!.text).toContain(
      "Home care: 620 places today for an offered load of 557 (90% of capacity); needs 270 for at most 20% waiting",
    );
  });
});
