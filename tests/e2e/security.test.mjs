// Nothing let in: the served page and dist/ carry a strict Content-Security-Policy, nosniff and a
// referrer policy (scripts/headers.mjs), a full threaded run violates none of it, markup in an
// imported CSV shows as text, and npm start's server sends no file from outside its root.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { contentSecurityPolicy, securityHeaders } from "../../scripts/headers.mjs";
import { launchBrowser, openPage, root, startServer, testId, waitForRunEnd } from "./harness.mjs";

const SECRET = "surfacelab-secret-outside-the-root";
let server;
let browser;
let sandbox;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Every CSP violation the documents report (workers' show up as console errors).
  await browser.context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) =>
      window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

/** A raw GET of `path` exactly as written (no normalisation by a URL parser). */
function rawGet(baseUrl, path) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode, body, response }));
    });
    req.on("error", reject);
    req.end();
  });
}

function checkHeaders(headers, where) {
  for (const [name, value] of Object.entries(securityHeaders)) {
    assert.equal(headers[name.toLowerCase()], value, `${name} on ${where}`);
  }
}

const metaPolicy = (html) =>
  /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];

/** The policy a <meta> can carry: the header's without frame-ancestors. */
const expectedMeta = contentSecurityPolicy
  .split("; ")
  .filter((directive) => !directive.startsWith("frame-ancestors"))
  .join("; ");

function listJs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listJs(path);
    return entry.name.endsWith(".js") ? [path] : [];
  });
}

test("the page has no inline script, handler or style, and no app code writes HTML", () => {
  const html = readFileSync(join(root, "www/index.html"), "utf8");
  assert.equal(metaPolicy(html), expectedMeta);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "inline <script> (or import map)");
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, "inline event handler");
  assert.doesNotMatch(html, /\sstyle\s*=/i, "inline style attribute");
  for (const file of listJs(join(root, "www/app"))) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(
      text,
      /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\s*\(|document\.write|\beval\s*\(|new Function\s*\(/,
      relative(root, file),
    );
  }
});

test("the server sends the policy, nosniff and the referrer policy on every response", async () => {
  for (const path of ["/", "/app/main.js", "/pkg/st/surfacelab_bg.wasm", "/no-such-file"]) {
    const { response } = await rawGet(server.url, path);
    checkHeaders(response.headers, path);
  }
});

test("a (2, 2) parallel-window run violates no part of the policy", async () => {
  const query =
    "?distances=5&rounds=20&p=0.005&decoder=parallel-window&commit-rounds=3&buffer-rounds=3" +
    "&max-shots=2000&seed=3&workers=2&window-workers=2&run=1";
  const { page, problems } = await openPage(browser.context, `${server.url}${query}`);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await page.textContent(testId("threads-mode")), "threaded");
  assert.equal(await waitForRunEnd(page), "done");
  assert.equal(await page.getAttribute("tr[data-d]", "data-shots"), "2000");
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(problems, []);
  await page.close();
});

const csvField = (text) => `"${String(text).replaceAll('"', '""')}"`;

test("markup and script in an imported CSV show as text and never run", async () => {
  const img = `<img src=x onerror="window.pwned='img'">`;
  const script = `<script>window.pwned='script'</script>`;
  const rows = [
    { decoder: img, strongId: script, metadata: { b: img, d: 3, r: 3, p: 0.01, noise: script } },
    { decoder: script, strongId: img, metadata: { b: "Z", d: script, r: img, p: img, c: img } },
  ];
  const text = [
    "shots,errors,discards,seconds,decoder,strong_id,json_metadata",
    ...rows.map((row) =>
      [1000, 7, 0, 0.5, row.decoder, row.strongId, JSON.stringify(row.metadata)]
        .map(csvField)
        .join(","),
    ),
  ].join("\n");
  const { page, problems } = await openPage(browser.context, server.url);
  await page.setInputFiles(testId("import-csv"), {
    name: "markup.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(text),
  });
  await page.waitForFunction(() => document.querySelectorAll("tr[data-d]").length === 2);
  assert.equal(await page.textContent(testId("error-import-csv")), "");
  const cells = await page.$$eval("tr[data-d] td", (tds) => tds.map((td) => td.textContent));
  assert.ok(cells.includes(img), "the decoder's markup shows as text");
  assert.ok(cells.includes(script), "the decoder's script shows as text");
  assert.ok(cells.includes(img.toUpperCase()), "the basis's markup shows as text");
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator("img, script:not([src])").count(), 0);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the server sends nothing from outside its root", async () => {
  sandbox = mkdtempSync(join(tmpdir(), "surfacelab-serve-"));
  const served = join(sandbox, "root");
  const outside = join(sandbox, "outside");
  mkdirSync(join(served, "sub"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(served, "index.html"), "inside\n");
  writeFileSync(join(outside, "secret.txt"), `${SECRET}\n`);
  writeFileSync(join(outside, "index.html"), `${SECRET}\n`);
  symlinkSync(join(outside, "secret.txt"), join(served, "escape-file"));
  symlinkSync("../outside", join(served, "escape-dir"));
  symlinkSync("index.html", join(served, "inner-link"));
  const local = await startServer({ directory: served });
  try {
    assert.equal((await rawGet(local.url, "/inner-link")).body, "inside\n");
    const attempts = [
      "/../outside/secret.txt",
      "/sub/../../outside/secret.txt",
      "/..%2foutside%2fsecret.txt",
      "/%2e%2e/outside/secret.txt",
      "/%2e%2e%2foutside%2fsecret.txt",
      "/%2E%2E%2Foutside%2Fsecret.txt",
      "/sub/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt",
      "/%252e%252e/outside/secret.txt",
      "/..%5coutside%5csecret.txt",
      "/..\\outside\\secret.txt",
      `${join(outside, "secret.txt")}`,
      `/${encodeURIComponent(join(outside, "secret.txt"))}`,
      `/${join(outside, "secret.txt")}`,
      `/%2f${relative("/", join(outside, "secret.txt"))}`,
      "/secret.txt%00",
      "/escape-file",
      "/escape-dir/secret.txt",
      "/escape-dir/",
      "/escape-dir",
      "/sub/..%2f..%2fescape-dir/secret.txt",
    ];
    for (const path of attempts) {
      const { status, body } = await rawGet(local.url, path);
      assert.ok([301, 400, 403, 404].includes(status), `${path}: status ${status}`);
      assert.ok(!body.includes(SECRET), `${path}: the file outside the root was sent`);
      if (status === 301) {
        // Only a slash added to a directory; following it must not escape either.
        const next = await rawGet(local.url, `${path}/`);
        assert.ok([400, 403, 404].includes(next.status), `${path}/: status ${next.status}`);
      }
    }
  } finally {
    local.close();
  }
});

test("paths that start with several slashes stay paths of this server", async () => {
  const served = mkdtempSync(join(tmpdir(), "surfacelab-slashes-"));
  mkdirSync(join(served, "sub"));
  writeFileSync(join(served, "index.html"), "inside\n");
  writeFileSync(join(served, "sub", "index.html"), "sub\n");
  const local = await startServer({ directory: served });
  try {
    const root = await rawGet(local.url, "//?distances=5");
    assert.equal(root.status, 200, "//?query serves the root's index");
    assert.equal(root.body, "inside\n");
    for (const path of ["//sub", "///sub"]) {
      const { status, response } = await rawGet(local.url, path);
      assert.equal(status, 301, `${path}: status`);
      assert.equal(response.headers.location, "/sub/", `${path}: redirect stays on this host`);
    }
    assert.equal((await rawGet(local.url, "//sub/")).body, "sub\n");
    assert.equal((await rawGet(local.url, "//elsewhere.example/x")).status, 404);
  } finally {
    local.close();
    rmSync(served, { recursive: true, force: true });
  }
});

test("dist/ carries the policy in a <meta> and, through its service worker, in headers", async () => {
  execFileSync("bash", [join(root, "scripts/build-dist.sh")], { cwd: root, stdio: "ignore" });
  assert.equal(metaPolicy(readFileSync(join(root, "dist/index.html"), "utf8")), expectedMeta);
  const dist = await startServer({ isolated: false, directory: join(root, "dist") });
  try {
    const query =
      "?distances=3&p=0.01&decoder=parallel-window&commit-rounds=2&buffer-rounds=2" +
      "&max-shots=1024&seed=5&workers=2&window-workers=2&run=1";
    const { page, problems } = await openPage(browser.context, `${dist.url}${query}`);
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 30_000 });
    await page.waitForSelector("body[data-ready='1']");
    const headers = await page.evaluate(async () => {
      const response = await fetch("app/main.js");
      return Object.fromEntries(response.headers);
    });
    checkHeaders(headers, "dist/app/main.js through the service worker");
    assert.equal(await waitForRunEnd(page), "done");
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    dist.close();
  }
});
