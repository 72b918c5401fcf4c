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
 * Two series to tell apart (this cycle and the previous one; applied and enrolled): blue against orange, apart in hue and in lightness so they stay apart in
 * both themes and in greyscale (the theme's focus blue against its muted grey read as one colour).
 */
export const PAIR_COLORS = ["var(--theme-foreground-focus)", "#e8590c"];
