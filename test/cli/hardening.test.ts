/**
 * The command line against hostile or unlucky input, through the built CLI: names in a scenario
 * that would reach outside the output folder, folders of an earlier run, file-system errors,
 * devices and pipes as scenario files, and more worker threads than cores. Every exit code is
 * asserted, and no stack trace ever reaches the user.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { smallScenario, tempDir, writeScenario } from "../batch/helpers.js";
import { type CliResult, ROOT, runCli } from "../cli-helpers.js";

/** A node stack frame ("    at f (file.js:1:2)"): must never reach a user. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|<anonymous>)$/m;

function expectExit(result: CliResult, code: number, stderr?: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  if (stderr !== undefined) expect(result.stderr).toMatch(stderr);
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** A shipped scenario shortened (no warm-up, `horizon`), written into `dir`. */
function shortCopy(dir: string, shipped: string, horizon: string): string {
  const document = parseDocument(readFileSync(join(ROOT, "scenarios", shipped), "utf8"));
  document.setIn(["run", "warmup"], "0d");
  document.setIn(["run", "horizon"], horizon);
  const file = join(dir, shipped);
  writeFileSync(file, document.toString());
  return file;
}

describe("names that would become paths outside the output folder", () => {
  const dir = tempDir("careflow-names-");
  const text = smallScenario({ horizon: "5d", warmup: "1d" }).replace(
    "  standard: {}\n",
    '  standard: {}\n  "../../esc": {}\n',
  );
  const file = writeScenario(dir, "escape.yaml", text);
  const line = text.split("\n").findIndex((l) => l.includes("../../esc")) + 1;
  const named = new RegExp(
    `variants\\["\\.\\./\\.\\./esc"\\] \\(line ${line}:3\\): cannot be a variant name`,
  );

  it("refuses a variant named ../../esc before writing anything, naming it and its line", () => {
    const work = join(dir, "run");
    mkdirSync(work);
    const result = runCli(["run", file, "--variant", "all", "--out", "a/b/out", "--no-report"], {
      cwd: work,
    });
    expectExit(result, 2, named);
    expect(filesUnder(work)).toEqual([]);
    expectExit(runCli(["validate", file]), 2, named);
    const batch = runCli(["batch", file, "-n", "1", "--workers", "1", "--out", join(work, "batch")]);
    expectExit(batch, 2, named);
    expect(filesUnder(work)).toEqual([]);
  });

  it("refuses a scenario file whose name cannot be a folder when no --out is given", () => {
    const work = join(dir, "dots");
    mkdirSync(work);
    writeFileSync(join(work, "...yaml"), smallScenario({ horizon: "2d", warmup: "0d" }));
    const result = runCli(["run", "...yaml", "--no-report"], { cwd: work });
    expectExit(result, 2, /the scenario file's name "\.\." cannot be a folder name.*--out/);
    expect(filesUnder(work)).toEqual(["...yaml"]);
  });
});

describe("an earlier run's files in the output folder", () => {
  const dir = tempDir("careflow-stale-");

  it("are removed: no sessions, waiting list or charts of another scenario beside the new summary", () => {
    const out = join(dir, "out");
    const theatres = shortCopy(dir, "theatre-lists.yaml", "7d");
    expectExit(runCli(["run", theatres, "--out", out]), 0);
    const before = filesUnder(out);
    for (const name of ["sessions.csv", "waiting-list.csv", "index.html", "summary.json"]) {
      expect(before).toContain(name);
    }
    expect(before.filter((f) => f.startsWith("charts/theatre-")).length).toBeGreaterThan(0);

    const small = writeScenario(dir, "small.yaml", smallScenario({ horizon: "5d", warmup: "1d" }));
    expectExit(runCli(["run", small, "--out", out, "--no-report"]), 0);
    const after = filesUnder(out).sort();
    expect(after).toEqual(
      [
        "daily.csv",
        "delays.csv",
        "groups.csv",
        "pathways.csv",
        "services.csv",
        "summary.json",
        "wards.csv",
      ].sort(),
    );
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { scenario: string };
    expect(summary.scenario).toBe("Small test hospital");
  });

  it("leaves files careflow did not write alone", () => {
    const out = join(dir, "own");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    const small = writeScenario(dir, "small2.yaml", smallScenario({ horizon: "3d", warmup: "0d" }));
    expectExit(runCli(["run", small, "--out", out, "--no-report"]), 0);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
  });
});

describe("file-system errors in plain words, exit 2", () => {
  const dir = tempDir("careflow-fs-");
  const small = writeScenario(dir, "small.yaml", smallScenario({ horizon: "3d", warmup: "0d" }));
  const aFile = join(dir, "a-file");
  writeFileSync(aFile, "not a folder");

  it("a folder given as the scenario", () => {
    for (const command of ["validate", "run", "batch", "capacity"]) {
      expectExit(runCli([command, dir]), 2, /cannot be read: it is a folder, not a file/);
    }
  });

  it("a scenario that is not there", () => {
    expectExit(runCli(["validate", join(dir, "nowhere.yaml")]), 2, /no such file or folder/);
  });

  it("--out naming a file, or a folder under a file", () => {
    for (const command of ["run", "batch", "capacity", "warmup"]) {
      const extra = {
        run: ["--no-report"],
        batch: ["-n", "1", "--workers", "1", "--no-progress"],
        capacity: ["-n", "0"],
        warmup: ["-n", "1", "--workers", "1"],
      }[command]!;
      expectExit(
        runCli([command, small, ...extra, "--out", aFile]),
        2,
        /the output folder .*a-file is a file, not a folder/,
      );
      expectExit(
        runCli([command, small, ...extra, "--out", join(aFile, "sub")]),
        2,
        /cannot create the output folder .*a-file[/\\]sub: .*a-file is a file, not a folder/,
      );
    }
    expect(readFileSync(aFile, "utf8")).toBe("not a folder");
  });

  // Tests run as root in CI, and root reads every file whatever its mode.
});

describe("devices and pipes as scenario files", () => {
  const dir = tempDir("careflow-pipe-");

  it("stops reading /dev/zero at the size limit", () => {
    const result = runCli(["validate", "/dev/zero"]);
    expectExit(
      result,
      2,
      /\/dev\/zero: 1 problem\n.*is more than 1048576 bytes; scenario files are limited to 1048576/,
    );
  }, 60_000);

  it("stops reading an endless pipe at the size limit", async () => {
    const fifo = join(dir, "endless.yaml");
    const made = spawn("mkfifo", [fifo]);
    await new Promise((resolve) => made.on("close", resolve));
    const writer = spawn("sh", ["-c", `exec cat /dev/zero > "${fifo}"`], { stdio: "ignore" });
    try {
      const result = runCli(["validate", fifo]);
      expectExit(result, 2, /is more than 1048576 bytes/);
    } finally {
      writer.kill("SIGKILL");
    }
  }, 60_000);

  it("reads a scenario piped in whole", async () => {
    const fifo = join(dir, "piped.yaml");
    const made = spawn("mkfifo", [fifo]);
    await new Promise((resolve) => made.on("close", resolve));
    const source = writeScenario(dir, "source.yaml", smallScenario());
    const writer = spawn("sh", ["-c", `exec cat "${source}" > "${fifo}"`], { stdio: "ignore" });
    try {
      expectExit(runCli(["validate", fifo]), 0);
    } finally {
      writer.kill("SIGKILL");
    }
  }, 60_000);
});

describe("--workers beyond the cores", () => {
  const dir = tempDir("careflow-workers-");
  const small = writeScenario(dir, "small.yaml", smallScenario({ horizon: "3d", warmup: "0d" }));

  it("is capped at the cores available, with a warning", () => {
    const cores = availableParallelism();
    const out = join(dir, "batch");
    const result = runCli([
      "batch",
      small,
      "-n",
      String(2 * cores + 2),
      "--workers",
      "99",
      "--no-progress",
      "--no-report",
      "--out",
      out,
    ]);
    expectExit(result, 0);
    expect(result.stderr).toContain(
      `careflow: --workers 99: this machine has ${cores} core${cores === 1 ? "" : "s"}; using ${cores}`,
    );
    const info = JSON.parse(readFileSync(join(out, "run-info.json"), "utf8")) as { workers: number };
    expect(info.workers).toBeLessThanOrEqual(cores);
    expect(info.workers).toBeGreaterThan(0);
  });

  it("is left alone within the cores", () => {
    const result = runCli([
      "batch",
      small,
      "-n",
      "2",
      "--workers",
      "1",
      "--no-progress",
      "--no-report",
      "--out",
      join(dir, "one"),
    ]);
    expectExit(result, 0);
    expect(result.stderr).not.toMatch(/--workers/);
  });
});
