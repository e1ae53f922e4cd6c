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
    /** Fields kept outside the URL's query (the circuit box): {values(), set(form), show(messages)}. */
    this.extras = [];
    for (const input of Object.values(this.inputs)) {
      if (input.type === "checkbox")
        input.addEventListener("change", () => delete input.dataset.raw);
      input.addEventListener("input", () => this.changed());
      input.addEventListener("change", () => this.changed());
    }
  }

  /** Sets every field (values the selects do not list are added, so their error can show). */
  set(form) {
    for (const name of FIELDS) {
      const input = this.inputs[name];
      const value = form[name] ?? "";
      if (input.type === "checkbox") {
        // A switch: on is "1" in the URL. A value it cannot show is kept (and refused by the
        // core, with its message) until the switch is flipped.
        input.checked = value === "1" || value === "true";
        if (["", "0", "1", "true", "false"].includes(value)) delete input.dataset.raw;
        else input.dataset.raw = value;
        continue;
      }
      if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
        const option = new Option(`${value} (not a known value)`, value);
        option.dataset.unknown = "1";
        input.add(option);
      }
      input.value = value;
    }
    if (this.forceSingleThread) this.inputs["window-workers"].value = "1";
    for (const extra of this.extras) extra.set(form);
    this.check();
  }

  values() {
    const form = Object.fromEntries(FIELDS.map((name) => [name, fieldValue(this.inputs[name])]));
    if (this.forceSingleThread) form["window-workers"] = "1";
    for (const extra of this.extras) Object.assign(form, extra.values());
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
    for (const extra of this.extras) extra.show(messages);
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

/** A field's text as the URL writes it: a switch is "1" when on, "" when off. */
function fieldValue(input) {
  if (input.type !== "checkbox") return input.value;
  return input.dataset.raw ?? (input.checked ? "1" : "");
}

function fieldTestId(name) {
  return name === "workers" || name === "window-workers" ? name : `field-${name}`;
}
