// The space-time view's place in the shot viewer: loads spacetime.js (another module, imported
// only when the viewer opens) and its decode-step slider. When the module cannot load or draw,
// a one-line note says so and the rest of the viewer works without it.

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

export class SpaceSlot {
  constructor() {
    this.container = byTestId("shot-view-3d");
    this.note = document.getElementById("shot-3d-note");
    this.row = document.getElementById("shot-step-row");
    this.step = document.getElementById("shot-step");
    this.stepLabel = document.getElementById("shot-step-label");
    this.view = null;
    this.failed = false;
    this.step.addEventListener("input", () => this.#stepTo(Number(this.step.value)));
  }

  /** Loads the view once, then hands it the memory's geometry. */
  async setGeometry(geometry) {
    if (!this.view && !this.failed) {
      try {
        const { SpaceTimeView } = await import("./spacetime.js");
        this.view = new SpaceTimeView(this.container);
      } catch (error) {
        this.failed = true;
        this.note.textContent = `The space-time view is not available here (${error?.message ?? error}); the lattice and the window strip show the same shot.`;
        this.row.hidden = true;
      }
    }
    this.#guard("memory", () => this.view?.setGeometry(geometry));
  }

  /** A new shot: everything at once (step −1), layer `layer` marked. */
  show(explanation, layer) {
    if (!this.view) return;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.#guard("shot", () => {
      this.step.value = "-1";
      this.view.show(explanation, { layer, step: -1 });
      const steps = this.view.steps ?? 0;
      this.step.max = String(Math.max(-1, steps - 1));
      this.row.hidden = steps <= 1;
      this.#stepTo(-1);
    });
  }

  /**
   * The same shot at another layer, at the step the slider shows; at most once a frame, so
   * dragging the layer slider stays smooth.
   */
  setLayer(explanation, layer) {
    if (!this.view || !explanation) return;
    this.pending = { explanation, layer };
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const { explanation: shown, layer: at } = this.pending;
      this.#guard("shot", () =>
        this.view.show(shown, { layer: at, step: Number(this.step.value) }),
      );
    });
  }

  #stepTo(step) {
    if (!this.view) return;
    this.#guard("step", () => this.view.stepTo(step));
    const steps = this.view.steps ?? 0;
    this.stepLabel.textContent =
      step < 0 ? `everything (${steps} steps)` : `step ${step + 1} of ${steps}`;
  }

  #guard(what, action) {
    try {
      action();
    } catch (error) {
      this.note.textContent = `The space-time view could not draw this ${what}: ${error?.message ?? error}`;
    }
  }
}
