// A small static server for www/, with the headers threaded WebAssembly needs.
//
//   node scripts/serve.mjs [--exit-with=PID] [directory]     (default directory: www/)
//   PORT=9000 HOST=0.0.0.0 node scripts/serve.mjs
//
// --no-isolation (or SURFACELAB_NO_ISOLATION=1) leaves out the cross-origin isolation headers, to
// try the page's single-thread fallback as a static host without them would serve it.
//
// --exit-with=PID (used by `npm start`) stops the server once process PID has ended, so stopping
// npm (which signals only its direct child) does not leave a server behind.
//
// SharedArrayBuffer (and so wasm threads) needs cross-origin isolation: every response carries
// COOP same-origin, COEP require-corp and CORP same-origin. Every response also carries a strict
// Content-Security-Policy, nosniff and a referrer policy (scripts/headers.mjs). Only files inside
// the served directory are sent: `..` (plain or encoded) and symbolic links out of it get 403 or
// 404. pkg/build-version.js (the service worker's file list and cache key) is computed afresh on
// every request, so an edited page is a new build (scripts/build-version.mjs). No dependencies,
// on purpose.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { buildVersion, buildVersionText, VERSION_FILE } from "./build-version.mjs";
import { isolationHeaders, securityHeaders } from "./headers.mjs";

const scriptDir = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const watchedPid = Number(args.find((arg) => arg.startsWith("--exit-with="))?.split("=")[1] ?? 0);
const isolated = !args.includes("--no-isolation") && process.env.SURFACELAB_NO_ISOLATION !== "1";
const positional = args.filter((arg) => !arg.startsWith("--"));
const requestedRoot = resolve(positional[0] ?? join(scriptDir, "..", "www"));
const host = process.env.HOST || "127.0.0.1";
const firstPort = parsePort(process.env.PORT ?? "8080");
const portAttempts = 20;

const contentTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".stim": "text/plain; charset=utf-8",
  ".dem": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

// Every response, errors included (scripts/headers.mjs): isolation, the Content-Security-Policy,
// nosniff and the referrer policy.
const responseHeaders = {
  ...(isolated && isolationHeaders),
  ...securityHeaders,
  // A development server: always revalidate, so a rebuilt wasm module is never stale.
  "Cache-Control": "no-cache",
};

function parsePort(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return port;
}

function sendError(response, status, message, method) {
  const body = `<!doctype html><meta charset="utf-8"><title>${status}</title><p>${status} ${message}</p>\n`;
  response.writeHead(status, {
    ...responseHeaders,
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  response.end(method === "HEAD" ? undefined : body);
}

// Maps a URL path to a file inside root, or null when it would leave root or does not exist.
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return { status: 400 };
  let candidate = resolve(root, "." + decoded);
  if (candidate !== root && !candidate.startsWith(root + sep)) return { status: 403 };
  try {
    if ((await stat(candidate)).isDirectory()) {
      if (!urlPath.endsWith("/")) return { status: 301, location: urlPath + "/" };
      candidate = join(candidate, "index.html");
    }
    // Symbolic links may not lead out of root either.
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + sep)) return { status: 403 };
    const info = await stat(real);
    if (!info.isFile()) return { status: 404 };
    return { status: 200, path: real, size: info.size };
  } catch {
    return { status: 404 };
  }
}

async function handle(root, request, response) {
  const method = request.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    sendError(response, 405, "Method Not Allowed", method);
    return;
  }
  // Leading slashes collapse to one: "//host/x" parsed against a base is a URL of another
  // host (a 500 here), and a redirect to "//sub/" would send the browser to host "sub".
  let url;
  try {
    url = new URL(`http://localhost/${(request.url ?? "/").replace(/^\/+/, "")}`);
  } catch {
    sendError(response, 400, "Bad Request", method);
    return;
  }
  const found = await resolveFile(root, url.pathname);
  if (found.status === 301) {
    response.writeHead(301, { ...responseHeaders, Location: found.location + url.search });
    response.end();
  } else if (found.status === 400) {
    sendError(response, 400, "Bad Request", method);
  } else if (found.status === 403) {
    sendError(response, 403, "Forbidden", method);
  } else if (found.status === 404) {
    sendError(response, 404, `Not Found: ${escapeHtml(url.pathname)}`, method);
  } else if (found.path === join(root, VERSION_FILE)) {
    // The build as its files are now, so an edited page is a new build for the service worker
    // without rerunning the build script.
    const body = buildVersionText(buildVersion(root));
    response.writeHead(200, {
      ...responseHeaders,
      "Content-Type": contentTypes[".js"],
      "Content-Length": Buffer.byteLength(body),
    });
    response.end(method === "HEAD" ? undefined : body);
  } else {
    response.writeHead(200, {
      ...responseHeaders,
      "Content-Type": contentTypes[extname(found.path).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": found.size,
    });
    if (method === "HEAD") {
      response.end();
      return;
    }
    const stream = createReadStream(found.path);
    stream.on("error", () => response.destroy());
    stream.pipe(response);
  }
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function listen(server, port, attemptsLeft) {
  return new Promise((resolvePromise, reject) => {
    const onError = (error) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE" && attemptsLeft > 1 && port !== 0) {
        console.error(`Port ${port} is busy, trying ${port + 1}`);
        resolvePromise(listen(server, port + 1, attemptsLeft - 1));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off("error", onError);
      resolvePromise(server.address().port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

async function main() {
  let root;
  try {
    root = await realpath(requestedRoot);
  } catch {
    console.error(`Cannot serve ${requestedRoot}: no such directory`);
    process.exit(1);
  }
  const server = createServer((request, response) => {
    handle(root, request, response).catch((error) => {
      console.error(error);
      if (!response.headersSent) sendError(response, 500, "Internal Server Error", request.method);
      else response.destroy();
    });
  });
  let port;
  try {
    port = await listen(server, firstPort, portAttempts);
  } catch (error) {
    console.error(`Cannot listen on ${host}:${firstPort}: ${error.message}`);
    process.exit(1);
  }
  const shownHost =
    host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  console.log(`SurfaceLab is running at http://${shownHost}:${port}/`);
  const isolation = isolated ? "cross-origin isolated" : "NOT cross-origin isolated";
  console.log(`Serving ${root} (${isolation}). Press Ctrl-C to stop.`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (watchedPid > 1) {
    setInterval(() => {
      try {
        process.kill(watchedPid, 0);
      } catch {
        stop();
      }
    }, 1000).unref();
  }
}

main();
