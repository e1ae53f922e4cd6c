// The sustainable round rate for a = 1, 2, … window threads, measured on this device one a
// after another (each in its own worker), as horizontal bars; a dashed mark shows the round
// rate in the form. The rates are the core's (its bisection, to 5 %); this file only draws.

const rate = (x) => Math.round(x).toLocaleString("en-US");
const microseconds = (x) => `${+(1e6 / x).toPrecision(3)} µs`;

export class SustainableBars {
  constructor(element) {
    this.element = element;
    this.bars = []; // {a, roundsPerSecond}
    this.mark = null;
  }

  clear() {
    this.bars = [];
    this.#render();
  }

  add(a, roundsPerSecond) {
    this.bars.push({ a, roundsPerSecond });
    this.#render();
  }

  /** The form's round rate (rounds per second), or null when it has none. */
  setMark(roundsPerSecond) {
    this.mark = Number.isFinite(roundsPerSecond) && roundsPerSecond > 0 ? roundsPerSecond : null;
    this.#render();
  }

  #render() {
    const top = Math.max(...this.bars.map((bar) => bar.roundsPerSecond), 0);
    const scale = Math.max(top, this.mark && this.mark < 2 * top ? this.mark : 0) * 1.05;
    const rows = this.bars.map(({ a, roundsPerSecond }) => {
      const row = document.createElement("div");
      row.className = "bar-row";
      row.dataset.testid = "realtime-sustainable-bar";
      row.dataset.a = String(a);
      row.dataset.roundsPerSecond = String(roundsPerSecond);
      const label = document.createElement("span");
      label.className = "bar-label";
      label.textContent = `a = ${a}`;
      const track = document.createElement("span");
      track.className = "bar-track";
      const fill = document.createElement("span");
      fill.className = "bar-fill";
      fill.style.width = `${(100 * roundsPerSecond) / scale}%`;
      track.append(fill);
      if (this.mark && this.mark <= scale) {
        const mark = document.createElement("span");
        mark.className = "bar-mark";
        mark.style.left = `${(100 * this.mark) / scale}%`;
        mark.title = `round rate ${rate(this.mark)} rounds/s`;
        track.append(mark);
      }
      const value = document.createElement("span");
      value.className = "bar-value";
      value.textContent = `${rate(roundsPerSecond)} rounds/s (${microseconds(roundsPerSecond)})`;
      row.append(label, track, value);
      return row;
    });
    this.element.replaceChildren(...rows);
  }
}
