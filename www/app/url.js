// The URL grammar of DESIGN.md's automation contract: which query parameters the page reads
// and writes, their defaults, and the seed's old names.

/** Form fields in URL order; `workers` and `window-workers` live in the parallelism panel. */
export const FIELDS = [
  "code",
  "distances",
  "rounds",
  "p",
  "basis",
  "noise",
  "decoder",
  "correlated",
  "commit-rounds",
  "buffer-rounds",
  "max-shots",
  "max-errors",
  "seed",
  "workers",
  "window-workers",
];

/**
 * The views' parameters, kept in the URL beside the form's: the shot viewer's (view=shot,
 * shot=K, find) and the realtime view's (view=realtime, round-rate).
 */
const VIEW_FIELDS = ["view", "shot", "find", "round-rate"];
const view = {};

/** The seed system's names for the window rounds. */
const ALIASES = { "window-rounds": "commit-rounds", overlap: "buffer-rounds" };

/** A random 64-bit seed as a decimal string. */
export function randomSeed() {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return ((BigInt(words[0]) << 32n) | BigInt(words[1])).toString();
}

export function defaults(hardwareThreads) {
  return {
    code: "rotated",
    distances: "3,5,7",
    rounds: "d",
    p: "0.001,0.003,0.005,0.007,0.01",
    basis: "z",
    noise: "stim",
    decoder: "global",
    correlated: "",
    "commit-rounds": "",
    "buffer-rounds": "",
    "max-shots": "100000",
    "max-errors": "200",
    seed: "",
    workers: String(Math.min(Math.max(hardwareThreads, 1), 64)),
    "window-workers": "1",
  };
}

/** The form as the URL gives it (defaults filled in) and whether it asks to run at once. */
export function readUrl(search, hardwareThreads) {
  const params = new URLSearchParams(search);
  const form = defaults(hardwareThreads);
  for (const [name, value] of params) {
    const field = ALIASES[name] ?? name;
    if (FIELDS.includes(field)) form[field] = value;
  }
  const seedGiven = params.has("seed");
  if (!seedGiven) form.seed = randomSeed();
  return { form, run: params.get("run") === "1", seedGiven };
}

/** Writes the form into the URL (replacing the history entry); `run` keeps run=1 on. */
export function writeUrl(form, { run = false } = {}) {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    if (form[field] !== undefined && form[field] !== "") params.set(field, form[field]);
  }
  if (run) params.set("run", "1");
  for (const field of VIEW_FIELDS) if (view[field] !== undefined) params.set(field, view[field]);
  replaceQuery(params);
}

/** The views' URL parameters: {view, shot, find, round-rate} (null when absent). */
export function readView(search) {
  const params = new URLSearchParams(search);
  return Object.fromEntries(VIEW_FIELDS.map((field) => [field, params.get(field)]));
}

/** Sets (a string) or removes (null) view parameters in the URL, keeping everything else. */
export function setView(changes) {
  const params = new URLSearchParams(location.search);
  for (const [field, value] of Object.entries(changes)) {
    if (!VIEW_FIELDS.includes(field)) continue;
    if (value === null || value === undefined) {
      delete view[field];
      params.delete(field);
    } else {
      view[field] = String(value);
      params.set(field, String(value));
    }
  }
  replaceQuery(params);
}

/** Replaces the query, keeping the fragment (the circuit box's #circuit=). */
function replaceQuery(params) {
  const url = `${location.pathname}?${params.toString().replaceAll("%2C", ",")}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`)
    history.replaceState(null, "", url);
}
