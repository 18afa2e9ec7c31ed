import { describe, expect, it } from "vitest";
import { BatchInputError } from "../../src/batch/input-error.js";
import { parsePrecision, parseWorkers } from "../../src/cli/batch-commands.js";
import { runCli } from "../cli-helpers.js";
import { tempDir, writeScenario } from "./helpers.js";

describe("batch options", () => {
  it("parses precision and workers", () => {
    expect(parsePrecision("5%")).toBeCloseTo(0.05, 15);
    expect(parsePrecision("0.02")).toBe(0.02);
    for (const bad of ["5", "0%", "100%", "abc"]) expect(() => parsePrecision(bad)).toThrow(BatchInputError);
    expect(parseWorkers("auto")).toBe("auto");
    expect(parseWorkers("3", 4)).toBe(3);
    expect(parseWorkers("3", 3)).toBe(3);
    expect(() => parseWorkers("0")).toThrow(BatchInputError);
  });

  const dir = tempDir();
  const scenario = writeScenario(dir);
  const bad: [string[], RegExp][] = [
    [["--shard", "4/4"], /--shard must be K\/N/],
    [["--precision", "5"], /--precision must be a percentage/],
    [["--workers", "0"], /--workers must be a whole number/],
    [["--metrics", "headline.nonsense"], /no metric "headline.nonsense"/],
    [["--precision", "5%", "--shard", "0/2"], /shards cannot share/],
    [["--max-replications", "50"], /--max-replications caps the --precision rule/],
    [["--sweep", "wards.medicine.beds"], /--sweep/],
    [["--variants", "nope"], /has no variant "nope"/],
  ];

  it.each(bad)("exits 2 with a clear message for %j", (args, message) => {
    const cli = runCli(["batch", scenario, "-n", "2", "--out", `${dir}/x`, ...args]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(message);
  });
});
