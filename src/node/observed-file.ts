/**
 * `careflow check --observed`'s file: read by csv-parse (comma, semicolon or tab, chosen from the
 * header line; a byte-order mark dropped) into the platform-free reader, which skips and counts
 * bad rows; malformed CSV records are skipped and counted the same way.
 */
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { WorkerRequest } from "../batch/executor.js";
import {
  checkObserved,
  checkObservedOptions,
  type ObservedCheckOptions,
  type ObservedCheckResult,
} from "../batch/observed.js";
import { type ObservedInput, ObservedReader } from "../batch/observed-input.js";
import { loadVariant } from "../batch/replication.js";
import { InputError } from "../scenario/problems.js";
import { scenarioSource } from "./batch.js";
import { csvRows } from "./csv-file.js";
import { createExecutor, resolveWorkers } from "./executor.js";

export async function readObservedFile(file: string, wards: readonly string[]): Promise<ObservedInput> {
  if (!existsSync(file)) throw new InputError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new InputError(`${file}: not a file`);
  const csv = csvRows(file, "the file is empty");
  const name = basename(file);
  let reader: ObservedReader | undefined;
  csv.onMalformed((line) => reader?.skip(line, "malformed CSV record"));
  for await (const { record, info } of csv.rows) {
    if (!reader) reader = new ObservedReader(name, record, wards);
    else reader.row(record, info.lines);
  }
  if (!reader) throw new InputError(`${file}: the file is empty (no header row)`);
  return reader.finish();
}

export interface ObservedCheckFileOptions extends ObservedCheckOptions {
  scenario: string;
  observed: string;
  workers?: WorkerRequest;
}

/** Reads the scenario and the observed file, runs the replications on worker threads, compares. */
export async function checkObservedFile(options: ObservedCheckFileOptions): Promise<ObservedCheckResult> {
  const n = checkObservedOptions(options);
  const source = scenarioSource(options.scenario);
  const name = options.variant ?? "baseline";
  const wards = loadVariant(source, { name, base: name, overrides: {} }).scenario.wards.map((w) => w.id);
  const observed = await readObservedFile(options.observed, wards);
  const executor = createExecutor(resolveWorkers(options.workers ?? "auto", n));
  return checkObserved(source, observed, options, executor);
}
