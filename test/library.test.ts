import { describe, expect, it } from "vitest";
import * as careflow from "../src/index.js";

describe("the package's library entry point", () => {
  it("offers the engine, theory, scenarios and the model to library users", () => {
    const { engine, queueing } = careflow;
    const sim = new engine.Simulation({ seed: 3 });
    const desk = new engine.Resource(sim, "desk", 1);
    expect(desk.seize(1, () => {}, undefined)).toBe("granted");
    expect(queueing.erlangB(1, 1)).toBeCloseTo(0.5, 12);
    const loaded = careflow.loadScenario("scenarios/acute-medical.yaml", "d2a");
    expect(loaded.scenario.discharge.policy).toBe("d2a");
    expect(typeof careflow.simulateScenario).toBe("function");
    expect(typeof careflow.capacity.analyseCapacity).toBe("function");
    expect(typeof careflow.batch.runBatch).toBe("function");
  });
});
