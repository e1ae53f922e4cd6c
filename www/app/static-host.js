// On a static host (dist/, marked by `data-static-host` on <html>), a page without the
// isolation headers registers coi-sw.js and reloads once under its control. Elsewhere, or when
// that fails, the page goes on single-threaded and says why (see threadsWhy).

const RELOADED = "surfacelab-coi-reload";

/** Resolves when the page may start; never resolves when it is about to reload. */
export async function isolateIfStaticHost() {
  if (document.documentElement.dataset.staticHost !== "1" || globalThis.crossOriginIsolated) {
    return "";
  }
  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    return "service workers are not available here (they need https or localhost)";
  }
  try {
    const registration = await navigator.serviceWorker.register(
      new URL("../coi-sw.js", import.meta.url),
    );
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
