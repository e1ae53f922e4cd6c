// Text in the 3D space-time view (time ticks, window/thread labels, the lattice's layer) as
// HTML over the canvas, moved to their projected positions after each frame. A text sprite per
// label would cost a draw call, a texture and blending each, which a software renderer feels.

import { Vector3 } from "../../pkg/vendor/three/three.module.js";

export class SceneLabels {
  constructor(container, before) {
    this.layer = document.createElement("div");
    this.layer.className = "st-labels";
    container.insertBefore(this.layer, before);
    this.labels = new Map(); // group name -> labels
    this.point = new Vector3();
  }

  /** Adds a label at world `position`; anchor "end" puts the text to the left of the point. */
  add(group, text, color, position, anchor = "start") {
    const element = document.createElement("div");
    element.className = `st-label st-label-${anchor}`;
    element.textContent = text;
    element.style.color = color;
    this.layer.append(element);
    const label = { element, position: new Vector3(...position), visible: true };
    if (!this.labels.has(group)) this.labels.set(group, []);
    this.labels.get(group).push(label);
    return label;
  }

  clear(group) {
    for (const label of this.labels.get(group) ?? []) label.element.remove();
    this.labels.delete(group);
  }

  /** Moves every label to where `camera` sees its point, on a `width` × `height` CSS px view. */
  place(camera, width, height) {
    for (const labels of this.labels.values()) {
      for (const label of labels) {
        const p = this.point.copy(label.position).project(camera);
        const hidden = !label.visible || p.z < -1 || p.z > 1;
        label.element.hidden = hidden;
        if (hidden) continue;
        const x = ((p.x + 1) / 2) * width;
        const y = ((1 - p.y) / 2) * height;
        label.element.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
      }
    }
  }

  dispose() {
    this.layer.remove();
  }
}
