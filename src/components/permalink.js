// A page's filters live in its address (?intake=HT2025&stage=admitted): a link a reader copies opens the same
// view. An input reads its first value from the query string and writes each change back with
// history.replaceState (no new history entry per click; the back button still leaves the page).

/** The value's text in the address: a list of choices is joined with commas. */
const text = (value) => (Array.isArray(value) ? value.map(String).join(",") : String(value ?? ""));

/** This page's query string, as it is now. */
export function readParam(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/** Sets (or, with null, removes) one parameter of the address, keeping the others and the #anchor. */
export function writeParam(name, value) {
  const url = new URL(window.location.href);
  if (value == null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  window.history.replaceState(window.history.state, "", url);
}

/**
 * linked(name, input, values) ties an Inputs select, radio or checkbox to the parameter `name`: `values`
 * are its choices, matched to the address by their text (a parameter naming no choice is ignored, so an old
 * link opens the page's default). An Inputs.search keeps its query; without `values` the parameter is the
 * input's value itself (a range, a text). The page's own default is left out of the address, so an
 * unfiltered page keeps a clean one. Returns the input, for view().
 */
export function linked(name, input, values) {
  // a search box's value is the rows it matches: its query is what the address keeps
  const box = input.querySelector?.("input[type=search]");
  if (box) return linkedSearch(name, input, box);
  const initial = input.value;
  const param = readParam(name);
  if (param !== null) {
    let value;
    if (!values) value = typeof initial === "number" ? Number(param) : param;
    else if (Array.isArray(initial)) {
      const wanted = new Set(param === "" ? [] : param.split(","));
      value = values.filter((v) => wanted.has(String(v)));
    } else value = values.find((v) => String(v) === param);
    if (value !== undefined && !(typeof value === "number" && Number.isNaN(value))) input.value = value;
  }
  input.addEventListener("input", () => {
    writeParam(name, text(input.value) === text(initial) ? null : text(input.value));
  });
  return input;
}

/** An Inputs.search: the query text in the address, typed into the box on opening. */
function linkedSearch(name, input, box) {
  const param = readParam(name);
  if (param) {
    box.value = param;
    // the search form filters its rows on the box's input event
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
  input.addEventListener("input", () => writeParam(name, box.value === "" ? null : box.value));
  return input;
}
