/**
 * Writing outputs so that nothing already written is lost and nothing partial passes for
 * complete: each file is written to a temporary name beside its target, then renamed over it
 * (a rename within one folder is atomic on POSIX file systems).
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { assertInside, checkOutputFolder } from "./safe-path.js";

/**
 * Test-only: CAREFLOW_TEST_KILL_AFTER_WRITES=N kills the process abruptly (SIGKILL, no clean-up)
 * right after its Nth file write, so tests can stop a command at every write boundary.
 */
const killAfterWrites = Number(process.env.CAREFLOW_TEST_KILL_AFTER_WRITES ?? 0);
let writes = 0;

/** Called after each completed write (a file renamed into place, a record appended). */
export function wroteFile(): void {
  writes++;
  if (killAfterWrites > 0 && writes === killAfterWrites) process.kill(process.pid, "SIGKILL");
}

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, path);
  wroteFile();
}

export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes (name, content) pairs into a folder in the order given; returns the names written.
 * Each name is checked to stay inside the folder.
 */
export function writeFiles(dir: string, files: readonly (readonly [string, string])[]): string[] {
  for (const [name] of files) assertInside(dir, join(dir, name));
  for (const [name, content] of files) writeFileAtomic(join(dir, name), content);
  return files.map(([name]) => name);
}

/** Removes files of an earlier run by name (only these names: never a user's own files). */
export function removeFiles(dir: string, names: readonly string[]): void {
  checkOutputFolder(dir);
  for (const name of names) {
    const path = join(dir, name);
    assertInside(dir, path);
    rmSync(path, { force: true });
  }
}

/**
 * writeFileAtomic for content too large for one string (a merged replications.jsonl): the
 * pieces are written in order, gathered into writes of about a megabyte.
 */
export function writeFileAtomicPieces(path: string, pieces: Iterable<string>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, "w");
  try {
    let pending: string[] = [];
    let length = 0;
    for (const piece of pieces) {
      pending.push(piece);
      length += piece.length;
      if (length >= 1 << 20) {
        writeSync(fd, pending.join(""));
        pending = [];
        length = 0;
      }
    }
    if (pending.length > 0) writeSync(fd, pending.join(""));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  wroteFile();
}
