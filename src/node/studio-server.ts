/**
 * careflow studio's local server: serves the built app (dist/studio/) and the one scenario it was
 * given, on 127.0.0.1 only, and nothing else. The app holds its state in the page; the server
 * only hands out files, so stopping it loses nothing. A request whose Host header is not this
 * server's own address is refused (403), so a web page cannot reach it through a rebound DNS name.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "./files.js";

export interface StudioScenario {
  /** The file's own name ("acute-medical.yaml"), as the studio shows and downloads it. */
  file: string;
  text: string;
}

export const LOADED_SCENARIO_URL = "/loaded-scenario.yaml";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Vega compiles chart expressions with `new Function`, hence 'unsafe-eval'; vega-embed adds its
 * own styles. Everything else comes from this server, and nothing may be sent anywhere else.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** dist/studio/ beside this module's folder, whether it runs from dist/ or (tests) from src/. */
export function studioAppFolder(): string {
  const candidates = [
    fileURLToPath(new URL("../studio/", import.meta.url)),
    fileURLToPath(new URL("../../dist/studio/", import.meta.url)),
  ];
  const found = candidates.find(
    (dir) => existsSync(join(dir, "index.html")) && existsSync(join(dir, "app.js")),
  );
  if (found === undefined) {
    throw new Error(`careflow studio is not built (no ${candidates[0]}index.html): run "npm run build"`);
  }
  return found;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The app's files by URL path ("/app.js"), read once: the server serves exactly these. */
function appFiles(appDir: string, scenario: StudioScenario | undefined): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const path of listFiles(appDir)) {
    files.set(`/${relative(appDir, path).split(sep).join("/")}`, readFileSync(path));
  }
  files.set("/", files.get("/index.html")!);
  const config = {
    scenario: scenario === undefined ? null : { file: scenario.file, url: LOADED_SCENARIO_URL.slice(1) },
  };
  files.set("/studio-config.json", Buffer.from(`${JSON.stringify(config)}\n`));
  if (scenario !== undefined) files.set(LOADED_SCENARIO_URL, Buffer.from(scenario.text));
  return files;
}

const typeOf = (path: string): string => {
  const dot = path.lastIndexOf(".");
  return (dot >= 0 ? TYPES[path.slice(dot)] : undefined) ?? "text/html; charset=utf-8";
};

function send(response: ServerResponse, status: number, body: string | Buffer, type: string): void {
  response.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  });
  response.end(body);
}

export interface StudioServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function handleStudioRequest(
  files: ReadonlyMap<string, Buffer>,
  allowedHosts: ReadonlySet<string>,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const host = (request.headers.host ?? "").toLowerCase();
  if (!allowedHosts.has(host)) {
    send(response, 403, "careflow studio answers only to its own address.\n", "text/plain; charset=utf-8");
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    send(response, 405, "careflow studio only serves files.\n", "text/plain; charset=utf-8");
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? "/", "http://studio.invalid").pathname);
  } catch {
    send(response, 400, "Bad request.\n", "text/plain; charset=utf-8");
    return;
  }
  const body = files.get(path);
  if (body === undefined) {
    send(response, 404, "Not found.\n", "text/plain; charset=utf-8");
    return;
  }
  if (request.method === "HEAD") {
    response.writeHead(200, { "Content-Type": typeOf(path), "Content-Length": body.length });
    response.end();
    return;
  }
  send(response, 200, body, typeOf(path));
}

/** Starts the server on 127.0.0.1 (port 0: a free one) and resolves once it listens. */
export async function startStudioServer(options: {
  appDir?: string;
  scenario?: StudioScenario;
  port?: number;
}): Promise<StudioServer> {
  const files = appFiles(options.appDir ?? studioAppFolder(), options.scenario);
  const allowedHosts = new Set<string>();
  const server = createServer((request, response) =>
    handleStudioRequest(files, allowedHosts, request, response),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts.add(`127.0.0.1:${port}`);
  allowedHosts.add(`localhost:${port}`);
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes the same app as static files (for an intranet or any static host); returns the files written. */
export function exportStudio(
  outDir: string,
  scenario: StudioScenario | undefined,
  appDir = studioAppFolder(),
): string[] {
  const files = appFiles(appDir, scenario);
  const written: string[] = [];
  for (const [path, body] of files) {
    if (path === "/") continue;
    const target = join(outDir, ...path.slice(1).split("/"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic(target, body);
    written.push(target);
  }
  return written;
}

export const scenarioFileName = (path: string): string => basename(path);
