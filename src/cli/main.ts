/**
 * The careflow command line. Exit codes: 0 done; 2 bad input (scenario file or options), with
 * every problem listed, or a file-system error (a folder given as a file, a full disk) in plain
 * words; 1 anything else, reported in one line (CAREFLOW_DEBUG=1 shows the stack).
 */
import { Command, CommanderError, Option } from "commander";
import { describeFsError } from "../node/fs-errors.js";
import { InputError, ScenarioError } from "../scenario/problems.js";
import { CAREFLOW_VERSION } from "../version.js";
import { batchCommand, mergeCommand, warmupCommand } from "./batch-commands.js";
import { calibrateCommand } from "./calibrate-command.js";
import { capacityCommand } from "./capacity-command.js";
import { checkCommand } from "./check-command.js";
import { runDemo } from "./demo.js";
import { fitCommand } from "./fit-command.js";
import { migrateCommand } from "./migrate-command.js";
import { runCommand } from "./run-command.js";
import { schemaCommand, validateCommand } from "./scenario-commands.js";
import { sensitivityCommand } from "./sensitivity-command.js";
import { studioCommand } from "./studio-command.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("careflow")
    .description("Discrete-event simulation of patient flow through hospital care pathways")
    .version(CAREFLOW_VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command("run")
    .description("Simulate a scenario (and its variants) and write a summary, CSVs and a report")
    .argument("<scenario>", "scenario file (.yaml or .json)")
    .option(
      "-v, --variant <names>",
      'variants to run, comma-separated ("all" for every one); default: baseline',
    )
    .option("-s, --seed <n>", "random seed (default: the scenario's)")
    .option("-o, --out <dir>", "output folder (default: reports/<scenario>/<variant>/)")
    .option("--json", "print the headline and every variant's summary as JSON instead of a table")
    .option("--no-report", "skip the HTML report")
    .option(
      "--events <file>",
      "write every patient event (arrival, admitted, transfer, depart, …) to this file: CSV, or OCEL 2.0 JSON for .jsonocel/.json",
    )
    .option("--events-format <format>", "csv or ocel (default: from the --events file's extension)")
    .action(runCommand);

  program
    .command("validate")
    .description("Check a scenario file and list every problem")
    .argument("<scenario>", "scenario file")
    .action(validateCommand);

  program
    .command("migrate")
    .description("Bring a scenario file to the current format version (comments kept), printed or to --out")
    .argument("<scenario>", "scenario file")
    .option("-o, --out <file>", "write the migrated file here instead of printing it")
    .action(migrateCommand);

  program
    .command("schema")
    .description("Print the JSON Schema of scenario files (for editors)")
    .action(schemaCommand);

  program
    .command("demo")
    .description("Run an M/M/c queue through the engine and compare it with Erlang C")
    .action(() => {
      console.log(runDemo());
    });

  const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
  program
    .command("batch")
    .description(
      "Run many replications in parallel: summary with 95% CIs, paired (CRN) comparison of variants, sweeps",
    )
    .argument("<scenario>", "scenario file (.yaml or .json)")
    .option(
      "--variants <names>",
      'variants, comma-separated ("all" for every one); the first is the baseline',
    )
    .option(
      "-n, --replications <n>",
      "replications a variant (default 100; with --precision, the first round: 10)",
    )
    .option("--workers <n>", 'worker threads, or "auto" for one per core (default auto; 1: main thread)')
    .option("-o, --out <dir>", "output folder (default reports/<scenario>/batch/)")
    .option("-s, --seed <n>", "random seed (default: the scenario's)")
    .option(
      "--shard <K/N>",
      "run only replications r with r mod N = K (K from 0); combine with careflow merge",
    )
    .option("--resume", "complete the batch already in the output folder")
    .option("--overwrite", "replace a batch already in the output folder")
    .option(
      "--precision <pct>",
      "add replications until CI half-widths are within this share of the means, e.g. 5%",
    )
    .option("--metrics <names>", "key metrics to report and to hold to --precision, comma-separated")
    .option("--max-replications <n>", "cap for --precision (default 1000)")
    .option(
      "--sweep <path=from:to:step>",
      "run each value as a variant, e.g. wards.medicine.beds=260:340:10 (repeat for a grid)",
      collect,
    )
    .option(
      "--series",
      "keep each replication's day-by-day occupied beds (≈ 3 kB a simulated year) for the fan chart",
    )
    .option("--no-progress", "no progress display on stderr")
    .option("--no-report", "skip the HTML report (index.html and charts/)")
    .option("--json", "print the headline, summary and comparison as JSON instead of tables")
    .action(batchCommand);

  program
    .command("calibrate")
    .description(
      "Hold a scenario to its calibration targets: model mean and 95% CI (simulation noise only) against each tolerance band",
    )
    .argument("<scenario>", "scenario file with a calibration: section")
    .option(
      "-n, --replications <n>",
      "replications a variant (default: the scenario's calibration.replications)",
    )
    .option("-s, --seed <n>", "random seed (default: the scenario's)")
    .option("-o, --out <dir>", "output folder (default reports/<scenario>/calibration/)")
    .option("--json", "print the result as JSON instead of a table")
    .option("--no-progress", "no progress display on stderr")
    .action(calibrateCommand);

  program
    .command("merge")
    .description("Combine the shard folders of one batch into the summary a single run would give")
    .argument("<dirs...>", "shard folders (each with batch.json and replications.jsonl)")
    .option("-o, --out <dir>", 'output folder (default: "merged" beside the first folder)')
    .option("--no-report", "skip the HTML report (index.html and charts/)")
    .option("--json", "print the headline, summary and comparison as JSON instead of tables")
    .action(mergeCommand);

  program
    .command("warmup")
    .description("Suggest a warm-up length: Welch's moving average and MSER-5 on a daily series")
    .argument("<scenario>", "scenario file (.yaml or .json)")
    .option("-v, --variant <name>", "variant to run (default baseline)")
    .option("-n, --replications <n>", "replications (default 10)")
    .option(
      "--metric <name>",
      "occupancy (all wards), occupancy_<ward>, admissions or discharges",
      "occupancy",
    )
    .option("--window <days>", "half-width of Welch's moving average in days (default 7)")
    .option("--horizon <duration>", 'simulated length, e.g. "365d" (default: the scenario\'s horizon)')
    .option("-s, --seed <n>", "random seed (default: the scenario's)")
    .option("--workers <n>", 'worker threads, or "auto" (default)')
    .option("-o, --out <dir>", "output folder (default reports/<scenario>/warmup/)")
    .action(warmupCommand);

  program
    .command("check")
    .description(
      "Observed against simulated: the simulated 90% band beside a hospital's daily figures, coverage and error",
    )
    .argument("<scenario>", "scenario file (.yaml or .json)")
    .requiredOption(
      "--observed <file>",
      "daily figures (CSV): date and beds_occupied, admissions, discharges or beds_occupied_<ward>",
    )
    .option("-v, --variant <name>", "variant to run (default baseline)")
    .option("-n, --replications <n>", "replications (default 40)")
    .option("-s, --seed <n>", "random seed (default: the scenario's)")
    .option("--workers <n>", 'worker threads, or "auto" (default)')
    .option("--no-progress", "no progress display on stderr")
    .option("-o, --out <dir>", "output folder (default reports/<scenario>/check/)")
    .action(checkCommand);

  program
    .command("capacity")
    .description("Queue-theory capacity matching: beds and staff needed, beside what the simulation shows")
    .argument("<scenario>", "scenario file (.yaml or .json)")
    .option("-v, --variant <name>", "variant to analyse (default baseline)")
    .option("--target-blocking <pct>", "acceptable share of admissions finding a ward full (Erlang B)", "5%")
    .option("--target-occupancy <pct>", "mean occupancy to plan to", "85%")
    .option("--target-delay <pct>", "acceptable probability of waiting (Erlang C, staff)", "20%")
    .option("-n, --replications <n>", "replications to compare against (0: formulas only)", "10")
    .option("-s, --seed <n>", "random seed (default: the scenario's)")
    .option("--json", "print the report as JSON instead of tables")
    .option("-o, --out <dir>", "output folder (default reports/<scenario>/capacity/)")
    .action(capacityCommand);

  program
    .command("sensitivity")
    .description(
      "Which uncertain input decides the answer: a tornado chart and each input's share of the variance",
    )
    .argument("<scenario>", "scenario file (.yaml or .json) with uncertain inputs")
    .option(
      "--variants <a,b>",
      "one variant, or two to study their difference (second minus first)",
      "baseline",
    )
    .option("--metric <name>", "the metric studied", "headline.occupiedBedsMean")
    .option("-n, --replications <n>", "paired replications for each setting", "20")
    .option("-s, --seed <n>", "random seed (default: the scenario's)")
    .option("--workers <n>", 'worker threads, or "auto" (default)')
    .option("--no-progress", "no progress line on stderr")
    .option("-o, --out <dir>", "output folder (default reports/<scenario>/sensitivity/)")
    .action(sensitivityCommand);

  program
    .command("fit")
    .description("Fit a scenario (arrivals, lengths of stay, pathways) to a patient-level extract (CSV)")
    .argument("<records>", "extract: one row per spell (CSV; comma, semicolon or tab)")
    .requiredOption("--out <file>", "scenario file to write (.yaml)")
    .option("--report <dir>", "folder for the fit report (summary, parameters, skipped rows)")
    .option(
      "--map <field=column,...>",
      "the extract's column for each field, e.g. admitted=ADM_DATE,ward=WARD_CODE",
    )
    .option(
      "--extract-date <date>",
      "when the extract was taken (default: its latest date); open stays are censored there",
    )
    .option("--max-stay <days>", "longer stays are skipped as implausible (default 365)")
    .action(fitCommand);

  program
    .command("studio")
    .description("Open the browser workbench: change levers, compare variants, run in the browser")
    .argument("[scenario]", "scenario file to open (default: choose one of the shipped scenarios)")
    .option("--no-open", "print the address without opening a browser")
    .option("--port <n>", "port on 127.0.0.1 (default: any free port)")
    .option("--export <dir>", "write the app as static files to this folder instead of serving it")
    .action(studioCommand);

  program.addOption(new Option("--debug", "show stack traces").hideHelp());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; their text is already printed.
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    ) {
      return 0;
    }
    return 2;
  }
  if (error instanceof ScenarioError) {
    console.error(error.message);
    return 2;
  }
  if (error instanceof InputError) {
    console.error(`careflow: ${error.message}`);
    return 2;
  }
  const fileSystem = describeFsError(error);
  if (fileSystem !== undefined) {
    console.error(`careflow: ${fileSystem}`);
    if (process.env.CAREFLOW_DEBUG && error instanceof Error) console.error(error.stack);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`careflow: ${message}`);
  if (process.env.CAREFLOW_DEBUG && error instanceof Error) console.error(error.stack);
  return 1;
}
