import type { Page } from "playwright-core";

/*
 * Functions that run inside the dashboard page (page.evaluate serializes them). The workspace
 * compiles for Node without the DOM library, so the few browser shapes used are declared here,
 * in this module only.
 */
interface ElementLike {
  textContent: string | null;
  dataset: Record<string, string | undefined>;
}
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}
interface PageGlobals {
  podDashboard: { updates: number; colors: Record<string, string> };
  testMarker?: string;
}
declare const document: {
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): Iterable<ElementLike>;
};
declare const window: PageGlobals;
declare const performance: { getEntriesByType(type: string): unknown[] };

export interface ShownField {
  field: string;
  format: string;
  text: string;
}

/** Every element bound to a summary field, with the text it shows. */
export function shownFields(page: Page): Promise<ShownField[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("[data-field]")].map((el) => ({
      field: el.dataset.field ?? "",
      format: el.dataset.format ?? "count",
      text: el.textContent ?? "",
    })),
  );
}

/** Text of the element bound to `field`. */
export function fieldText(page: Page, field: string): Promise<string | null> {
  return page.evaluate(
    (f) =>
      (document.querySelector(`[data-field="${f}"]`) as ElementLike | null)?.textContent ?? null,
    field,
  );
}

/** Waits until the element bound to `field` shows `text`. */
export async function waitForField(
  page: Page,
  field: string,
  text: string,
  timeout: number,
): Promise<void> {
  await page.waitForFunction(
    ([f, t]) =>
      (document.querySelector(`[data-field="${f}"]`) as ElementLike | null)?.textContent === t,
    [field, text] as const,
    { timeout },
  );
}

/**
 * Opaque pixels of a chart's canvas within a small distance of `color` (#rrggbb), and how many
 * rows they span: a flat line at zero spans a couple of rows, a line through values many more.
 */
export function seriesPixels(
  page: Page,
  chartId: string,
  color: string,
): Promise<{ pixels: number; rows: number }> {
  return page.evaluate(
    ([id, hex]) => {
      const canvas = document.querySelector(`#${id} canvas`) as CanvasLike | null;
      if (!canvas) return { pixels: -1, rows: 0 };
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let n = 0;
      const rows = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const d =
          Math.abs(data[i]! - want[0]!) +
          Math.abs(data[i + 1]! - want[1]!) +
          Math.abs(data[i + 2]! - want[2]!);
        if (data[i + 3]! > 200 && d < 40) {
          n += 1;
          rows.add(Math.floor(i / 4 / canvas.width));
        }
      }
      return { pixels: n, rows: rows.size };
    },
    [chartId, color] as const,
  );
}

/** The series colours the page draws with. */
export function chartColors(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => window.podDashboard.colors);
}

/** Leaves a value on the page's window; a reload would lose it. */
export function setMarker(page: Page): Promise<string> {
  return page.evaluate(() => {
    window.testMarker = `m${Math.random()}`;
    return window.testMarker;
  });
}

/** The marker, how many navigations the page had and how many summaries it rendered. */
export function pageState(
  page: Page,
): Promise<{ marker?: string; navigations: number; updates: number }> {
  return page.evaluate(() => ({
    marker: window.testMarker,
    navigations: performance.getEntriesByType("navigation").length,
    updates: window.podDashboard.updates,
  }));
}
