/**
 * A small box layout for the architecture picture: blocks hold a bold title, text lines and child blocks laid
 * out in a column or in (wrapping) rows. Sizes are measured bottom-up from the text, so a box is always wide
 * and tall enough for its own text and its children's; positions are then given top-down. Text never shares
 * space with another box's text, which is what keeps labels from overlapping, whatever the environment holds.
 *
 * Widths assume a monospace font (every glyph 0.6 em wide in DejaVu Sans Mono, Liberation Mono, Menlo and
 * Consolas); text is kept to ASCII and "·" so no glyph falls back to a proportional font.
 */

/** Look of a block; svg.ts maps each to colours. */
export type Tone =
  | 'plain' | 'vcn' | 'public' | 'private' | 'component' | 'workload' | 'addon' | 'external' | 'pool' | 'ad' | 'gateway' | 'legend';

export interface Block {
  /** Name for arrows and tests (rendered as a data attribute). */
  readonly id?: string;
  readonly tone: Tone;
  /** First line, bold. */
  readonly title?: string;
  readonly lines?: readonly string[];
  readonly children?: readonly Block[];
  /** How children are laid out. @default 'column' */
  readonly direction?: 'row' | 'column';
  /** Row layout only: wrap children into several rows no wider than this (px of inner width). @default no wrap */
  readonly wrap?: number;
  /** Space between children (room for arrows and their badges). @default GAP */
  readonly gap?: number;
}

export interface Placed {
  readonly block: Block;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly children: readonly Placed[];
}

export const FONT_SIZE = 12;
export const TITLE_SIZE = 13;
/** Advance of a monospace glyph, with a little slack for hinting. */
const EM = 0.61;
export const LINE = 17;
export const TITLE_LINE = 19;
export const PAD = 10;
export const GAP = 12;

/** Width of a text line in px. */
export function textWidth(text: string, size = FONT_SIZE): number {
  return Math.ceil(text.length * size * EM);
}

interface Size { readonly w: number; readonly h: number }

function headerHeight(b: Block): number {
  return (b.title === undefined ? 0 : TITLE_LINE) + (b.lines?.length ?? 0) * LINE;
}

function textExtent(b: Block): number {
  return Math.max(0, b.title === undefined ? 0 : textWidth(b.title, TITLE_SIZE), ...(b.lines ?? []).map((l) => textWidth(l)));
}

/** Rows of a row layout: greedy, so each row's inner width stays under `wrap`. */
function rowsOf(sizes: readonly Size[], wrap: number | undefined, gap: number): number[][] {
  const rows: number[][] = [];
  let current: number[] = [];
  let width = 0;
  sizes.forEach((s, i) => {
    const next = current.length === 0 ? s.w : width + gap + s.w;
    if (wrap !== undefined && current.length > 0 && next > wrap) {
      rows.push(current);
      current = [i];
      width = s.w;
    } else {
      current.push(i);
      width = next;
    }
  });
  if (current.length > 0) rows.push(current);
  return rows;
}

function childrenSize(b: Block, sizes: readonly Size[]): Size {
  if (sizes.length === 0) return { w: 0, h: 0 };
  const gap = b.gap ?? GAP;
  if (b.direction === 'row') {
    const rows = rowsOf(sizes, b.wrap, gap);
    const w = Math.max(...rows.map((r) => r.reduce((sum, i) => sum + (sizes[i]?.w ?? 0), 0) + gap * (r.length - 1)));
    const h = rows.reduce((sum, r) => sum + Math.max(...r.map((i) => sizes[i]?.h ?? 0)), 0) + gap * (rows.length - 1);
    return { w, h };
  }
  return { w: Math.max(...sizes.map((s) => s.w)), h: sizes.reduce((sum, s) => sum + s.h, 0) + gap * (sizes.length - 1) };
}

/** The smallest size a block fits in. */
export function measure(b: Block): Size {
  const kids = (b.children ?? []).map(measure);
  const inner = childrenSize(b, kids);
  const header = headerHeight(b);
  const between = header > 0 && kids.length > 0 ? GAP : 0;
  return { w: Math.max(textExtent(b), inner.w) + 2 * PAD, h: PAD + header + between + inner.h + PAD };
}

/**
 * Places a block at (x, y) in a box of at least its measured size; children of a column take the full inner
 * width, children of a row share the row's extra width and take the row's height.
 */
export function place(b: Block, x: number, y: number, w?: number, h?: number): Placed {
  const own = measure(b);
  const width = Math.max(w ?? own.w, own.w);
  const height = Math.max(h ?? own.h, own.h);
  const kids = b.children ?? [];
  const sizes = kids.map(measure);
  const header = headerHeight(b);
  let cy = y + PAD + header + (header > 0 && kids.length > 0 ? GAP : 0);
  const innerW = width - 2 * PAD;
  const gap = b.gap ?? GAP;
  const placed: Placed[] = [];
  if (b.direction === 'row') {
    for (const row of rowsOf(sizes, b.wrap, gap)) {
      const used = row.reduce((sum, i) => sum + (sizes[i]?.w ?? 0), 0) + gap * (row.length - 1);
      const extra = Math.floor((innerW - used) / row.length);
      const rowH = Math.max(...row.map((i) => sizes[i]?.h ?? 0));
      let cx = x + PAD;
      row.forEach((i, k) => {
        const s = sizes[i] as Size;
        // The last box takes the remainder, so the row ends flush with the parent's padding.
        const cw = k === row.length - 1 ? x + width - PAD - cx : s.w + extra;
        placed.push(place(kids[i] as Block, cx, cy, cw, rowH));
        cx += cw + gap;
      });
      cy += rowH + gap;
    }
  } else {
    kids.forEach((kid, i) => {
      const s = sizes[i] as Size;
      placed.push(place(kid, x + PAD, cy, innerW, s.h));
      cy += s.h + gap;
    });
  }
  return { block: b, x, y, w: width, h: height, children: placed };
}

/** Every placed block of a tree, depth first. */
export function flatten(p: Placed): Placed[] {
  return [p, ...p.children.flatMap(flatten)];
}

/** The placed block with this id (throws when the picture lacks it: a bug in the picture, not in the input). */
export function byId(roots: readonly Placed[], id: string): Placed {
  const found = roots.flatMap(flatten).find((p) => p.block.id === id);
  if (found === undefined) throw new Error(`diagram: no block "${id}"`);
  return found;
}
