/**
 * `careflow studio [scenario]`: the browser workbench, served on 127.0.0.1 until Ctrl-C, or
 * written as static files with --export DIR. The scenario is validated here first, so a broken
 * file is reported in the terminal like `careflow validate` would.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { readScenarioFile } from "../node/scenario-file.js";
import {
  exportStudio,
  type StudioScenario,
  scenarioFileName,
  startStudioServer,
} from "../node/studio-server.js";
import { validateParsed } from "../scenario/parse.js";
import { UsageError } from "./usage-error.js";

export interface StudioCommandOptions {
  open?: boolean;
  port?: string;
  export?: string;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!(Number.isSafeInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535 (0: any free port), got "${text}"`);
  }
  return port;
}

function loadScenario(file: string | undefined): StudioScenario | undefined {
  if (file === undefined) return undefined;
  validateParsed(readScenarioFile(file));
  return { file: scenarioFileName(file), text: readFileSync(file, "utf8") };
}

/** The desktop's default browser, if the machine has one; a failure only means the user opens the URL. */
function openInBrowser(url: string): void {
  const opener = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open"].find((path) => existsSync(path));
  if (opener === undefined) return;
  try {
    const child = spawn(opener, [url], { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // no browser to open: the printed address is enough
  }
}

export async function studioCommand(file: string | undefined, options: StudioCommandOptions): Promise<void> {
  const port = parsePort(options.port);
  const scenario = loadScenario(file);
  if (options.export !== undefined) {
    const dir = resolve(options.export);
    const written = exportStudio(dir, scenario);
    console.log(
      `careflow studio written to ${dir} (${written.length} files); open index.html through any web server`,
    );
    return;
  }
  const studio = await startStudioServer({ ...(scenario === undefined ? {} : { scenario }), port });
  // Ctrl-C handling is in place before the address is printed: whoever reads it may stop us at once.
  const stopped = new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void studio.close().then(done);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  console.log(`careflow studio: ${studio.url}${scenario === undefined ? "" : ` (${scenario.file})`}`);
  console.log("Serving on this computer only. Press Ctrl-C to stop.");
  if (options.open !== false) openInBrowser(studio.url);
  await stopped;
}
