import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CAREFLOW_VERSION } from "../../src/version.js";

describe("careflow's version", () => {
  it("is package.json's, so manifests and reports name the release that made them", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(CAREFLOW_VERSION).toBe(pkg.version);
  });
});
