import type { NodeResult, Phase, Progress } from './engine';

/** Where the reporter writes; `isTTY` selects the live view. */
export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

interface Row { id: string; phase: Phase; detail?: string; since: number; endedAt?: number }

const ACTIVE: ReadonlySet<Phase> = new Set(['reading', 'creating', 'updating', 'deleting']);

/**
 * Progress for people and for CI. On a TTY: a live block, one line per resource with its state and elapsed
 * time, redrawn in place. Otherwise: one plain line per state change (no colours, no cursor movement), so
 * logs stay readable and tests can assert on them.
 */
export class Reporter implements Progress {
  private readonly rows = new Map<string, Row>();
  private timer?: NodeJS.Timeout;
  private drawn = 0;

  constructor(private readonly out: Output, private readonly order: readonly string[], private readonly redact: (s: string) => string = (s) => s) {
    for (const id of order) this.rows.set(id, { id, phase: 'waiting', since: Date.now() });
  }

  get live(): boolean { return this.out.isTTY === true; }

  start(): void {
    if (this.live) this.timer = setInterval(() => this.draw(), 100);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.draw();
  }

  update(id: string, phase: Phase, detail?: string): void {
    const row = this.rows.get(id) ?? { id, phase, since: Date.now() };
    const changed = row.phase !== phase || (detail !== undefined && detail !== row.detail);
    if (row.phase !== phase && ACTIVE.has(phase) && !ACTIVE.has(row.phase)) row.since = Date.now();
    row.phase = phase;
    row.detail = detail === undefined ? undefined : this.redact(detail);
    if (!ACTIVE.has(phase)) row.endedAt = Date.now();
    this.rows.set(id, row);
    if (!this.live && changed && phase !== 'reading' && phase !== 'waiting') {
      this.out.write(`${id}: ${phase}${row.detail ? ` (${row.detail})` : ''}\n`);
    }
  }

  private draw(): void {
    const width = Math.max(...this.order.map((id) => id.length));
    const now = Date.now();
    const lines = this.order.map((id) => {
      const r = this.rows.get(id) as Row;
      const secs = ((r.endedAt ?? now) - r.since) / 1000;
      const time = r.phase === 'waiting' ? '' : `${secs.toFixed(1)}s`;
      const mark = r.phase === 'done' ? '\u2713' : r.phase === 'failed' ? '\u2717' : ACTIVE.has(r.phase) ? '\u2026' : ' ';
      const colour = r.phase === 'done' ? 32 : r.phase === 'failed' ? 31 : ACTIVE.has(r.phase) ? 33 : 90;
      return `\x1b[${colour}m${mark} ${id.padEnd(width)}  ${r.phase.padEnd(9)} ${time.padStart(7)}  ${(r.detail ?? '').slice(0, 60)}\x1b[0m\x1b[K`;
    });
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.out.write(`${up}${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The end-of-run table and totals. */
export function summary(command: string, results: readonly NodeResult[]): string {
  const count = (f: (r: NodeResult) => boolean) => results.filter(f).length;
  if (command === 'plan') {
    const rows = results.map((r) => [r.id, r.kind, r.action, (r.detail ?? []).join('; ')]);
    const totals = `Plan: ${count((r) => r.action === 'create')} to create, ${count((r) => r.action === 'drift')} to update (drift), `
      + `${count((r) => r.action === 'delete' || r.action === 'replace')} to delete, ${count((r) => r.action === 'exists')} unchanged`
      + `${count((r) => r.action === 'failed' || r.status === 'failed') ? `, ${count((r) => r.action === 'failed' || r.status === 'failed')} failed` : ''}.`;
    return `${table(['RESOURCE', 'KIND', 'ACTION', 'DETAIL'], rows)}\n\n${totals}\n`;
  }
  const rows = results.map((r) => [r.id, r.kind, r.action, r.status, `${(r.elapsedMs / 1000).toFixed(1)}s`, r.status === 'failed' ? (r.detail ?? []).join('; ') : (r.ocid ?? '')]);
  const failed = count((r) => r.status === 'failed');
  const skipped = count((r) => r.status === 'skipped');
  const head = command === 'destroy'
    ? `Destroy ${failed ? 'failed' : 'complete'}: ${count((r) => r.action === 'delete' && r.status === 'done')} deleted, ${count((r) => r.action === 'absent')} already absent`
    : `Apply ${failed ? 'failed' : 'complete'}: ${count((r) => r.action === 'create' && r.status === 'done')} created, ${count((r) => (r.action === 'drift' || r.action === 'replace') && r.status === 'done')} updated, ${count((r) => r.action === 'exists' && r.status === 'done')} unchanged`;
  return `${table(['RESOURCE', 'KIND', 'ACTION', 'STATUS', 'TIME', 'OCID / ERROR'], rows)}\n\n${head}${failed ? `, ${failed} failed` : ''}${skipped ? `, ${skipped} not started` : ''}.\n`;
}
