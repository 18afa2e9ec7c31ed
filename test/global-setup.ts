/**
 * Builds dist/ (and the studio's bundle) once before the suite, so tests that run the real command line (separate
 * processes, worker threads) exercise the same JavaScript a user runs.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  // careflow studio's bundle (dist/studio/), which its browser tests and `careflow studio` serve.
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/build-studio.ts"], {
    cwd: root,
    stdio: "inherit",
  });
}
