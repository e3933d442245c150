import { createColors } from "picocolors";

/** A piece of a line with its style; styles are applied after the line is cut to width. */
export interface Segment {
  text: string;
  style?: Style;
}
export type Style = "bold" | "dim" | "green" | "yellow" | "red" | "cyan";
export type Line = Segment[];

/** Left-aligned (`<`) or right-aligned (`>`) cells padded to `widths`, two spaces apart. */
export function row(cells: (string | Segment)[], widths: number[], align: ("<" | ">")[]): Line {
  return cells.map((cell, i) => {
    const seg = typeof cell === "string" ? { text: cell } : cell;
    const w = widths[i] ?? seg.text.length;
    const text = align[i] === ">" ? seg.text.padStart(w) : seg.text.padEnd(w);
    return { ...seg, text: i === 0 ? text : `  ${text}` };
  });
}

/** Joins lines cut to `width` columns, coloured when `color` is true. */
export function renderLines(lines: Line[], width: number, color: boolean): string {
  const c = createColors(color);
  const paint = (seg: Segment) => (seg.style ? c[seg.style](seg.text) : seg.text);
  return lines
    .map((line) => {
      let room = width;
      const out: string[] = [];
      for (const seg of line) {
        if (room <= 0) break;
        const text = seg.text.length > room ? seg.text.slice(0, room) : seg.text;
        room -= text.length;
        out.push(paint({ ...seg, text }));
      }
      return out.join("").replace(/\s+$/, "");
    })
    .join("\n");
}
