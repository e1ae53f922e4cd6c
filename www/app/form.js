// The experiment form: text fields that follow the URL grammar, each checked by the core's
// parsers (validateForm) with its message beside it; Run is disabled while anything is invalid.

import { FIELDS } from "./url.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

export class ExperimentForm {
  /**
   * @param {object} wasm the main thread's module (validateForm)
   * @param {(form: object) => void} onChange called after every edit with the form's values
   */
  constructor(wasm, onChange) {
    this.wasm = wasm;
    this.onChange = onChange;
    this.inputs = Object.fromEntries(FIELDS.map((name) => [name, byTestId(fieldTestId(name))]));
    this.errors = Object.fromEntries(FIELDS.map((name) => [name, byTestId(`error-${name}`)]));
    this.runButton = byTestId("run");
    this.locked = false;
    this.forceSingleThread = false;
    this.valid = false;
    for (const input of Object.values(this.inputs)) {
      input.addEventListener("input", () => this.changed());
      input.addEventListener("change", () => this.changed());
    }
  }

  /** Sets every field (values the selects do not list are added, so their error can show). */
  set(form) {
    for (const name of FIELDS) {
      const input = this.inputs[name];
      const value = form[name] ?? "";
      if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
        const option = new Option(`${value} (not a known value)`, value);
        option.dataset.unknown = "1";
        input.add(option);
      }
      input.value = value;
    }
    if (this.forceSingleThread) this.inputs["window-workers"].value = "1";
    this.check();
  }

  values() {
    const form = Object.fromEntries(FIELDS.map((name) => [name, this.inputs[name].value]));
    if (this.forceSingleThread) form["window-workers"] = "1";
    return form;
  }

  /** Shows each field's message; returns the messages ({} when valid). */
  check() {
    let messages;
    try {
      messages = this.wasm.validateForm(this.values());
    } catch (error) {
      messages = { distances: String(error?.message ?? error) };
    }
    for (const name of FIELDS) {
      const message = messages[name] ?? "";
      this.errors[name].textContent = message;
      this.inputs[name].setAttribute("aria-invalid", message ? "true" : "false");
    }
    const decoder = this.inputs.decoder.value;
    document
      .querySelectorAll(".window-field")
      .forEach((el) => el.classList.toggle("inactive", decoder === "global"));
    this.valid = Object.keys(messages).length === 0;
    this.runButton.disabled = !this.valid || this.locked;
    return messages;
  }

  changed() {
    this.check();
    this.onChange(this.values());
  }

  /** While a run is going, Run stays disabled. */
  lock(locked) {
    this.locked = locked;
    this.runButton.disabled = !this.valid || locked;
  }
}

function fieldTestId(name) {
  return name === "workers" || name === "window-workers" ? name : `field-${name}`;
}
