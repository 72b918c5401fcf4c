import type { Page } from "playwright-core";

/** What a page, as drawn, gets wrong for a reader: each entry names the element and the measurement. */
export interface LookProblems {
  /** how far the page itself scrolls sideways, px (wide tables must scroll in their own box) */
  sidewaysScroll: number;
  /** table cells whose text is cut ("…" drawn by text-overflow, or in the text itself) */
  cutCells: string[];
  /** chart text drawn under 10 px once the svg is scaled to its rendered width */
  tinyChartText: string[];
  /** chart text drawn partly outside its svg, where it is cut off (a bar's "79%" past the right edge) */
  clippedChartText: string[];
  /** table row rules with contrast under 3:1 against the table's background */
  faintRowRules: string[];
  /** chart labels Plot shortened inside a word ("Högskoleingenjörspr…i datateknik"): the full text is its title */
  wordCutChartText: string[];
  /**
   * charts wider than the column, with how many px of them are out of sight: their box scrolls sideways, and
   * nothing shows a reader that the longest bar or the axis's end is there to scroll to
   */
  wideCharts: string[];
  /** axis labels that run into the next one (a label wrapped onto more lines than its row has room for) */
  overlappingLabels: string[];
  /**
   * tables wider than their box with no shadow on its edges (gradients fixed to the box, under covers that scroll
   * with the table): nothing tells a reader that more columns are a swipe away
   */
  unmarkedWideTables: string[];
  /**
   * how far the sidebar's toggle reaches below the fixed header while the sidebar is closed, px: below it, the
   * toggle floats over the content as it scrolls past
   */
  toggleOverContent: number;
}

/** Measures a loaded page in the browser (one evaluate: the page's own layout, fonts and theme). */
export async function measureLook(page: Page): Promise<LookProblems> {
  // tsx (esbuild's keepNames) wraps the named functions below in __name(), which the page does not have
  await page.evaluate("globalThis.__name ??= (f) => f");
  return page.evaluate(() => {
    // any CSS colour (rgb(), color-mix(), oklab()...) as the browser paints it over a background
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    const paint = (color: string, over: string): [number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = over;
      ctx.fillRect(0, 0, 1, 1);
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
      return [r, g, b];
    };
    const luminance = ([r, g, b]: [number, number, number]) => {
      const lin = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const contrast = (a: [number, number, number], b: [number, number, number]) => {
      const [x, y] = [luminance(a), luminance(b)];
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    const transparent = (css: string) => css === "transparent" || /rgba\(.*,\s*0\)$/.test(css);
    const backgroundOf = (el: Element | null): string => {
      for (; el; el = el.parentElement) {
        const bg = getComputedStyle(el).backgroundColor;
        if (bg && !transparent(bg)) return bg;
      }
      return "rgb(255, 255, 255)";
    };
    const where = (el: Element) => {
      const table = el.closest("table, figure, svg");
      const tables = Array.from(document.querySelectorAll("main table"));
      return `table ${table ? tables.indexOf(table as HTMLTableElement) : "?"}`;
    };

    const chartName = (svg: SVGSVGElement) =>
      (
        svg.getAttribute("aria-label") ??
        svg.closest("figure")?.querySelector("h2,h3")?.textContent ??
        "chart"
      ).slice(0, 40);

    const sidewaysScroll = document.documentElement.scrollWidth - document.documentElement.clientWidth;

    const cutCells: string[] = [];
    for (const cell of Array.from(document.querySelectorAll<HTMLElement>("main table td, main table th"))) {
      const text = (cell.textContent ?? "").trim();
      if (!text) continue;
      const style = getComputedStyle(cell);
      const clipped = style.textOverflow === "ellipsis" && cell.scrollWidth > cell.clientWidth + 1;
      if (clipped || text.endsWith("…")) cutCells.push(`${where(cell)}: "${text.slice(0, 40)}"`);
    }

    const tinyChartText: string[] = [];
    const clippedChartText: string[] = [];
    const wordCutChartText: string[] = [];
    const letter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>("main svg"))) {
      const box = svg.viewBox?.baseVal;
      const drawn = svg.getBoundingClientRect().width;
      if (drawn === 0) continue;
      const scale = box && box.width > 0 ? drawn / box.width : 1;
      for (const text of Array.from(svg.querySelectorAll<SVGTextElement>("text"))) {
        const label = (text.textContent ?? "").trim();
        if (!label) continue;
        // Plot keeps the whole of a text it shortened as its <title>; a cut between two letters split a word
        const full = text.querySelector("title")?.textContent;
        if (full) {
          const shown = Array.from(text.childNodes)
            .filter((node) => node.nodeName !== "title")
            .map((node) => node.textContent ?? "")
            .join("");
          const [before = "", after = ""] = shown.split("…");
          const cutAfter = before !== "" && letter(before.at(-1)) && letter(full[before.trimEnd().length]);
          const start = full.length - after.length;
          const cutBefore = after !== "" && letter(after[0]) && letter(full[start - 1]);
          if (shown.includes("…") && (cutAfter || cutBefore))
            wordCutChartText.push(`${chartName(svg)}: "${shown.slice(0, 40)}"`);
        }
        const size = Number.parseFloat(getComputedStyle(text).fontSize) * scale;
        const [outer, inner] = [svg.getBoundingClientRect(), text.getBoundingClientRect()];
        if (
          inner.left < outer.left - 1 ||
          inner.right > outer.right + 1 ||
          inner.top < outer.top - 1 ||
          inner.bottom > outer.bottom + 1
        ) {
          clippedChartText.push(`${chartName(svg)}: "${label.slice(0, 30)}"`);
        }
        if (size < 10) {
          const chart =
            svg.getAttribute("aria-label") ?? svg.closest("figure")?.querySelector("h2,h3")?.textContent;
          tinyChartText.push(
            `${(chart ?? "chart").slice(0, 40)}: "${label.slice(0, 30)}" at ${size.toFixed(1)} px`,
          );
        }
      }
    }

    const wideCharts: string[] = [];
    const overlappingLabels: string[] = [];
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>("main svg[class^='plot-']"))) {
      const box = svg.closest(".observablehq");
      if (box && box.scrollWidth > box.clientWidth + 1)
        wideCharts.push(`${chartName(svg)}: ${box.scrollWidth - box.clientWidth} px`);
      for (const axis of Array.from(svg.querySelectorAll("g[aria-label$='tick label']"))) {
        // a rotated label's box is not its outline: rotated labels are side by side however their boxes overlap
        const boxes = Array.from(axis.querySelectorAll("text"))
          .filter((text) => !/rotate/.test(text.getAttribute("transform") ?? ""))
          .map((text) => ({ label: (text.textContent ?? "").trim(), rect: text.getBoundingClientRect() }))
          .filter(({ rect }) => rect.height > 0);
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) {
            const across = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
            const down = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
            if (across > 1 && down > 1)
              overlappingLabels.push(
                `${chartName(svg)}: "${a.label.slice(0, 25)}" and "${b.label.slice(0, 25)}"`,
              );
          }
      }
    }

    const unmarkedWideTables: string[] = [];
    for (const box of Array.from(document.querySelectorAll<HTMLElement>("main form.inputs-3a86ea-table"))) {
      if (box.scrollWidth <= box.clientWidth + 1) continue;
      const style = getComputedStyle(box);
      const layers = style.backgroundImage.match(/gradient\(/g)?.length ?? 0;
      const attachments = style.backgroundAttachment.split(",").map((a) => a.trim());
      if (layers < 4 || !attachments.includes("local") || !attachments.includes("scroll"))
        unmarkedWideTables.push(
          `${where(box.querySelector("table") ?? box)}: ${box.scrollWidth - box.clientWidth} px`,
        );
    }

    const faintRowRules: string[] = [];
    for (const row of Array.from(document.querySelectorAll("main table tbody tr"))) {
      const cell = row.querySelector("td");
      if (!cell) continue;
      const style = getComputedStyle(cell);
      if (Number.parseFloat(style.borderBottomWidth) === 0 || style.borderBottomStyle === "none") continue;
      const background = paint(backgroundOf(cell), "rgb(255, 255, 255)");
      const rule = paint(style.borderBottomColor, `rgb(${background.join(",")})`);
      const ratio = contrast(rule, background);
      if (ratio < 3)
        faintRowRules.push(`${where(cell)}: ${style.borderBottomColor} at ${ratio.toFixed(2)}:1`);
    }

    let toggleOverContent = 0;
    const toggle = document.querySelector("#observablehq-sidebar-toggle");
    const header = document.querySelector("#observablehq-header");
    const sidebar = document.querySelector("#observablehq-sidebar");
    const sidebarClosed =
      !sidebar ||
      getComputedStyle(sidebar).visibility === "hidden" ||
      sidebar.getBoundingClientRect().right <= 0;
    if (toggle && header && sidebarClosed) {
      const [t, h] = [toggle.getBoundingClientRect(), header.getBoundingClientRect()];
      if (t.width > 0 && t.height > 0) toggleOverContent = Math.max(0, Math.round(t.bottom - h.bottom));
    }

    // one line per distinct problem: a 200-row table with the same faint rule is one finding
    const distinct = (list: string[]) => [...new Set(list)];
    return {
      sidewaysScroll,
      cutCells: distinct(cutCells),
      tinyChartText: distinct(tinyChartText),
      clippedChartText: distinct(clippedChartText),
      faintRowRules: distinct(faintRowRules),
      wordCutChartText: distinct(wordCutChartText),
      wideCharts: distinct(wideCharts),
      overlappingLabels: distinct(overlappingLabels),
      unmarkedWideTables: distinct(unmarkedWideTables),
      toggleOverContent,
    };
  });
}
