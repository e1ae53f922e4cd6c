// The page's one service worker, for every host: npm start's server and a static host's dist/.
//
// Offline: on install it caches the app shell and both wasm builds (the files listed in
// pkg/build-version.js) under a cache named after the build's content hash, and serves them
// cache-first, so the page loads and runs with the network gone. A new build changes
// pkg/build-version.js, which the browser checks on every visit (it is imported below): the new
// worker fills a new cache, takes over, and drops the old one, so the next visit runs the update.
//
// Headers: every same-origin response gets the headers the host left out (the build file lists
// them, from scripts/headers.mjs): cross-origin isolation, which SharedArrayBuffer and the
// threaded build need and a static host cannot send, and the Content-Security-Policy,
// nosniff and referrer policy. It must not cache anything else or answer other origins.

importScripts("pkg/build-version.js");

const build = self.surfacelabBuild;
const PREFIX = "surfacelab-";
const CACHE = `${PREFIX}${build.version}`;
const scope = new URL(self.registration.scope);
const indexUrl = new URL("index.html", scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Past the HTTP cache: the cache must hold this build's files, not older copies.
      await cache.addAll(build.files.map((file) => new Request(file, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The response with each header the host did not send. */
function withHeaders(response) {
  if (response.status === 0 || response.type === "opaqueredirect") return response;
  const headers = new Headers(response.headers);
  let changed = false;
  for (const [name, value] of Object.entries(build.headers)) {
    if (!headers.has(name)) {
      headers.set(name, value);
      changed = true;
    }
  }
  if (!changed) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** The cached copy of a request for this build's files (a page URL maps to index.html). */
async function cached(request) {
  const url = new URL(request.url);
  url.hash = "";
  if (request.mode === "navigate") {
    url.search = "";
    if (url.href === scope.href) url.href = indexUrl;
  }
  const cache = await caches.open(CACHE);
  return cache.match(url.href, { ignoreSearch: request.mode === "navigate" });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => withHeaders((await cached(request)) ?? (await fetch(request))))());
});
