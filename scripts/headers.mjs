// The response headers the page is served with, in one place: scripts/serve.mjs sends them, and
// scripts/build-version.mjs writes them into www/pkg/build-version.js, from which the service
// worker (www/sw.js) adds each one a static host left out. www/index.html repeats the policy in
// a <meta> (without frame-ancestors, which a <meta> cannot carry) for a host's first visit,
// before the service worker runs; tests/e2e/security.test.mjs checks the two agree.

/** SharedArrayBuffer, and so the threaded wasm build, needs cross-origin isolation. */
export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/**
 * Nothing but the app's own files: no inline script and no eval. 'wasm-unsafe-eval' lets the
 * page and its workers compile the wasm modules; wasm-bindgen-rayon starts its threads from
 * blob: URLs, so workers need blob: (without it a threaded run never finishes). The favicon is
 * `data:,`.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders = {
  "Content-Security-Policy": contentSecurityPolicy,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};
