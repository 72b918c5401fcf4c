import { afterEach, describe, expect, it, vi } from "vitest";
import { chartFrame, labelAxis } from "../../src/components/chart.js";

describe("a chart's frame gives the labels' room to the plot on a narrow column", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps the margins asked for where the column has room for them and the plot", () => {
    expect(chartFrame(912, { marginLeft: 190, marginRight: 44 })).toEqual({
      width: 912,
      marginLeft: 190,
      marginRight: 44,
    });
  });

  it("narrows the labels' margin to fit a phone's 326 px column: 326 - 44 - 180 = 102", () => {
    expect(chartFrame(326, { marginLeft: 190, marginRight: 44 })).toEqual({
      width: 326,
      marginLeft: 102,
      marginRight: 44,
    });
  });

  it("keeps the labels' least room and is wider than a column too narrow for it and the plot", () => {
    // 250 - 20 - 180 = 50 px would be left for the labels; they keep 100, the chart is 100 + 20 + 180
    expect(chartFrame(250, { marginLeft: 230 })).toEqual({ width: 300, marginLeft: 100, marginRight: 20 });
    // before the first layout Framework's width is 0
    expect(chartFrame(0, { marginLeft: 170 })).toEqual({ width: 300, marginLeft: 100, marginRight: 20 });
  });

  it("keeps room for the longest word of the labels, since a word cannot wrap", () => {
    // 6 px a character: "Högskoleingenjörsprogram" is 24 characters, 144 px, and the tick takes 9
    vi.stubGlobal("document", {
      createElement: () => ({
        getContext: () => ({ font: "", measureText: (word: string) => ({ width: word.length * 6 }) }),
      }),
    });
    const labels = ["Ekonomprogrammet (EKOVK)", "Högskoleingenjörsprogram i… (HIMAS)"];
    // 326 - 20 - 160 = 146 px would be left, 7 short of 153
    expect(chartFrame(326, { marginLeft: 230, plot: 160, labels })).toEqual({
      width: 333,
      marginLeft: 153,
      marginRight: 20,
    });
    expect(chartFrame(912, { marginLeft: 230, plot: 160, labels }).marginLeft).toBe(230);
  });

  it("gives each row room for two lines of label where the labels lost room, Plot's 20 px otherwise", () => {
    // 326 - 20 - 180 = 126 < 130: 60 + 5 x 30
    expect(chartFrame(326, { marginLeft: 130, rows: 5 }).height).toBe(210);
    expect(chartFrame(900, { marginLeft: 130, rows: 5 }).height).toBe(160);
    expect(chartFrame(900, { marginLeft: 130 })).not.toHaveProperty("height");
  });

  it("wraps the left axis's labels to the margin, less the tick's 9 px, in 10 px ems", () => {
    const format = (code: string) => code.toLowerCase();
    expect(labelAxis((options) => options, { marginLeft: 109 }, { tickFormat: format })).toEqual({
      anchor: "left",
      label: null,
      lineWidth: 10,
      tickFormat: format,
    });
  });
});
