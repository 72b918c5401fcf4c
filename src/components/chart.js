// What every chart shares: its width, and the colours that tell this cycle from the previous one.

/**
 * A chart's width: the layout's (Framework's `width`, the main column's), never below what its labels need,
 * left margin plus a plot area that can still be read. The chart is drawn at that width and never shrunk
 * (style.css): a 480 px chart scaled onto a phone drew its labels at 6.8 px; one wider than the screen
 * scrolls sideways in its own box instead.
 */
export function chartWidth(width, { marginLeft = 40, marginRight = 20, plot = 180 } = {}) {
  return Math.max(width || 0, marginLeft + marginRight + plot);
}

/**
 * A chart with labels on its left, fitted to the layout's width: Plot's `width`, `marginLeft` and `marginRight`.
 * Where the column is too narrow for the margin the chart asks for and a `plot` area beside it (a 390 px phone
 * has a 326 px column), the labels give up room before the plot does: drawn wider than the column, the chart hid
 * its right part (the longest bar, a session's capacity, half the axis) behind a sideways scroll nothing showed.
 * The labels wrap within the margin left to them (`labelAxis`), which never gets narrower than `labels`: pixels,
 * or the labels' texts, whose longest word must fit on a line ("Sjuksköterskeprogrammet" cannot wrap).
 * Given its number of `rows`, the frame has Plot's `height` too: Plot's 20 px a row, or 30 where the labels lost
 * room and may take two lines, which ran into each other at 20.
 */
export function chartFrame(
  width,
  { marginLeft = 40, marginRight = 20, plot = 180, labels = 100, rows } = {},
) {
  const least = Math.min(marginLeft, Array.isArray(labels) ? longestWord(labels) + TICK : labels);
  const fitted = Math.max(least, Math.min(marginLeft, (width || 0) - marginRight - plot));
  const frame = {
    width: chartWidth(width, { marginLeft: fitted, marginRight, plot }),
    marginLeft: fitted,
    marginRight,
  };
  // Plot's own height: 60 px of margins and axis, 20 a row
  return rows === undefined ? frame : { ...frame, height: 60 + rows * (fitted < marginLeft ? 30 : 20) };
}

/** The room a left axis's tick and its padding take from the margin, px (Plot: 6 and 3). */
const TICK = 9;

/** The width of the longest word of `texts` as Plot draws axis labels (10 px system-ui), px; whole pixels up. */
function longestWord(texts) {
  const context = document.createElement("canvas").getContext("2d");
  context.font = "10px system-ui, sans-serif";
  let widest = 0;
  for (const text of texts)
    for (const word of String(text ?? "").split(/\s+/))
      widest = Math.max(widest, context.measureText(word).width);
  return Math.ceil(widest);
}

/**
 * The left axis of a chart framed by `chartFrame` (`axis`: Plot.axisY or Plot.axisFy), its labels wrapped to the
 * frame's margin. Plot's text is 10 px, so an em is 10 px.
 */
export function labelAxis(axis, frame, options = {}) {
  return axis({ anchor: "left", label: null, lineWidth: (frame.marginLeft - TICK) / 10, ...options });
}

/**
 * Two series to tell apart (this cycle and the previous one; applied and enrolled): blue against orange, apart in hue and in lightness so they stay apart in
 * both themes and in greyscale (the theme's focus blue against its muted grey read as one colour).
 */
export const PAIR_COLORS = ["var(--theme-foreground-focus)", "#e8590c"];
