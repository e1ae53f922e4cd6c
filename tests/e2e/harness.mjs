// Shared pieces of the end-to-end tests: a server (scripts/serve.mjs on a free port, with or
// without the isolation headers) and the system Chromium driven by playwright-core
// (TOOLCHAIN.md: Playwright's own browser download does not work here).

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The hooks most test files share: the page's server (with or without the isolation headers)
 * and a browser, started before the file's tests and stopped after them. Returns a holder whose
 * `server` and `browser` are set once the `before` hook has run.
 */
export function useServerAndBrowser({ isolated = true } = {}) {
  const session = {};
  before(async () => {
    session.server = await startServer({ isolated });
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    session.server?.close();
  });
  return session;
}

/** Starts the page's server; resolves to {url, close}. */
export function startServer({ isolated = true, directory = join(root, "www") } = {}) {
  const args = [join(root, "scripts/serve.mjs"), directory];
  if (!isolated) args.push("--no-isolation");
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve({ url: match[1], close: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"])
      .toString()
      .trim();
  } catch {
    throw new Error("no chromium on PATH; bash scripts/setup.sh installs it");
  }
}

/** Launches headless Chromium with a fresh profile; resolves to {browser, close}. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "surfacelab-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context: browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `url` in a new page and records uncaught exceptions and console errors. */
export async function openPage(context, url, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("worker", (worker) => {
    worker.on("console", (message) => {
      if (message.type() === "error") problems.push(`worker console error: ${message.text()}`);
    });
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
  return { page, problems };
}

export const testId = (id) => `[data-testid="${id}"]`;

/** Waits until `run-status` leaves idle and running; resolves to the status it ended in. */
export async function waitForRunEnd(page, timeout = 120_000) {
  await page.waitForFunction(
    () =>
      !["idle", "running"].includes(
        document.querySelector('[data-testid="run-status"]').textContent,
      ),
    null,
    { timeout },
  );
  return page.textContent(testId("run-status"));
}
