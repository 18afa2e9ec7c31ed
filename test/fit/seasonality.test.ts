/**
 * Month multipliers and growth, round trip: the synthetic generator makes three years of
 * admissions with a known month profile and growth; the fit recovers both within four standard
 * errors from the Poisson counts, and the scenario it writes validates and runs.
 *
 * Standard errors (Poisson, log-linear model with a level for each month of the year):
 * - log growth b: 1 / √(Σ n·(t − t̄_month)²), t in years. Three years give each month of the year
 *   times spread over years 0, 1, 2 (variance 2/3 year², the spread inside a month is small), so
 *   about 1 / √(N · 2/3) from N admissions;
 * - a month multiplier m_k: relative √(1/n_k + 1/N) (its month's count, and the mean it is divided by);
 * - the level carried to run.start, Δ years after the data's mean time: √(1/N_g + Δ²·se_b²).
 */
import { describe, expect, it } from "vitest";
import { startFit } from "../../src/fit/index.js";
import { fitLogGrowth, seasonality } from "../../src/fit/seasonality.js";
import {
  type SyntheticExtract,
  syntheticExtractLines,
  syntheticExtractTime,
} from "../../src/fit/synthetic.js";
import { simulateScenario } from "../../src/model/run.js";
import { loadScenarioText } from "../../src/scenario/parse.js";

const WINTER = [1.3, 1.2, 1.1, 1.0, 0.9, 0.85, 0.8, 0.85, 0.9, 1.0, 1.1, 1.25];
const GROWTH = 0.04;

function extract(days: number, start = "2023-01-01"): SyntheticExtract {
  return {
    seed: 16,
    start,
    days,
    dateOnlyShare: 0.1,
    groups: [
      {
        group: "medical",
        ward: "medical",
        perDay: 30,
        monthOfYear: WINTER,
        growthPerYear: GROWTH,
        stay: { dist: "lognormal", mean: 3, sd: 2 },
        pathways: [0.8, 0.1, 0.05, 0.05],
      },
      {
        group: "surgical",
        ward: "surgical",
        perDay: 10,
        growthPerYear: GROWTH,
        stay: { dist: "gamma", mean: 4, shape: 2 },
        pathways: [0.9, 0.05, 0.03, 0.02],
      },
    ],
  };
}

function fitSynthetic(spec: SyntheticExtract) {
  const lines = syntheticExtractLines(spec);
  const run = startFit(
    lines.next().value!.split(","),
    {},
    { extractTime: syntheticExtractTime(spec) },
    "synthetic.csv",
  );
  let row = 2;
  for (const line of lines) run.addRow(line.split(","), row++);
  return run.finish();
}

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe("fit: month multipliers and growth, round trip", () => {
  // 2023-01-01 to 2025-12-31: three whole years, so every month of the year is seen three times.
  const spec = extract(1096);
  const output = fitSynthetic(spec);
  const { scenario } = loadScenarioText(output.scenario, "fitted.yaml");
  const first = dayOf(spec.start);
  // Days of each month of the year in the extract.
  const exposure = new Array<number>(12).fill(0);
  for (let d = first; d < first + spec.days; d++) exposure[new Date(d * 86_400_000).getUTCMonth()]!++;
  const total = exposure.reduce((a, b) => a + b, 0);
  const meanWinter = WINTER.reduce((sum, w, k) => sum + w * exposure[k]!, 0) / total;

  // Expected admissions by month of the year, to size the standard errors.
  const expectedByMonth = (perDay: number, months: readonly number[] | undefined) => {
    const counts = new Array<number>(12).fill(0);
    for (let i = 0; i < spec.days; i++)
      counts[new Date((first + i) * 86_400_000).getUTCMonth()]! +=
        perDay *
        (months?.[new Date((first + i) * 86_400_000).getUTCMonth()] ?? 1) *
        (1 + GROWTH) ** (i / 365.25);
    return counts;
  };
  const medicalCounts = expectedByMonth(30, WINTER);
  const surgicalCounts = expectedByMonth(10, undefined);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const allAdmissions = sum(medicalCounts) + sum(surgicalCounts);
  const seGrowth = 1 / Math.sqrt((allAdmissions * 2) / 3);

  it("recovers the growth within four standard errors", () => {
    const growth = scenario.calendar!.growth;
    expect(Math.abs(Math.log(1 + growth) - Math.log(1 + GROWTH))).toBeLessThan(4 * seGrowth + 0.0005);
    expect(output.scenario).toContain("log-linear trend");
  });

  it("recovers each month's multiplier within four standard errors, for each group", () => {
    const demand = scenario.calendar!.demand;
    expect(demand).toHaveLength(24);
    const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    for (const [group, truth, counts] of [
      ["medical", WINTER.map((w) => w / meanWinter), medicalCounts],
      ["surgical", WINTER.map(() => 1), surgicalCounts],
    ] as const) {
      const N = sum(counts);
      months.forEach((month, k) => {
        const entry = demand.find((e) => "months" in e && e.months[0] === month && e.groups?.[0] === group)!;
        const se = truth[k]! * Math.sqrt(1 / counts[k]! + 1 / N);
        // 0.0005: the multiplier is written to 3 significant figures.
        expect(Math.abs(entry.multiplier - truth[k]!), `${group} ${month}`).toBeLessThan(4 * se + 0.0005);
      });
    }
  });

  it("carries each group's level on to run.start by the trend", () => {
    const startDay = dayOf(scenario.run.start);
    const years = (startDay - first) / 365.25;
    const meanTime = spec.days / 2 / 365.25;
    for (const [group, perDay, meanMonth, counts] of [
      ["medical", 30, meanWinter, medicalCounts],
      ["surgical", 10, 1, surgicalCounts],
    ] as const) {
      const written = scenario.groups.find((g) => g.id === group)!.arrivals.perDay;
      const truth = perDay * meanMonth * (1 + GROWTH) ** years;
      const se = Math.sqrt(1 / sum(counts) + (years - meanTime) ** 2 * seGrowth ** 2);
      expect(Math.abs(Math.log(written / truth)), group).toBeLessThan(4 * se + 0.0005);
    }
  });

  it("writes a scenario that runs, with the winter in its arrivals", () => {
    const result = simulateScenario(scenario, { seed: 3 });
    expect(result.summary.unmetDemand.arrivals).toBeGreaterThan(0);
    // Medical arrivals by the hour of the week carry no month; the demand entries apply in the run.
    const jan = scenario.calendar!.demand.find(
      (e) => "months" in e && e.months[0] === "jan" && e.groups?.[0] === "medical",
    )!;
    const jul = scenario.calendar!.demand.find(
      (e) => "months" in e && e.months[0] === "jul" && e.groups?.[0] === "medical",
    )!;
    expect(jan.multiplier / jul.multiplier).toBeGreaterThan(1.3);
  });
});

describe("fit: what a short extract cannot tell", () => {
  it("under two years: month multipliers but no growth, and says why", () => {
    const output = fitSynthetic({ ...extract(548), groups: extract(548).groups.slice(1) });
    const { scenario } = loadScenarioText(output.scenario, "fitted.yaml");
    expect(scenario.calendar!.growth).toBe(0);
    expect(scenario.calendar!.demand).toHaveLength(12);
    expect(output.scenario).toMatch(
      /growth: 0 # not estimated: the extract covers 548 days, a trend needs 730/,
    );
  });

  it("under a year: no calendar section, and a comment saying why", () => {
    const output = fitSynthetic({ ...extract(300), groups: extract(300).groups.slice(1) });
    const { scenario } = loadScenarioText(output.scenario, "fitted.yaml");
    expect(scenario.calendar).toBeUndefined();
    expect(output.scenario).toContain("# calendar: not written: the extract covers 300 days");
  });
});

describe("seasonality by hand", () => {
  it("with no trend, a month's multiplier is its admissions a day over the mean admissions a day", () => {
    // 2024: Jan 31 days with 62 admissions (2 a day), every other month 1 a day.
    const byMonth = new Map<string, number>();
    const first = dayOf("2024-01-01");
    const last = dayOf("2024-12-31");
    for (let m = 1; m <= 12; m++) {
      const days = new Date(Date.UTC(2024, m, 0)).getUTCDate();
      byMonth.set(`2024-${String(m).padStart(2, "0")}`, m === 1 ? 2 * days : days);
    }
    const s = seasonality(byMonth, first, last, 0, first);
    const mean = (62 + (366 - 31)) / 366;
    expect(s.perDay).toBeCloseTo(mean, 12);
    expect(s.months![0]).toBeCloseTo(2 / mean, 12);
    expect(s.months![6]).toBeCloseTo(1 / mean, 12);
  });

  it("a steady doubling a year is found exactly when counts follow it", () => {
    // Counts equal to their expectation under growth 100% a year, flat months: b = log 2.
    const first = dayOf("2022-01-01");
    const last = dayOf("2024-12-31");
    const byMonth = new Map<string, number>();
    for (let d = first; d <= last; d++) {
      const key = new Date(d * 86_400_000).toISOString().slice(0, 7);
      byMonth.set(key, (byMonth.get(key) ?? 0) + 5 * 1.5 ** ((d - first) / 365.25));
    }
    expect(Math.exp(fitLogGrowth(byMonth, first, last)) - 1).toBeCloseTo(0.5, 6);
  });
});
