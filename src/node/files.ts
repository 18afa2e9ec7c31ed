/**
 * Writing outputs so that nothing already written is lost and nothing partial passes for
 * complete: each file is written to a temporary name beside its target, then renamed over it
 * (a rename within one folder is atomic on POSIX file systems).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes (name, content) pairs into a folder in the order given; returns the names written. */
export function writeFiles(dir: string, files: readonly (readonly [string, string])[]): string[] {
  for (const [name, content] of files) writeFileAtomic(join(dir, name), content);
  return files.map(([name]) => name);
}
