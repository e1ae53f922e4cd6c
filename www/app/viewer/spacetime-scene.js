// The 3D space-time view, drawn with three.js: detectors at their (x, y, t) coordinates with
// time going up, the match graph faint, defects as balls, sampled errors as thin tubes, the
// correction as thick ones, window slabs (spacetime-slabs.js) with thread labels
// (spacetime-labels.js), and a highlight plane at the lattice's layer. Each kind of mark is one
// Points, LineSegments or merged Mesh (about ten draw calls in all) so that d = 11, r = 33
// (about 4,000 detectors and 20,000 edges) orbits smoothly; frames are drawn on demand
// (spacetime-frames.js), so an idle page costs nothing.
// What to draw comes from spacetime-model.js; this file only knows how.

import * as THREE from "../../pkg/vendor/three/three.module.js";
import { OrbitControls } from "../../pkg/vendor/three/OrbitControls.js";
import { background, colors, windowColors, windowEmphasis } from "./spacetime-colors.js";
import { FramePacer } from "./spacetime-frames.js";
import { SceneLabels } from "./spacetime-labels.js";
import { WindowSlabs, boxEdges } from "./spacetime-slabs.js";
import { windowLabels } from "./spacetime-model.js";

const DEFECT_RADIUS = 0.4;
const PATH_RADIUS = 0.13;
const ERROR_RADIUS = 0.045;
const BOUNDARY_RADIUS = 0.07;
const STUB_LENGTH = 1.3;

function disposeTree(object) {
  object.traverse((node) => {
    node.geometry?.dispose();
    const materials = Array.isArray(node.material) ? node.material : [node.material];
    for (const material of materials) {
      material?.map?.dispose();
      material?.dispose();
    }
  });
}

function canvasTexture(width, height, paint) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  paint(canvas.getContext("2d"), width, height);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

const dotTexture = () =>
  canvasTexture(32, 32, (g) => {
    g.fillStyle = "#fff";
    g.beginPath();
    g.arc(16, 16, 14, 0, 2 * Math.PI);
    g.fill();
  });

/** A shaded white ball; the points' colour tints it. */
const ballTexture = () =>
  canvasTexture(64, 64, (g) => {
    const shade = g.createRadialGradient(24, 22, 2, 32, 32, 30);
    shade.addColorStop(0, "#ffffff");
    shade.addColorStop(0.45, "#f2f2f2");
    shade.addColorStop(1, "#7a7a7a");
    g.fillStyle = shade;
    g.beginPath();
    g.arc(32, 32, 30, 0, 2 * Math.PI);
    g.fill();
  });

/** Line segments of several colours and opacities in one draw call (RGBA vertex colours). */
function coloredLines(parts) {
  const count = parts.reduce((sum, part) => sum + part.points.length / 3, 0);
  const positions = new Float32Array(3 * count);
  const rgba = new Float32Array(4 * count);
  const color = new THREE.Color();
  let vertex = 0;
  for (const { points, color: hex, opacity } of parts) {
    positions.set(points, 3 * vertex);
    color.set(hex);
    for (let k = 0; k < points.length / 3; k++, vertex++)
      rgba.set([color.r, color.g, color.b, opacity], 4 * vertex);
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute("color", new THREE.BufferAttribute(rgba, 4));
  const material = new THREE.LineBasicMaterial({
    vertexColors: true,
    transparent: true,
    depthWrite: false,
  });
  return new THREE.LineSegments(geometry, material);
}

/**
 * The graph's edges in a fixed pseudo-random order, so that drawing only the first k of them
 * (while the user drags, on a slow renderer) thins the whole graph evenly.
 */
function shuffled(items) {
  const order = [...items];
  let state = 0x2545f491;
  for (let i = order.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

let software;
/** Whether WebGL is rasterized on the CPU (asked once per page, with a throwaway context). */
function softwareRendering() {
  if (software === undefined) {
    const gl = document.createElement("canvas").getContext("webgl2");
    const info = gl?.getExtension("WEBGL_debug_renderer_info");
    const name = gl
      ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
      : "";
    gl?.getExtension("WEBGL_lose_context")?.loseContext();
    software = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
  }
  return software;
}

export class SpaceTimeScene {
  /**
   * Throws when WebGL cannot start; the view then falls back to the 2D strip, as it does on
   * onLost() when the browser takes the context away later (a GPU reset).
   */
  constructor(container, before, onFrameTime, onLost) {
    this.canvas = document.createElement("canvas");
    this.canvas.setAttribute("aria-label", "3D space-time view of the shot; drag to orbit");
    this.canvas.tabIndex = 0; // arrow keys pan once focused
    this.lost = (event) => {
      event.preventDefault();
      onLost?.();
    };
    this.canvas.addEventListener("webglcontextlost", this.lost);
    // A software rasterizer (SwiftShader, llvmpipe: no GPU) pays for every pixel on the CPU:
    // no multisampling there, and a lower resolution while the user drags.
    this.software = softwareRendering();
    this.renderer = new THREE.WebGLRenderer({
      canvas: this.canvas,
      antialias: !this.software,
      alpha: false,
      powerPreference: "high-performance",
    });
    const fullRatio = Math.min(window.devicePixelRatio || 1, 2);
    this.renderer.setPixelRatio(fullRatio);
    this.frames = new FramePacer({
      draw: (quality) => this.#draw(quality),
      onFrameTime,
      software: this.software,
      fullRatio,
    });
    this.renderer.setClearColor(background);
    container.insertBefore(this.canvas, before);
    this.labels = new SceneLabels(container, before);
    this.scene = new THREE.Scene();
    this.scene.add(new THREE.AmbientLight(0xffffff, 1.4));
    const sun = new THREE.DirectionalLight(0xffffff, 2.2);
    sun.position.set(1, 2, 1.5);
    this.scene.add(sun);
    this.camera = new THREE.PerspectiveCamera(36, 1, 0.1, 2000);
    this.controls = new OrbitControls(this.camera, this.canvas);
    this.controls.screenSpacePanning = true;
    this.controls.listenToKeyEvents(this.canvas);
    this.controls.addEventListener("change", () => this.frames.request(true));
    this.#hover(container, before);
    this.graph = new THREE.Group();
    this.shot = new THREE.Group();
    this.step = new THREE.Group();
    this.layerGroup = new THREE.Group();
    this.tubes = new THREE.Group();
    this.scene.add(this.graph, this.shot, this.step, this.layerGroup, this.tubes);
    this.resize();
  }

  // --- the memory: detectors, graph, patch, observable ------------------------------------

  setModel(model) {
    this.model = model;
    this.#clear(this.graph);
    this.#clear(this.shot);
    this.#clear(this.step);
    this.#clear(this.layerGroup);
    this.labels.clear("shot");
    this.labels.clear("layer");
    this.defectPoints = null;
    const { halfSize } = model;
    const bottom = model.layerY(-0.5);
    const top = model.layerY(model.geometry.num_layers - 0.5);
    this.bounds = { hx: halfSize.x, hz: halfSize.z, bottom, top };
    const sheet = this.#observableSheet();
    this.graph.add(this.#points(), this.#lines(sheet?.outline ?? []));
    this.tubeParts = { graph: this.#boundarySides(), shot: [], step: [] };
    this.#buildTubes();
    if (sheet) this.graph.add(sheet.mesh);
    this.#timeLabels();
    this.#frameCamera();
    this.frames.request();
  }

  /** Detectors (by type) and, under the first layer, the patch's data qubits: one Points. */
  #points() {
    const { model } = this;
    const detectors = model.positions.length / 3;
    const floor = model.dataQubits;
    const positions = new Float32Array(3 * (detectors + floor.length));
    positions.set(model.positions);
    floor.forEach((p, i) => positions.set(p, 3 * (detectors + i)));
    const tint = new Float32Array(positions.length);
    const z = new THREE.Color(colors.detectorZ);
    const x = new THREE.Color(colors.detectorX);
    const data = new THREE.Color(colors.muted);
    for (let i = 0; i < detectors; i++)
      (model.detectorRole[i] === "X" ? x : z).toArray(tint, 3 * i);
    for (let i = detectors; i < detectors + floor.length; i++) data.toArray(tint, 3 * i);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
    geometry.setAttribute("color", new THREE.BufferAttribute(tint, 3));
    const material = new THREE.PointsMaterial({
      size: 0.34,
      vertexColors: true,
      map: dotTexture(),
      alphaTest: 0.5,
    });
    const points = new THREE.Points(geometry, material);
    points.name = "detectors";
    this.detectorPoints = points;
    return points;
  }

  /** Stub from detector a pointing out of the patch, for boundary edges and one-detector errors. */
  #stubEnd(a, length = STUB_LENGTH) {
    const [x, y, z] = this.model.position(a);
    const d = this.model.boundaryDirection;
    return [x + d[3 * a] * length, y + d[3 * a + 1] * length, z + d[3 * a + 2] * length];
  }

  /**
   * Every thin line of the memory in one LineSegments with per-vertex colour and opacity:
   * boundary stubs, the space-time volume's edges, the observable sheet's outline, then the
   * graph's edges last, so that a draw range can thin them while the user drags.
   */
  #lines(sheetOutline) {
    const { model } = this;
    const { hx, hz, bottom, top } = this.bounds;
    const inner = [];
    const stubs = [];
    for (const { a, b } of shuffled(model.geometry.edges)) {
      if (b === null) stubs.push(...model.position(a), ...this.#stubEnd(a));
      else inner.push(...model.position(a), ...model.position(b));
    }
    const volume = boxEdges([-hx, bottom, -hz], [hx, top, hz]);
    const parts = [
      { points: stubs, color: colors.boundary, opacity: 0.4 },
      { points: volume, color: colors.muted, opacity: 0.35 },
      { points: sheetOutline, color: colors.observableSheet, opacity: 0.35 },
      { points: inner, color: colors.graphEdge, opacity: 0.16 },
    ];
    const lines = coloredLines(parts);
    lines.name = "graph-lines";
    this.graphLines = lines;
    this.fixedVertices = (stubs.length + volume.length + sheetOutline.length) / 3;
    this.frames.setEdges(inner.length / 6);
    return lines;
  }

  /**
   * The observable's support swept through time: a sheet that a chain must cross an odd number
   * of times to flip the logical observable. Returns {mesh, outline} (outline: segment ends).
   */
  #observableSheet() {
    const qubits = this.model.observableQubits;
    if (qubits.length === 0) return null;
    const { bottom, top } = this.bounds;
    const ends = [qubits[0], qubits[qubits.length - 1]].map((q) => this.model.world(q.x, q.y, 0));
    const [a, b] = ends;
    const alongX = Math.abs(b[0] - a[0]) >= Math.abs(b[2] - a[2]);
    const length = Math.hypot(b[0] - a[0], b[2] - a[2]) + 2;
    const plane = new THREE.PlaneGeometry(length, top - bottom);
    if (!alongX) plane.rotateY(Math.PI / 2);
    plane.translate((a[0] + b[0]) / 2, (top + bottom) / 2, (a[2] + b[2]) / 2);
    const mesh = new THREE.Mesh(
      plane,
      new THREE.MeshBasicMaterial({
        color: colors.observableSheet,
        transparent: true,
        opacity: 0.12,
        depthWrite: false,
        side: THREE.DoubleSide,
      }),
    );
    const y0 = bottom;
    const y1 = top;
    const [p, q] = alongX
      ? [
          [(a[0] + b[0]) / 2 - length / 2, a[2]],
          [(a[0] + b[0]) / 2 + length / 2, a[2]],
        ]
      : [
          [a[0], (a[2] + b[2]) / 2 - length / 2],
          [a[0], (a[2] + b[2]) / 2 + length / 2],
        ];
    const outline = [
      [p[0], y0, p[1], q[0], y0, q[1]],
      [q[0], y0, q[1], q[0], y1, q[1]],
      [q[0], y1, q[1], p[0], y1, p[1]],
      [p[0], y1, p[1], p[0], y0, p[1]],
    ].flat();
    return { mesh, outline };
  }

  /**
   * The patch's four sides at the first and last layer, coloured by the stabilizer type whose
   * boundary edges leave through them.
   */
  #boundarySides() {
    const { hx, hz, bottom, top } = this.bounds;
    const sides = [];
    for (const [role, axis] of Object.entries(this.model.boundaryAxis)) {
      for (const y of [bottom, top]) {
        for (const sign of [-1, 1]) {
          const [a, b] =
            axis === "x"
              ? [
                  [sign * hx, y, -hz],
                  [sign * hx, y, hz],
                ]
              : [
                  [-hx, y, sign * hz],
                  [hx, y, sign * hz],
                ];
          sides.push({ from: a, to: b, role });
        }
      }
    }
    const color = (side) => (side.role === "X" ? colors.detectorX : colors.detectorZ);
    return sides.map((side) => ({ ...side, radius: BOUNDARY_RADIUS, color: color(side) }));
  }

  #timeLabels() {
    const layers = this.model.geometry.num_layers;
    const every = [1, 2, 5, 10, 20, 50, 100].find((s) => layers / s <= 8) ?? 200;
    const ticks = [];
    for (let t = 0; t < layers; t += every) ticks.push(t);
    if (ticks[ticks.length - 1] !== layers - 1) ticks.push(layers - 1);
    const { hx, hz } = this.bounds;
    // On the front-left edge, the leftmost from the initial camera.
    this.labels.clear("ticks");
    this.ticks = ticks.map((t) => {
      const position = [-hx - 0.2, this.model.layerY(t), hz + 0.2];
      const label = this.labels.add("ticks", `t=${t}`, colors.muted, position, "end");
      label.layer = t;
      return label;
    });
  }

  #frameCamera() {
    const { hx, hz, bottom, top } = this.bounds;
    const radius = Math.hypot(hx, hz, (top - bottom) / 2);
    const fit = radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2));
    const aspectFit = this.camera.aspect < 1 ? fit / this.camera.aspect : fit;
    const distance = aspectFit;
    const polar = THREE.MathUtils.degToRad(68);
    const azimuth = THREE.MathUtils.degToRad(32);
    this.camera.position.set(
      distance * Math.sin(polar) * Math.sin(azimuth),
      distance * Math.cos(polar),
      distance * Math.sin(polar) * Math.cos(azimuth),
    );
    this.camera.near = distance / 100;
    this.camera.far = distance * 10;
    this.camera.updateProjectionMatrix();
    this.controls.target.set(0, 0, 0);
    this.controls.minDistance = radius * 0.15;
    this.controls.maxDistance = distance * 4;
    this.controls.update();
  }

  // --- the shot: defects, sampled errors, windows, layer plane ----------------------------

  setShot(explanation, options) {
    if (!this.model) return;
    this.#clear(this.shot);
    this.#clear(this.step);
    this.labels.clear("shot");
    this.shot.add(this.#defects(explanation.detection_events));
    this.tubeParts.shot = [
      ...this.#errorTubes(explanation.fired_errors, colors.firedError),
      ...this.#errorTubes(explanation.hand_errors ?? [], colors.handError),
    ];
    this.tubeParts.step = [];
    this.#buildTubes();
    this.#windows(explanation.windows ?? []);
    this.setLayer(options?.layer);
  }

  /** Moves the highlight plane to the lattice's layer (null: none). */
  setLayer(layer) {
    if (!this.model) return;
    this.#clear(this.layerGroup);
    this.labels.clear("layer");
    const shown = Number.isInteger(layer) ? layer : null;
    if (shown !== null) this.layerGroup.add(this.#layerPlane(shown));
    // The lattice's label takes the place of time ticks it would overlap.
    for (const tick of this.ticks)
      tick.visible = shown === null || Math.abs(tick.layer - shown) > 1;
    this.frames.request();
  }

  /** Defects as shaded-ball sprites: one vertex each instead of a sphere mesh each. */
  #defects(events) {
    const geometry = new THREE.BufferGeometry();
    const points = new Float32Array(3 * events.length);
    events.forEach((d, i) => points.set(this.model.position(d), 3 * i));
    geometry.setAttribute("position", new THREE.BufferAttribute(points, 3));
    // three.js sizes attenuated points as size * (buffer height / 2) / depth; a sphere's image
    // is that divided by tan(fov / 2).
    const halfFov = THREE.MathUtils.degToRad(this.camera.fov / 2);
    geometry.setAttribute("color", new THREE.BufferAttribute(new Float32Array(points.length), 3));
    const material = new THREE.PointsMaterial({
      size: (2 * DEFECT_RADIUS) / Math.tan(halfFov),
      map: ballTexture(),
      vertexColors: true,
      alphaTest: 0.5,
    });
    const defects = new THREE.Points(geometry, material);
    defects.name = "defects";
    this.defectPoints = { points: defects, events };
    this.#tintDefects(null);
    return defects;
  }

  /** Defects the current replay step's windows decode in full colour, the others dimmed. */
  #tintDefects(seen) {
    if (!this.defectPoints) return;
    const { points, events } = this.defectPoints;
    const tint = points.geometry.getAttribute("color");
    const bright = new THREE.Color(colors.defect);
    const dim = new THREE.Color(colors.defect).multiplyScalar(0.3);
    events.forEach((d, i) => (seen && !seen.has(d) ? dim : bright).toArray(tint.array, 3 * i));
    tint.needsUpdate = true;
  }

  /** Each sampled error joins the detectors it flips; a one-detector error is a boundary stub. */
  #errorTubes(errors, color) {
    const edges = [];
    for (const { detectors } of errors) {
      if (detectors.length === 1) edges.push({ a: detectors[0], b: null });
      for (let k = 1; k < detectors.length; k++)
        edges.push({ a: detectors[k - 1], b: detectors[k] });
    }
    return this.#edgeTubes(
      edges,
      () => ERROR_RADIUS,
      () => color,
      STUB_LENGTH,
    );
  }

  /** The windows' slabs (spacetime-slabs.js) and a label per window with its thread. */
  #windows(windows) {
    this.slabs = new WindowSlabs(this.model, this.bounds, windows);
    this.shotWindows = windows;
    this.windowNames = windowLabels(windows);
    this.shot.add(this.slabs.faces, this.slabs.outlines);
    const names = windowLabels(windows);
    const { hx, hz } = this.bounds;
    this.windowLabels = windows.map((window, i) => {
      // On the back-right edge, the rightmost from the initial camera, beside the commit layers.
      const margin = this.slabs.margins[i];
      const mid = (window.commit_start + window.commit_end - 1) / 2;
      const position = [hx + margin + 0.3, this.model.layerY(mid), -hz - margin];
      const color = windowColors[window.layer] ?? colors.muted;
      const text = `${names[i]} · thread ${window.thread}`;
      const label = this.labels.add("shot", text, color, position);
      label.element.classList.add("st-label-window");
      return label;
    });
  }

  #layerPlane(layer) {
    const { hx, hz } = this.bounds;
    const y = this.model.layerY(layer);
    const plane = new THREE.PlaneGeometry(2 * hx + 0.6, 2 * hz + 0.6);
    plane.rotateX(-Math.PI / 2);
    plane.translate(0, y, 0);
    const group = new THREE.Group();
    group.add(
      new THREE.Mesh(
        plane,
        new THREE.MeshBasicMaterial({
          color: colors.layerHighlight,
          transparent: true,
          opacity: 0.12,
          depthWrite: false,
          side: THREE.DoubleSide,
        }),
      ),
      new THREE.LineSegments(
        new THREE.EdgesGeometry(plane),
        new THREE.LineBasicMaterial({ color: colors.layerHighlight }),
      ),
    );
    const position = [-hx - 0.2, y, hz + 0.2];
    this.labels.add("layer", `t=${layer} lattice`, colors.layerHighlight, position, "end");
    return group;
  }

  // --- one replay step: the matchings shown and the windows' emphasis ----------------------

  setStep(content) {
    if (!this.model) return;
    this.#clear(this.step);
    this.tubeParts.step = this.#pathTubes(content.edges);
    this.#tintDefects(content.seen);
    this.#buildTubes();
    if (content.artificial.length > 0) this.step.add(this.#rings(content.artificial));
    const styles = [];
    for (const { index, status } of content.windows) {
      styles[index] = windowEmphasis[status];
      const label = this.windowLabels?.[index];
      if (label) label.element.style.opacity = String(styles[index].label);
    }
    this.slabs?.setStyles(styles);
    this.frames.request();
  }

  #pathTubes(edges) {
    return this.#edgeTubes(
      edges,
      (edge) => (edge.kind === "window" ? PATH_RADIUS * 0.85 : PATH_RADIUS),
      (edge) =>
        edge.observables !== 0
          ? colors.observableEdge
          : edge.kind === "window"
            ? windowColors[edge.layer]
            : colors.correction,
      1.4,
    );
  }

  /** Tubes {from, to, radius, color} along edges {a, b} (b = null: a boundary stub). */
  #edgeTubes(edges, radiusOf, colorOf, stubLength) {
    return edges.map((edge) => ({
      from: this.model.position(edge.a),
      to: edge.b === null ? this.#stubEnd(edge.a, stubLength) : this.model.position(edge.b),
      radius: radiusOf(edge),
      color: colorOf(edge),
    }));
  }

  /**
   * Every tube (the patch's sides, sampled errors, the matchings) merged into one mesh of open
   * cylinders with vertex colours: one draw call, rebuilt when any of the three parts changes.
   * Not an InstancedMesh: a software renderer (SwiftShader) draws instances one by one, and
   * at d = 11, r = 33 the ~800 instances cost it more than the rest of the scene.
   */
  #buildTubes() {
    this.#clear(this.tubes);
    const tubes = [...this.tubeParts.graph, ...this.tubeParts.shot, ...this.tubeParts.step];
    if (tubes.length === 0) return;
    const unit = new THREE.CylinderGeometry(1, 1, 1, 8, 1, true);
    const unitPositions = unit.attributes.position;
    const unitNormals = unit.attributes.normal;
    const unitIndex = unit.index.array;
    const perTube = unitPositions.count;
    const positions = new Float32Array(tubes.length * perTube * 3);
    const normals = new Float32Array(tubes.length * perTube * 3);
    const colorValues = new Float32Array(tubes.length * perTube * 3);
    const indices = new Uint32Array(tubes.length * unitIndex.length);
    const up = new THREE.Vector3(0, 1, 0);
    const from = new THREE.Vector3();
    const to = new THREE.Vector3();
    const middle = new THREE.Vector3();
    const direction = new THREE.Vector3();
    const rotation = new THREE.Quaternion();
    const matrix = new THREE.Matrix4();
    const normalMatrix = new THREE.Matrix3();
    const scale = new THREE.Vector3();
    const vertex = new THREE.Vector3();
    const color = new THREE.Color();
    tubes.forEach((tube, i) => {
      from.set(...tube.from);
      to.set(...tube.to);
      direction.subVectors(to, from);
      const length = direction.length();
      rotation.setFromUnitVectors(up, direction.normalize());
      scale.set(tube.radius, length, tube.radius);
      matrix.compose(middle.addVectors(from, to).multiplyScalar(0.5), rotation, scale);
      normalMatrix.getNormalMatrix(matrix);
      color.set(tube.color);
      const base = i * perTube;
      for (let v = 0; v < perTube; v++) {
        const at = (base + v) * 3;
        vertex.fromBufferAttribute(unitPositions, v).applyMatrix4(matrix).toArray(positions, at);
        vertex
          .fromBufferAttribute(unitNormals, v)
          .applyMatrix3(normalMatrix)
          .normalize()
          .toArray(normals, at);
        color.toArray(colorValues, at);
      }
      const offset = i * unitIndex.length;
      for (let k = 0; k < unitIndex.length; k++) indices[offset + k] = base + unitIndex[k];
    });
    unit.dispose();
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute("position", new THREE.BufferAttribute(positions, 3));
    geometry.setAttribute("normal", new THREE.BufferAttribute(normals, 3));
    geometry.setAttribute("color", new THREE.BufferAttribute(colorValues, 3));
    geometry.setIndex(new THREE.BufferAttribute(indices, 1));
    const material = new THREE.MeshLambertMaterial({ vertexColors: true });
    const mesh = new THREE.Mesh(geometry, material);
    mesh.name = "tubes";
    this.tubes.add(mesh);
  }

  #rings(artificial) {
    const geometry = new THREE.TorusGeometry(0.62, 0.07, 6, 24);
    geometry.rotateX(Math.PI / 2);
    const material = new THREE.MeshBasicMaterial({ color: 0xffffff });
    const mesh = new THREE.InstancedMesh(geometry, material, artificial.length);
    const matrix = new THREE.Matrix4();
    const color = new THREE.Color();
    artificial.forEach(({ detector, layer }, i) => {
      mesh.setMatrixAt(i, matrix.makeTranslation(...this.model.position(detector)));
      mesh.setColorAt(i, color.set(colors.artificialDefect));
    });
    return mesh;
  }

  // --- rendering on demand ------------------------------------------------------------------

  resize() {
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (width === 0 || height === 0) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.frames.request();
  }

  #draw({ ratio, edges }) {
    if (this.renderer.getPixelRatio() !== ratio) this.renderer.setPixelRatio(ratio);
    const count = Number.isFinite(edges) ? this.fixedVertices + 2 * edges : Infinity;
    this.graphLines?.geometry.setDrawRange(0, count);
    this.renderer.render(this.scene, this.camera);
    this.labels.place(this.camera, this.canvas.clientWidth, this.canvas.clientHeight);
  }

  /** Frame statistics and quality (spacetime-frames.js). */
  frameStats() {
    return this.frames.stats();
  }

  resetFrameStats() {
    this.frames.reset();
  }

  /**
   * Pointing at a detector (not while dragging) names it: index, stabilizer, (x, y, t), and
   * whether it is a defect. At most one pick per frame.
   */
  #hover(container, before) {
    this.tip = document.createElement("div");
    this.tip.className = "st-tip";
    this.tip.hidden = true;
    container.insertBefore(this.tip, before);
    this.raycaster = new THREE.Raycaster();
    let pending = 0;
    let last = null;
    const pick = () => {
      pending = 0;
      const { event } = last;
      const box = this.canvas.getBoundingClientRect();
      const pointer = new THREE.Vector2(
        ((event.clientX - box.left) / box.width) * 2 - 1,
        -((event.clientY - box.top) / box.height) * 2 + 1,
      );
      this.raycaster.params.Points.threshold = 0.35;
      this.raycaster.setFromCamera(pointer, this.camera);
      const targets = [this.defectPoints?.points, this.detectorPoints].filter(Boolean);
      const hit = this.raycaster.intersectObjects(targets, false)[0];
      const text = hit ? this.#describe(hit) : null;
      this.tip.hidden = !text;
      if (!text) return;
      this.tip.textContent = text;
      const x = event.clientX - box.left + 12;
      const y = event.clientY - box.top + 12;
      this.tip.style.transform = `translate(${x}px, ${y}px)`;
    };
    this.canvas.addEventListener("pointermove", (event) => {
      if (event.buttons !== 0 || !this.model) {
        this.tip.hidden = true;
        return;
      }
      last = { event };
      pending ||= requestAnimationFrame(pick);
    });
    this.canvas.addEventListener("pointerleave", () => (this.tip.hidden = true));
  }

  #describe(hit) {
    const isDefect = hit.object === this.defectPoints?.points;
    const detector = isDefect ? this.defectPoints.events[hit.index] : hit.index;
    const d = this.model.geometry.detectors[detector];
    if (!d) return null; // a data qubit of the floor
    const role = this.model.detectorRole[detector];
    const where = `(x ${d.x}, y ${d.y}, t ${d.t})`;
    const windows = (this.shotWindows ?? [])
      .map((w, i) => ({ w, name: this.windowNames[i] }))
      .filter(({ w }) => d.t >= w.start && d.t < w.end)
      .map(
        ({ w, name }) =>
          `${name} ${d.t >= w.commit_start && d.t < w.commit_end ? "commit" : "buffer"}`,
      );
    return (
      `detector ${detector} · ${role} stabilizer ${where}` +
      (isDefect ? " · defect" : "") +
      (windows.length ? ` · in ${windows.join(", ")}` : "")
    );
  }

  /** Turns the camera about the vertical axis through its target (for measurements). */
  orbit(radians) {
    const offset = this.camera.position.clone().sub(this.controls.target);
    offset.applyAxisAngle(new THREE.Vector3(0, 1, 0), radians);
    this.camera.position.copy(this.controls.target).add(offset);
    this.controls.update();
  }

  #clear(group) {
    for (const child of [...group.children]) {
      group.remove(child);
      disposeTree(child);
    }
  }

  dispose() {
    this.frames.dispose();
    this.canvas.removeEventListener("webglcontextlost", this.lost);
    this.controls.dispose();
    disposeTree(this.scene);
    this.renderer.dispose();
    this.renderer.forceContextLoss();
    this.canvas.remove();
    this.labels.dispose();
    this.tip.remove();
  }
}
