// The window decoders' windows in the 3D view: each window a translucent slab over its detector
// layers, its commit layers solid and its buffer layers hatched, in its layer's colour. All
// windows share one mesh and one set of outlines (two draw calls, however many windows), with
// per-vertex colour and opacity, so a replay step only rewrites opacities.

import * as THREE from "../../pkg/vendor/three/three.module.js";
import { colors, windowColors } from "./spacetime-colors.js";

/** World units per hatch stripe period. */
const HATCH_PERIOD = 0.9;

/**
 * One texture for both looks: its top half is solid, its bottom half stripes along u. Commit
 * faces sample v = 0.75; buffer faces sample v = 0.25 with u running diagonally over the face.
 */
function slabTexture() {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 32;
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, 32, 16);
  g.fillRect(0, 16, 11, 16);
  const texture = new THREE.CanvasTexture(canvas);
  texture.wrapS = THREE.RepeatWrapping;
  texture.wrapT = THREE.ClampToEdgeWrapping;
  texture.minFilter = THREE.LinearFilter;
  texture.generateMipmaps = false;
  return texture;
}

/** The 12 edges of an axis-aligned box, as segment end points. */
export function boxEdges([x0, y0, z0], [x1, y1, z1]) {
  const corners = [];
  for (const y of [y0, y1]) corners.push([x0, y, z0], [x1, y, z0], [x1, y, z1], [x0, y, z1]);
  const pairs = [
    [0, 1], [1, 2], [2, 3], [3, 0],
    [4, 5], [5, 6], [6, 7], [7, 4],
    [0, 4], [1, 5], [2, 6], [3, 7],
  ]; // prettier-ignore
  return pairs.flatMap(([a, b]) => [...corners[a], ...corners[b]]);
}

/** The 6 faces of a box as quads {corners, s, t}: s, t are world lengths along the face. */
function boxFaces([x0, y0, z0], [x1, y1, z1]) {
  const quad = (a, b, c, d, s, t) => ({ corners: [a, b, c, d], s, t });
  return [
    quad([x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1], x1 - x0, y1 - y0), // front
    quad([x1, y0, z0], [x0, y0, z0], [x0, y1, z0], [x1, y1, z0], x1 - x0, y1 - y0), // back
    quad([x1, y0, z1], [x1, y0, z0], [x1, y1, z0], [x1, y1, z1], z1 - z0, y1 - y0), // right
    quad([x0, y0, z0], [x0, y0, z1], [x0, y1, z1], [x0, y1, z0], z1 - z0, y1 - y0), // left
    quad([x0, y1, z1], [x1, y1, z1], [x1, y1, z0], [x0, y1, z0], x1 - x0, z1 - z0), // top
    quad([x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1], x1 - x0, z1 - z0), // bottom
  ];
}

export class WindowSlabs {
  /** windows: the explanation's; bounds: {hx, hz} half-sizes of the patch in world units. */
  constructor(model, bounds, windows) {
    const positions = [];
    const uvs = [];
    const faceOwner = []; // per vertex: [window, part] with part 0 = commit, 1 = buffer
    const lines = [];
    const lineOwner = [];
    this.margins = [];
    windows.forEach((window, index) => {
      // Overlapping windows get different footprints so their faces never coincide.
      const margin = 0.5 + (window.layer === "B" ? 0.45 : 0) + (index % 2) * 0.25;
      this.margins.push(margin);
      const x = bounds.hx + margin;
      const z = bounds.hz + margin;
      const slab = (from, to, part) => {
        if (to <= from) return;
        const low = [-x, model.layerY(from - 0.5), -z];
        const high = [x, model.layerY(to - 0.5), z];
        for (const { corners, s, t } of boxFaces(low, high)) {
          const st = [[0, 0], [s, 0], [s, t], [0, t]]; // prettier-ignore
          for (const k of [0, 1, 2, 0, 2, 3]) {
            positions.push(...corners[k]);
            const [u, v] = st[k];
            uvs.push((u + v) / HATCH_PERIOD, part === 0 ? 0.75 : 0.25);
            faceOwner.push(index, part);
          }
        }
        const edges = boxEdges(low, high);
        lines.push(...edges);
        for (let k = 0; k < edges.length / 3; k++) lineOwner.push(index);
      };
      slab(window.start, window.commit_start, 1);
      slab(window.commit_start, window.commit_end, 0);
      slab(window.commit_end, window.end, 1);
    });
    const tint = (owner, stride) => {
      const rgba = new Float32Array((owner.length / stride) * 4);
      const color = new THREE.Color();
      for (let i = 0; i < owner.length / stride; i++) {
        color.set(windowColors[windows[owner[stride * i]].layer] ?? colors.muted);
        rgba.set([color.r, color.g, color.b, 0], 4 * i);
      }
      return new THREE.BufferAttribute(rgba, 4);
    };
    const faces = new THREE.BufferGeometry();
    faces.setAttribute("position", new THREE.Float32BufferAttribute(positions, 3));
    faces.setAttribute("uv", new THREE.Float32BufferAttribute(uvs, 2));
    faces.setAttribute("color", tint(faceOwner, 2));
    this.faces = new THREE.Mesh(
      faces,
      new THREE.MeshBasicMaterial({
        map: slabTexture(),
        vertexColors: true,
        transparent: true,
        depthWrite: false,
      }),
    );
    this.faces.name = "window-slabs";
    const outline = new THREE.BufferGeometry();
    outline.setAttribute("position", new THREE.Float32BufferAttribute(lines, 3));
    outline.setAttribute("color", tint(lineOwner, 1));
    this.outlines = new THREE.LineSegments(
      outline,
      new THREE.LineBasicMaterial({ vertexColors: true, transparent: true, depthWrite: false }),
    );
    this.outlines.name = "window-outlines";
    this.faceOwner = faceOwner;
    this.lineOwner = lineOwner;
  }

  /** styles[window] = {commit, buffer, outline} opacities. */
  setStyles(styles) {
    const faces = this.faces.geometry.getAttribute("color");
    for (let i = 0; i < faces.count; i++) {
      const style = styles[this.faceOwner[2 * i]];
      faces.setW(i, style ? (this.faceOwner[2 * i + 1] === 0 ? style.commit : style.buffer) : 0);
    }
    faces.needsUpdate = true;
    const lines = this.outlines.geometry.getAttribute("color");
    for (let i = 0; i < lines.count; i++) lines.setW(i, styles[this.lineOwner[i]]?.outline ?? 0);
    lines.needsUpdate = true;
  }
}
