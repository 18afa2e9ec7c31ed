/** The test set-up provisions the browser on a fresh machine, and says what to do when it cannot. */
import { describe, expect, it } from "vitest";
import { CHROMIUM, provisionChromium } from "./global-setup.js";

describe("provisionChromium", () => {
  it("does nothing when Chromium is there", () => {
    const commands: string[] = [];
    provisionChromium(
      () => true,
      true,
      (c, args) => commands.push([c, ...args].join(" ")),
    );
    expect(commands).toEqual([]);
  });

  it("installs Debian's chromium as root when it is missing: apt-get update, then install", () => {
    const commands: string[] = [];
    let installed = false;
    provisionChromium(
      () => installed,
      true,
      (c, args) => {
        commands.push([c, ...args].join(" "));
        if (args.includes("install")) installed = true;
      },
    );
    expect(commands).toEqual(["apt-get update -qq", "apt-get install -y -qq chromium"]);
  });

  it("fails, naming the command, when it is missing and the user is not root", () => {
    expect(() =>
      provisionChromium(
        () => false,
        false,
        () => {},
      ),
    ).toThrow(/needs Chromium at \/usr\/bin\/chromium.*apt-get update && apt-get install -y chromium/);
    expect(CHROMIUM).toBe("/usr/bin/chromium");
  });

  it("fails when the install leaves no browser behind", () => {
    expect(() =>
      provisionChromium(
        () => false,
        true,
        () => {},
      ),
    ).toThrow(/still missing/);
  });
});
