/** batch.json on disk, and the SHA-256 that ties a batch to its scenario file's bytes. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BatchInputError } from "../batch/input-error.js";
import { asManifest, type BatchManifest, MANIFEST_FILE } from "../batch/manifest.js";
import { writeJson } from "./files.js";

export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

export function readManifest(dir: string): BatchManifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new BatchInputError(`${path} is not valid JSON`);
  }
  return asManifest(parsed, path);
}

export function writeManifest(dir: string, manifest: BatchManifest): void {
  writeJson(join(dir, MANIFEST_FILE), manifest);
}
