import { CostReport } from './model';

type Align = 'l' | 'r';

/** A plain-text table: columns padded to their widest cell. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells
    .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
    .join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const n = (x: number) => String(Math.round(x * 1000) / 1000);
const usd = (x: number) => x.toFixed(2);
const range = (min: number, max: number, unit = '') => (min === max ? `${n(min)}${unit}` : `${n(min)}-${n(max)}${unit}`);

/** The banner every table carries: these are list prices of a stated date. */
export function priceBanner(r: CostReport): string {
  const text = `LIST PRICES in ${r.currency} as of ${r.priceList.date} (Oracle price list), read ${r.priceList.readOn}, not re-checked live`;
  const sub = 'each rate names its part number and source in lib/cost/prices.json; contract prices, free tiers and taxes differ';
  const width = Math.max(text.length, sub.length);
  const bar = '*'.repeat(width + 4);
  return [bar, `* ${text.padEnd(width)} *`, `* ${sub.padEnd(width)} *`, bar].join('\n');
}

/** The human report: workloads, priced items, totals, notes. */
export function formatCostTable(r: CostReport): string {
  const workloads = textTable(
    ['origin', 'workload', 'scaling', 'replicas', 'per pod', 'billed per pod', 'total at min', 'total at max', `${r.currency}/month`],
    [
      ...r.workloads.map((w) => [
        w.origin, `${w.kind} ${w.namespace}/${w.name}`, w.scaling, range(w.replicas.min, w.replicas.max),
        `${n(w.perPod.ocpus)} OCPU ${n(w.perPod.memoryGiB)} GiB`, `${w.billedPerPod.ocpus} OCPU ${w.billedPerPod.memoryGB} GB`,
        `${n(w.total.min.ocpus)} OCPU ${n(w.total.min.memoryGiB)} GiB`, `${n(w.total.max.ocpus)} OCPU ${n(w.total.max.memoryGiB)} GiB`,
        w.continuous ? (w.monthly.min === w.monthly.max ? usd(w.monthly.min) : `${usd(w.monthly.min)}-${usd(w.monthly.max)}`) : 'per run',
      ]),
      ['all', `${r.workloads.length} workloads`, '', range(r.sizing.min.pods, r.sizing.max.pods), '', '',
        `${n(r.sizing.min.ocpus)} OCPU ${n(r.sizing.min.memoryGiB)} GiB`, `${n(r.sizing.max.ocpus)} OCPU ${n(r.sizing.max.memoryGiB)} GiB`, ''],
    ],
    ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const items = textTable(
    ['item', 'part', 'unit price', 'quantity', `${r.currency} at min`, `${r.currency} at max`],
    [
      ...r.items.map((i) => [
        i.description, i.part, `${i.unitPrice} / ${i.metric}`,
        i.quantity.min === i.quantity.max ? n(i.quantity.min) : `${n(i.quantity.min)} / ${n(i.quantity.max)}`,
        usd(i.monthly.min), usd(i.monthly.max),
      ]),
      ['TOTAL per month', '', '', '', usd(r.total.min), usd(r.total.max)],
    ],
    ['l', 'l', 'l', 'r', 'r', 'r'],
  );
  return [
    `Sizing and monthly cost of environment "${r.environment}" (${r.region}, pod shape ${r.podShape}, ${r.hoursPerMonth} hours a month)`,
    '',
    priceBanner(r),
    '',
    'Workloads (our charts and the add-ons; requests = limits)',
    workloads,
    '',
    `Monthly cost at minimum and maximum scale (${r.currency})`,
    items,
    '',
    'Notes:',
    ...r.notes.map((x) => `  - ${x}`),
    'Not included:',
    ...r.notIncluded.map((x) => `  - ${x}`),
    '',
  ].join('\n');
}

/** The same data as JSON (stable key order: the report's own). */
export function formatCostJson(r: CostReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
