// A headline sentence as DOM, from text and figures: each figure is marked (data-figure) so a reader can
// tell which number is which and the consistency test can recompute it from the published files.

/** A figure of a sentence: the formatted value, or the suppression marker with a tooltip why. */
export function figure(name, value, format, marker) {
  const element = document.createElement(value == null ? "span" : "strong");
  element.dataset.figure = name;
  if (value == null) {
    element.className = "slm-missing";
    element.textContent = marker;
    element.title = "Suppressed to protect privacy";
  } else {
    element.textContent = format(value);
  }
  return element;
}

/** A span of the parts in order: strings as text, nodes as they are, null and false left out. */
export function sentence(...parts) {
  const span = document.createElement("span");
  for (const part of parts.flat()) {
    if (part == null || part === false) continue;
    span.append(part instanceof Node ? part : String(part));
  }
  return span;
}
