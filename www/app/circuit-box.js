// The circuit box: "your own circuit" in the code field. The text is pasted or read from a
// .stim file and checked by the core as the CLI's --circuit checks it (validateForm, the
// `circuit` field), after a short pause in typing; a message naming a line shows that line
// beside the box. The text travels in the URL's fragment (#circuit=, base64url of the
// deflate-raw compressed text, so it never reaches a server) while the whole URL stays under
// 8,000 characters; a larger circuit has to come from a file.

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** The code field's value for the circuit box (the core's form::OWN_CIRCUIT). */
export const OWN_CIRCUIT = "circuit";
/** The longest share link: what browsers, chat apps and Crumble's links keep. */
const MAX_LINK_CHARACTERS = 8000;
/** Typing pause before the circuit is checked (a check builds its whole model). */
const CHECK_DELAY_MS = 300;
const FRAGMENT = "#circuit=";

/** `text` deflate-raw compressed, as base64url (no padding). */
export async function encodeCircuit(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The text of a base64url deflate-raw payload; throws when it is not one. */
export async function decodeCircuit(payload) {
  const base64 = payload.replaceAll("-", "+").replaceAll("_", "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new TextDecoder("utf-8", { fatal: true }).decode(await new Response(stream).arrayBuffer());
}

/**
 * The circuit a link carries in its fragment: `{text}`, `{error}` when the fragment is not a
 * readable circuit, or null when there is none.
 */
export async function readCircuitLink(hash) {
  if (!hash.startsWith(FRAGMENT)) return null;
  try {
    return { text: await decodeCircuit(hash.slice(FRAGMENT.length)) };
  } catch (error) {
    return { error: `the link's circuit could not be read (${error?.message ?? error})` };
  }
}

/** Where the core's message puts the line: "circuit line N: reason". */
function lineOf(message) {
  const match = /^circuit line (\d+): ([\s\S]*)$/.exec(message);
  return match ? { line: Number(match[1]), reason: match[2] } : null;
}

export class CircuitBox {
  /**
   * @param {object} options
   * @param {HTMLSelectElement} options.code the code field (its "circuit" option opens the box)
   * @param {() => void} options.onChange the form changed (after a pause in typing)
   */
  constructor({ code, onChange }) {
    this.code = code;
    this.onChange = onChange;
    this.input = byTestId("field-circuit");
    this.file = byTestId("circuit-file");
    this.error = byTestId("error-circuit");
    this.gutter = document.getElementById("circuit-gutter");
    this.summary = document.getElementById("circuit-summary");
    this.linkNote = byTestId("circuit-link-note");
    this.form = this.input.closest("form");
    this.timer = null;
    this.linkVersion = 0;
    this.badLine = 0;
    this.input.addEventListener("input", () => {
      this.#drawGutter();
      this.summary.textContent = "checking…";
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.onChange(), CHECK_DELAY_MS);
    });
    this.input.addEventListener("scroll", () => {
      this.gutter.scrollTop = this.input.scrollTop;
    });
    this.file.addEventListener("change", () => this.#readFile());
    this.code.addEventListener("change", () => this.#showMode());
    this.#showMode();
  }

  /** True while the code field asks for the circuit box. */
  get active() {
    return this.code.value === OWN_CIRCUIT;
  }

  /** The form's circuit field: the text while the code field asks for it (else nothing). */
  values() {
    return this.active ? { circuit: this.input.value } : {};
  }

  /** Fills the box from a form (a saved run, a link); a form without `circuit` keeps it. */
  set(form) {
    if (typeof form.circuit === "string" && form.circuit !== this.input.value) {
      this.input.value = form.circuit;
      this.#drawGutter();
    }
    this.#showMode();
  }

  /** Shows the core's message for the circuit (or a window field that only a circuit has). */
  show(messages) {
    this.#showMode();
    const message = this.active ? (messages.circuit ?? "") : "";
    const located = lineOf(message);
    this.badLine = located?.line ?? 0;
    this.error.replaceChildren();
    if (located) {
      const text = this.input.value.split("\n")[located.line - 1] ?? "";
      const where = document.createElement("span");
      where.textContent = `Line ${located.line}: ${located.reason}`;
      const code = document.createElement("code");
      code.className = "circuit-bad-line";
      code.dataset.testid = "circuit-bad-line";
      code.textContent = `${located.line} │ ${text}`;
      this.error.append(where, code);
    } else {
      this.error.textContent = message;
    }
    this.input.setAttribute("aria-invalid", message ? "true" : "false");
    this.#drawGutter();
    this.#summarise(Object.keys(messages).length === 0);
  }

  /**
   * Writes the circuit into the URL's fragment when the whole URL stays under 8,000
   * characters (else says the circuit has to come from a file); clears it otherwise.
   */
  async updateLink() {
    const version = ++this.linkVersion;
    const base = `${location.pathname}${location.search}`;
    const text = this.input.value;
    let hash = "";
    let note = "";
    if (this.active && text.trim()) {
      const payload = await encodeCircuit(text);
      if (version !== this.linkVersion) return;
      const url = `${location.origin}${base}${FRAGMENT}${payload}`;
      if (url.length < MAX_LINK_CHARACTERS) {
        hash = `${FRAGMENT}${payload}`;
        note = "The page's link carries this circuit (in its #fragment, never sent to a server).";
      } else {
        note = `This circuit is too large for a link (${url.length.toLocaleString("en-US")} characters of at most ${MAX_LINK_CHARACTERS.toLocaleString("en-US")}): share its .stim file instead; the link leaves it out.`;
      }
    }
    this.linkNote.textContent = note;
    const current = `${location.pathname}${location.search}${location.hash}`;
    if (current !== `${base}${hash}`) history.replaceState(null, "", `${base}${hash}`);
  }

  async #readFile() {
    const file = this.file.files?.[0];
    if (!file) return;
    try {
      this.input.value = await file.text();
    } catch (error) {
      this.error.textContent = `${file.name} could not be read (${error?.message ?? error})`;
      return;
    } finally {
      this.file.value = "";
    }
    this.#drawGutter();
    this.summary.textContent = "checking…";
    clearTimeout(this.timer);
    this.onChange();
  }

  /** The memory fields give way to the box while the code field asks for it. */
  #showMode() {
    this.form.classList.toggle("own-circuit", this.active);
    // A circuit has no distance for c and w to default to.
    for (const [name, letter] of [
      ["commit-rounds", "c"],
      ["buffer-rounds", "w"],
    ]) {
      const input = byTestId(`field-${name}`);
      const hint = input?.closest("label")?.querySelector("small");
      if (!input || !hint) continue;
      input.placeholder = this.active ? "required" : "d";
      hint.textContent = this.active ? `${letter}, detector layers` : `${letter}, default d`;
    }
    // The shot viewer and the realtime view draw generated memories only.
    for (const id of ["see-shot", "realtime-open"]) {
      const button = byTestId(id);
      if (!button) continue;
      button.disabled = this.active;
      button.title = this.active
        ? "Draws generated memories only; for your own circuit: surfacelab shot --circuit FILE.stim"
        : "";
    }
  }

  /** Line numbers beside the text, the line the message names marked. */
  #drawGutter() {
    const lines = this.input.value.split("\n").length;
    const fragment = document.createDocumentFragment();
    for (let line = 1; line <= lines; line += 1) {
      const number = document.createElement("span");
      number.textContent = `${line}\n`;
      if (line === this.badLine) number.className = "bad";
      fragment.append(number);
    }
    this.gutter.replaceChildren(fragment);
    this.gutter.scrollTop = this.input.scrollTop;
  }

  /** The box's size, and whether the core read and modelled it (the whole form valid). */
  #summarise(ready) {
    const text = this.input.value;
    if (!this.active || !text.trim()) {
      this.summary.textContent = "";
      return;
    }
    const lines = text.split("\n").length;
    this.summary.textContent = ready
      ? `${lines} lines, read and modelled: ready to run`
      : `${lines} lines`;
  }
}
