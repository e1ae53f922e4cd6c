// The page's side of www/sw.js, the one service worker: registers it on every host (it caches
// the build for offline use and adds the headers a static host leaves out) and shows which build
// the page runs (`app-version`).
//
// On a static host (dist/, marked by `data-static-host` on <html>), a page without the isolation
// headers reloads once under the worker's control, which adds them. Elsewhere, or when that
// fails, the page goes on single-threaded and says why (see threadsWhy). It never waits for the
// cache: a first visit runs from the network while the worker fills it.

const RELOADED = "surfacelab-coi-reload";
const SW_URL = new URL("../sw.js", import.meta.url);
/** The worker's cache names: this prefix and the build version (www/sw.js). */
const CACHE_PREFIX = "surfacelab-";

function register() {
  return navigator.serviceWorker.register(SW_URL, { updateViaCache: "none" });
}

/** Resolves to why the page is not isolated ("" when that is fine); never resolves before a reload. */
export async function startServiceWorker() {
  const available = "serviceWorker" in navigator && window.isSecureContext;
  const staticHost = document.documentElement.dataset.staticHost === "1";
  if (!staticHost || globalThis.crossOriginIsolated) {
    // Offline support only: a failure leaves the page as it was.
    if (available) register().catch(() => {});
    return "";
  }
  if (!available) {
    return "service workers are not available here (they need https or localhost)";
  }
  try {
    const registration = await register();
    if (navigator.serviceWorker.controller) {
      // Controlled, yet not isolated: the browser would not isolate this page.
      return "the service worker could not isolate this page";
    }
    if (sessionStorage.getItem(RELOADED)) {
      return "the service worker did not take control of the page";
    }
    await navigator.serviceWorker.ready;
    sessionStorage.setItem(RELOADED, "1");
    if (!registration.active) return "the service worker did not start";
    location.reload();
    return new Promise(() => {});
  } catch (error) {
    return `the service worker could not be registered (${error?.message ?? error})`;
  }
}

/** The build versions with a cache, from the worker's cache names. */
async function cachedVersions() {
  return (await caches.keys())
    .filter((name) => name.startsWith(CACHE_PREFIX))
    .map((name) => name.slice(CACHE_PREFIX.length));
}

/**
 * Fills `app-version` with the build this page runs (from the same place its files came from:
 * the network, or the worker's cache). `data-offline="1"` once that build is cached; when a newer
 * build has taken over the cache (the worker found it during this visit), `data-update` names it
 * and a note beside the version says a reload runs it.
 */
export async function showVersion(element) {
  let version = "";
  try {
    await import("../pkg/build-version.js");
    version = globalThis.surfacelabBuild?.version ?? "";
  } catch {
    version = "";
  }
  element.textContent = version || "unknown";
  element.dataset.version = version;
  element.dataset.offline = "0";
  if (!version || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  const note = document.createElement("span");
  element.after(note);
  const describe = async () => {
    const versions = await cachedVersions();
    const offline = versions.includes(version);
    const update = offline ? undefined : versions.find((other) => other !== version);
    element.dataset.offline = offline ? "1" : "0";
    if (update) element.dataset.update = update;
    else delete element.dataset.update;
    element.title = offline ? "This build is saved for offline use." : "Not saved for offline use.";
    if (update) note.textContent = ` (build ${update} is ready: reload to run it)`;
    else note.textContent = offline ? " · saved for offline use" : "";
  };
  try {
    await navigator.serviceWorker.ready;
    await describe();
    // A new worker takes over (skipWaiting) before its activation drops the old cache.
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      const worker = navigator.serviceWorker.controller;
      const settled = () => !worker || worker.state === "activated";
      if (settled()) describe().catch(() => {});
      else
        worker.addEventListener("statechange", () => {
          if (settled()) describe().catch(() => {});
        });
    });
  } catch {
    // No worker, no offline copy: the attribute stays 0.
  }
}
