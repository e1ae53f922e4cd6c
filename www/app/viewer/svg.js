// Making SVG elements: attributes and text set one by one (never through innerHTML).

const NS = "http://www.w3.org/2000/svg";

/** An SVG element with `attributes` and, optionally, a text child. */
export function svg(name, attributes = {}, text = null) {
  const element = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== null) element.textContent = text;
  return element;
}
