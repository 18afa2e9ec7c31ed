/**
 * Scenario files on disk: read through a size-limited loop (a device or a pipe reports no size,
 * so the limit is counted as bytes arrive, whatever stat says), then the platform-free parser.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import {
  type LoadedScenario,
  MAX_SCENARIO_BYTES,
  type ParsedFile,
  parseScenarioText,
  validateParsed,
} from "../scenario/parse.js";
import { ScenarioError } from "../scenario/problems.js";
import { readCensusFiles } from "./census-file.js";
import { fsErrorReason } from "./fs-errors.js";

const CHUNK_BYTES = 64 * 1024;

const tooLarge = (file: string, size: string): ScenarioError =>
  new ScenarioError(file, [
    {
      path: "(the whole file)",
      message: `is ${size} bytes; scenario files are limited to ${MAX_SCENARIO_BYTES}`,
    },
  ]);

/** The file's text, refusing files over MAX_SCENARIO_BYTES and saying why one cannot be read. */
export function readScenarioText(file: string): string {
  try {
    const fd = openSync(file, "r");
    try {
      const stat = fstatSync(fd);
      if (stat.isFile() && stat.size > MAX_SCENARIO_BYTES) throw tooLarge(file, String(stat.size));
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.alloc(CHUNK_BYTES);
        const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
        if (n === 0) break;
        total += n;
        if (total > MAX_SCENARIO_BYTES) throw tooLarge(file, `more than ${MAX_SCENARIO_BYTES}`);
        chunks.push(chunk.subarray(0, n));
      }
      return Buffer.concat(chunks).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const reason = fsErrorReason(error);
    if (reason === undefined) throw error;
    throw new ScenarioError(file, [{ path: "(the whole file)", message: `cannot be read: ${reason}` }]);
  }
}

export function readScenarioFile(file: string): ParsedFile {
  const parsed = parseScenarioText(readScenarioText(file), file);
  const census = readCensusFiles(file, parsed.raw);
  return census === undefined ? parsed : { ...parsed, census };
}

/** Reads, applies a variant and validates; throws ScenarioError listing every problem. */
export function loadScenario(file: string, variant?: string): LoadedScenario {
  return validateParsed(readScenarioFile(file), variant);
}
