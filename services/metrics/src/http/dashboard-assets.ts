import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A file the dashboard page needs, held in memory (all of them together are ~70 KB). */
export interface Asset {
  body: Buffer;
  contentType: string;
}

const PAGE_DIR = fileURLToPath(new URL("../dashboard/", import.meta.url));

/** uPlot's browser build, from the installed package: nothing is fetched from the network. */
function uplotDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("uplot"));
}

/** The page and its assets by their path under /dashboard/ ("" is the page). */
export async function loadDashboardAssets(): Promise<Map<string, Asset>> {
  const uplot = uplotDir();
  const files: [name: string, file: string, contentType: string][] = [
    ["", path.join(PAGE_DIR, "index.html"), "text/html; charset=utf-8"],
    ["app.js", path.join(PAGE_DIR, "app.js"), "text/javascript; charset=utf-8"],
    ["app.css", path.join(PAGE_DIR, "app.css"), "text/css; charset=utf-8"],
    ["uPlot.iife.min.js", path.join(uplot, "uPlot.iife.min.js"), "text/javascript; charset=utf-8"],
    ["uPlot.min.css", path.join(uplot, "uPlot.min.css"), "text/css; charset=utf-8"],
  ];
  const assets = new Map<string, Asset>();
  for (const [name, file, contentType] of files) {
    assets.set(name, { body: await readFile(file), contentType });
  }
  return assets;
}
