/** `npm run cost` as users run it: a real process through npm, its output and exit codes. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { costReport } from '../../lib/cost/cli';
import type { CostReport } from '../../lib/cost/model';
import { CONFIG_DIR, ROOT } from '../helpers';

const RAW = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'cost', 'prices.json'), 'utf8')) as { priceListDate: string };

function npmCost(...args: string[]) {
  return spawnSync('npm', ['run', '-s', 'cost', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
}

describe('npm run cost', () => {
  test('--format json is the same data as the library gives, with per-item quantities, unit prices, totals, currency and list date', () => {
    const r = npmCost('--env', 'example', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as CostReport;
    expect(json).toEqual(JSON.parse(JSON.stringify(costReport('example', { configDir: CONFIG_DIR }))));
    expect(Object.keys(json.items[0] ?? {})).toEqual(expect.arrayContaining(['quantity', 'unitPrice', 'monthly', 'part', 'source', 'read']));
    expect(json).toMatchObject({ currency: 'USD', priceList: { date: RAW.priceListDate } });
  }, 60000);

  test('the table says prominently that these are list prices of that date, and lists every workload and total', () => {
    const r = npmCost('--env', 'example');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[3]).toContain(`LIST PRICES in USD as of ${RAW.priceListDate}`);
    const report = costReport('example', { configDir: CONFIG_DIR });
    for (const w of report.workloads) expect(r.stdout).toContain(`${w.kind} ${w.namespace}/${w.name}`);
    expect(lines.find((l) => l.startsWith('TOTAL per month'))).toMatch(new RegExp(`${report.total.min.toFixed(2)}\\s+${report.total.max.toFixed(2)}$`));
  }, 60000);

  test('bad arguments exit 2 with the usage; an unknown environment exits 1', () => {
    const noEnv = npmCost();
    expect(noEnv.status).toBe(2);
    expect(noEnv.stderr).toContain('--env is required');
    const format = npmCost('--env', 'example', '--format', 'xml');
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('--format "xml" is not table or json');
    const unknown = npmCost('--env', 'nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no such environment');
  }, 60000);
});
