/**
 * Overload ends cleanly: a hospital offered far more patients than it can treat stops early,
 * marked "stopped: not stable", with its figures so far, instead of exhausting memory.
 */
import { describe, expect, it } from "vitest";
import { placesIn, runLimits } from "../../src/model/limits.js";
import { simulateScenario } from "../../src/model/run.js";
import { singleWard } from "./builders.js";

const conserved = (c: {
  initialPatients: number;
  arrived: number;
  electiveAdmissions: number;
  discharged: number;
  inBeds: number;
  waitingForBed: number;
  diverted: number;
}) =>
  c.initialPatients + c.arrived + c.electiveAdmissions ===
  c.discharged + c.inBeds + c.waitingForBed + c.diverted;

describe("overload guards", () => {
  it("derive their defaults from the hospital's size, within the memory bounds", () => {
    const small = singleWard({ beds: 10, perDay: 1, meanStay: "1d", horizon: "7d", warmup: "0d" });
    // 10 beds and the 100,000-place "ample" service of the builders.
    expect(placesIn(small)).toBe(100_010);
    expect(runLimits(small)).toEqual({
      maxEvents: 20_000_000,
      maxWaiting: 200_000,
      maxPendingEvents: 500_000,
    });
    const tiny = { ...small, community: [] };
    expect(runLimits(tiny)).toEqual({ maxEvents: 20_000_000, maxWaiting: 1_000, maxPendingEvents: 20_200 });
  });

  it("stop a run whose bed queue outgrows run.maxWaiting, counting everyone", () => {
    const base = singleWard({ beds: 5, perDay: 500, meanStay: "2d", horizon: "30d", warmup: "0d" });
    const scenario = { ...base, run: { ...base.run, maxWaiting: 300 } };
    const { summary } = simulateScenario(scenario);
    expect(summary.complete).toBe(false);
    expect(summary.stopReason).toMatch(/^stopped: not stable: [\d,]+ patients were waiting at once/);
    expect(summary.stopReason).toContain("run.maxWaiting = 300");
    expect(summary.conservation.waitingForBed).toBeGreaterThan(300);
    // Checked every 4,096 events: at most that many more arrivals than the cap.
    expect(summary.conservation.waitingForBed).toBeLessThanOrEqual(300 + 4096);
    expect(conserved(summary.conservation)).toBe(true);
    expect(summary.warnings.some((w) => w.startsWith("incomplete: stopped: not stable"))).toBe(true);
  });

  it("stop a run holding more pending events than run.maxPendingEvents", () => {
    const base = singleWard({ beds: 100_000, perDay: 50_000, meanStay: "5d", horizon: "30d", warmup: "0d" });
    const scenario = { ...base, run: { ...base.run, maxPendingEvents: 2_000 } };
    const { summary } = simulateScenario(scenario);
    expect(summary.complete).toBe(false);
    expect(summary.stopReason).toMatch(/^stopped: not stable: more than run.maxPendingEvents = 2,000/);
    expect(conserved(summary.conservation)).toBe(true);
  });

  it("leave a stable run complete", () => {
    const { summary } = simulateScenario(
      singleWard({ beds: 20, perDay: 10, meanStay: "1d", horizon: "60d", warmup: "0d" }),
    );
    expect(summary.complete).toBe(true);
    expect(summary.stopReason).toBe("until");
  });
});

describe("an initial state larger than the guards allow", () => {
  it("is not placed patient by patient: the run stops at once, not stable, counting those placed", () => {
    const base = singleWard({ beds: 10, perDay: 1, meanStay: "1d", horizon: "7d", warmup: "0d" });
    const scenario = {
      ...base,
      run: { ...base.run, maxWaiting: 100, maxPendingEvents: 50 },
      initialState: { wards: [{ ward: "ward", group: "patients", patients: 2_000_000_000 }], community: [] },
    };
    const { summary } = simulateScenario(scenario as typeof base);
    expect(summary.complete).toBe(false);
    expect(summary.stopReason).toMatch(/^stopped: not stable: the initial state holds more patients/);
    // 150 = maxWaiting + maxPendingEvents were placed: 10 in beds, 140 waiting.
    expect(summary.conservation.initialPatients).toBe(150);
    expect(summary.conservation.inBeds).toBe(10);
    expect(summary.conservation.waitingForBed).toBe(140);
  });
});
