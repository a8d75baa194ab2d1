import { FONT_SIZE, LINE, PAD, Placed, TITLE_LINE, TITLE_SIZE, Tone, flatten } from './layout';

/** A straight connector between two points, with an optional numbered badge (see the picture's legend). */
export interface Arrow {
  readonly from: { readonly x: number; readonly y: number };
  readonly to: { readonly x: number; readonly y: number };
  readonly badge?: string;
  /** Where the badge sits: beside a vertical arrow, above a horizontal one. */
  readonly badgeSide: 'right' | 'above';
}

/** Fill, stroke, dash and corner radius per tone. */
const TONES: Readonly<Record<Tone, { fill: string; stroke: string; dash?: string; rx: number }>> = {
  plain: { fill: 'none', stroke: 'none', rx: 0 },
  vcn: { fill: '#eef5fb', stroke: '#4f7fae', rx: 12 },
  public: { fill: '#ebf6ea', stroke: '#4d8f4d', rx: 10 },
  private: { fill: '#f3f0fa', stroke: '#7a66a8', rx: 10 },
  component: { fill: '#ffffff', stroke: '#4a4a4a', rx: 6 },
  workload: { fill: '#ffffff', stroke: '#777777', rx: 4 },
  addon: { fill: '#fff9ee', stroke: '#b7862e', dash: '6 4', rx: 6 },
  external: { fill: '#fdf0ea', stroke: '#b45f3c', rx: 8 },
  pool: { fill: '#f7f7f7', stroke: '#8a8a8a', rx: 8 },
  ad: { fill: '#ffffff', stroke: '#a0a0a0', dash: '4 3', rx: 4 },
  gateway: { fill: '#ffffff', stroke: '#4f7fae', rx: 14 },
  legend: { fill: '#fafafa', stroke: '#c8c8c8', rx: 8 },
};

/** Escapes text for an SVG text node or attribute. */
export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function blockSvg(p: Placed): string[] {
  const b = p.block;
  const tone = TONES[b.tone];
  const out: string[] = [];
  const id = b.id === undefined ? '' : ` data-block="${xml(b.id)}"`;
  if (b.tone !== 'plain') {
    out.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" rx="${tone.rx}" fill="${tone.fill}" stroke="${tone.stroke}"${tone.dash === undefined ? '' : ` stroke-dasharray="${tone.dash}"`}${id}/>`);
  }
  let top = p.y + PAD;
  if (b.title !== undefined) {
    out.push(`<text x="${p.x + PAD}" y="${top + 14}" class="b">${xml(b.title)}</text>`);
    top += TITLE_LINE;
  }
  for (const line of b.lines ?? []) {
    out.push(`<text x="${p.x + PAD}" y="${top + 13}">${xml(line)}</text>`);
    top += LINE;
  }
  return out;
}

function arrowSvg(a: Arrow): string[] {
  const out = [`<line x1="${a.from.x}" y1="${a.from.y}" x2="${a.to.x}" y2="${a.to.y}" class="flow" marker-end="url(#head)"/>`];
  if (a.badge !== undefined) {
    const mx = Math.round((a.from.x + a.to.x) / 2);
    const my = Math.round((a.from.y + a.to.y) / 2);
    const cx = a.badgeSide === 'right' ? mx + 16 : mx;
    const cy = a.badgeSide === 'above' ? my - 14 : my;
    out.push(`<circle cx="${cx}" cy="${cy}" r="10" class="badge"/>`);
    out.push(`<text x="${cx}" y="${cy + 4}" class="n">${xml(a.badge)}</text>`);
  }
  return out;
}

/** The whole picture: blocks (parents before children, so children paint on top), then arrows and badges. */
export function renderSvg(roots: readonly Placed[], arrows: readonly Arrow[], size: { w: number; h: number }, title: string): string {
  const body = [...roots.flatMap(flatten).flatMap(blockSvg), ...arrows.flatMap(arrowSvg)];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.w}" height="${size.h}" viewBox="0 0 ${size.w} ${size.h}" role="img" aria-label="${xml(title)}">`,
    `<title>${xml(title)}</title>`,
    '<style>',
    `text{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:${FONT_SIZE}px;fill:#1f1f1f;white-space:pre}`,
    `.b{font-size:${TITLE_SIZE}px;font-weight:bold}`,
    '.n{font-size:11px;font-weight:bold;text-anchor:middle;fill:#ffffff}',
    '.flow{stroke:#c0392b;stroke-width:2}',
    '.badge{fill:#c0392b}',
    '</style>',
    '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c0392b"/></marker></defs>',
    `<rect x="0" y="0" width="${size.w}" height="${size.h}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
