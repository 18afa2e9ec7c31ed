/**
 * Before the suite: the browser the report's and studio's browser tests need, then dist/ (and the
 * studio's bundle) built once, so tests
 * that run the real command line (separate processes, worker threads) exercise the same
 * JavaScript a user runs.
 *
 * The browser is Debian's Chromium at /usr/bin/chromium, never a downloaded one. On a fresh
 * machine where it is missing, a root user gets it installed here (so `npm test` passes as the
 * README says); anyone else is told the command to run. The test is never skipped silently.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";
const INSTALL = "apt-get update && apt-get install -y chromium";

export function provisionChromium(
  exists: (path: string) => boolean = existsSync,
  isRoot: boolean = process.getuid?.() === 0,
  run: (command: string, args: string[]) => void = (command, args) => {
    execFileSync(command, args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  },
): void {
  if (exists(CHROMIUM)) return;
  if (!isRoot) {
    throw new Error(
      `The report's browser test needs Chromium at ${CHROMIUM}, which is missing. ` +
        `Install it as root, then run the tests again: sudo sh -c "${INSTALL}"`,
    );
  }
  console.log(`Chromium is missing at ${CHROMIUM}: installing Debian's package (${INSTALL})`);
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"]);
  if (!exists(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
  console.log(`Chromium installed at ${CHROMIUM}`);
}

export default function setup(): void {
  provisionChromium();
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  // careflow studio's bundle (dist/studio/), which its browser tests and `careflow studio` serve.
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "src/build/studio.ts"], {
    cwd: root,
    stdio: "inherit",
  });
}
