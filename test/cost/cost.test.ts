/** The cost report: its arithmetic on the example, its sources, and its variants (`npm run cost` itself: cli.test.ts). */
import * as fs from 'fs';
import * as path from 'path';
import { platformAddOns } from '../../lib/addons';
import { Environment } from '../../lib/config';
import { costReport } from '../../lib/cost/cli';
import { CostError, CostReport, MYSQL_HA_INSTANCES, estimateCost } from '../../lib/cost/model';
import { PRICES, parsePriceList } from '../../lib/cost/prices';
import { sizeEnvironment } from '../../lib/sizing';
import { synthesizeEnvironment } from '../../lib/synth/environment-app';
import { CONFIG_DIR, ROOT, exampleEnv } from '../helpers';

/** The price file as plain JSON, read independently of lib/cost/prices.ts. */
const RAW = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'cost', 'prices.json'), 'utf8')) as {
  priceListDate: string; hoursPerMonth: { value: number };
  prices: Record<string, { part: string; usd: number; source: string; read: string }> & { podShapes: Record<string, { ocpu: { usd: number }; memory: { usd: number } }> };
};

function reportFor(env: Environment, logGb = 0): CostReport {
  const objects = synthesizeEnvironment(env).manifests.flatMap((f) => f.objects);
  return estimateCost(env, sizeEnvironment(env, objects), PRICES, { logStorageGBPerMonth: logGb });
}

const byId = (r: CostReport, id: string) => {
  const item = r.items.find((i) => i.id === id);
  if (item === undefined) throw new Error(`no item ${id}; have ${r.items.map((i) => i.id).join(', ')}`);
  return item;
};

describe('the example', () => {
  const r = costReport('example', { configDir: CONFIG_DIR });
  const hours = RAW.hoursPerMonth.value;

  test('every item is quantity x unit price x hours, rounded to the cent, and the totals are their sums', () => {
    for (const i of r.items) {
      expect(i.monthly.min).toBeCloseTo(Math.round(i.quantity.min * i.unitPrice * i.hours * 100) / 100, 10);
      expect(i.monthly.max).toBeCloseTo(Math.round(i.quantity.max * i.unitPrice * i.hours * 100) / 100, 10);
      expect(i.hours === hours || i.hours === 1).toBe(true);
    }
    expect(r.total.min).toBeCloseTo(r.items.reduce((s, i) => s + i.monthly.min, 0), 6);
    expect(r.total.max).toBeCloseTo(r.items.reduce((s, i) => s + i.monthly.max, 0), 6);
    expect(r.total.max).toBeGreaterThan(r.total.min);
  });

  test('the pod items count every workload\'s billed pods at the pool shape\'s prices', () => {
    const env = exampleEnv();
    const shape = RAW.prices.podShapes[env.virtualNodePool.podShape];
    // Pods billed around the clock; the DB-user Job's pod is billed per run (deleted after ttlSecondsAfterFinished).
    const billed = (scale: 'min' | 'max', key: 'ocpus' | 'memoryGB') => r.workloads.filter((w) => w.continuous).reduce((s, w) => s + w.replicas[scale] * w.billedPerPod[key], 0);
    expect(r.workloads.filter((w) => !w.continuous).map((w) => ({ kind: w.kind, name: `${w.namespace}/${w.name}`, monthly: w.monthly })))
      .toEqual([{ kind: 'Job', name: 'db-user/db-user', monthly: { min: 0, max: 0 } }]);
    expect(byId(r, 'pod-ocpus').quantity).toEqual({ min: billed('min', 'ocpus'), max: billed('max', 'ocpus') });
    expect(byId(r, 'pod-memory').quantity).toEqual({ min: billed('min', 'memoryGB'), max: billed('max', 'memoryGB') });
    expect(byId(r, 'pod-ocpus').unitPrice).toBe(shape?.ocpu.usd);
    expect(byId(r, 'pod-memory').unitPrice).toBe(shape?.memory.usd);
    // A 1 GiB pod is allocated 2 GB (0.25 GB runtime, rounded up): more GB are billed than GiB requested.
    expect(byId(r, 'pod-memory').quantity.min).toBeGreaterThan(r.sizing.min.memoryGiB);
    expect(byId(r, 'virtual-nodes')).toMatchObject({ quantity: { min: env.virtualNodePool.size, max: env.virtualNodePool.size }, unitPrice: RAW.prices.okeVirtualNode?.usd, part: 'B96109' });
    expect(byId(r, 'enhanced-cluster').monthly).toEqual({ min: Math.round(RAW.prices.okeEnhancedCluster!.usd * hours * 100) / 100, max: Math.round(RAW.prices.okeEnhancedCluster!.usd * hours * 100) / 100 });
    expect(byId(r, 'load-balancer-bandwidth').quantity).toEqual({ min: env.ingress.loadBalancer.minMbps, max: env.ingress.loadBalancer.maxMbps });
    expect(byId(r, 'mysql-ecpus').quantity).toEqual({ min: 2, max: 2 });
    expect(byId(r, 'mysql-storage').quantity).toEqual({ min: env.database.storageGB, max: env.database.storageGB });
  });

  test('OCPU and GiB totals equal the sum over the workloads, ours and the add-ons', () => {
    const sum = (scale: 'min' | 'max') => ({
      pods: r.workloads.reduce((s, w) => s + w.replicas[scale], 0),
      ocpus: r.workloads.reduce((s, w) => s + w.total[scale].ocpus, 0),
      memoryGiB: r.workloads.reduce((s, w) => s + w.total[scale].memoryGiB, 0),
    });
    expect(r.sizing.min).toEqual(sum('min'));
    expect(r.sizing.max).toEqual(sum('max'));
    expect(new Set(r.workloads.map((w) => w.origin))).toEqual(new Set(['charts', ...platformAddOns(exampleEnv()).map((a) => a.name)]));
  });

  test('every price names its part, its public source and when it was read; the report carries the list date', () => {
    expect(r.currency).toBe('USD');
    expect(r.priceList.date).toBe(RAW.priceListDate);
    for (const i of r.items) {
      expect(i.part).toMatch(/^(B\d{5,6}|none)$/);
      expect(i.source).toMatch(/^https:\/\/(www\.oracle\.com|docs\.oracle\.com)\//);
      expect(i.read).toMatch(/re-checked/);
    }
  });
});

describe('variants', () => {
  test('HA MySQL is three instances: three times the ECPUs and the storage', () => {
    const base = exampleEnv();
    const ha = reportFor({ ...base, database: { ...base.database, highlyAvailable: true } });
    const single = reportFor(base);
    expect(MYSQL_HA_INSTANCES).toBe(3);
    expect(byId(ha, 'mysql-ecpus').quantity.min).toBe(3 * byId(single, 'mysql-ecpus').quantity.min);
    expect(byId(ha, 'mysql-storage').quantity.min).toBe(3 * byId(single, 'mysql-storage').quantity.min);
  });

  test('an NLB replaces the flexible load balancer\'s base and bandwidth with a free item', () => {
    const base = exampleEnv();
    const r = reportFor({ ...base, ingress: { ...base.ingress, loadBalancer: { ...base.ingress.loadBalancer, type: 'nlb' } } });
    expect(r.items.map((i) => i.id)).not.toContain('load-balancer');
    expect(byId(r, 'network-load-balancer').monthly).toEqual({ min: 0, max: 0 });
  });

  test('the pod shape picks its own prices; log storage is priced when given', () => {
    const base = exampleEnv();
    const arm = reportFor({ ...base, virtualNodePool: { ...base.virtualNodePool, podShape: 'Pod.Standard.A1.Flex' } }, 25);
    expect(byId(arm, 'pod-ocpus').unitPrice).toBe(RAW.prices.podShapes['Pod.Standard.A1.Flex']?.ocpu.usd);
    expect(byId(arm, 'log-storage')).toMatchObject({ quantity: { min: 25, max: 25 }, hours: 1 });
  });

  test('a virtual private vault is billed by the hour; more key versions than the file can price is an error', () => {
    const env = exampleEnv();
    const objects = synthesizeEnvironment(env).manifests.flatMap((f) => f.objects);
    const sizing = sizeEnvironment(env, objects);
    const priv = estimateCost(env, sizing, PRICES, { vault: { type: 'VIRTUAL_PRIVATE', hsmKeyVersions: 1 } });
    const usd = RAW.prices.vaultVirtualPrivate?.usd as number;
    expect(byId(priv, 'vault')).toMatchObject({ part: 'B90328', monthly: { min: Math.round(usd * RAW.hoursPerMonth.value * 100) / 100 } });
    expect(byId(reportFor(env), 'vault').monthly).toEqual({ min: 0, max: 0 });
    expect(() => estimateCost(env, sizing, PRICES, { vault: { type: 'DEFAULT', hsmKeyVersions: 21 } })).toThrow(/21 HSM key versions exceed the 20/);
  });

  test('the environment\'s vault.type and flow-log settings are what is priced and named', () => {
    const base = exampleEnv();
    const priv = reportFor({ ...base, vault: { ...base.vault, type: 'VIRTUAL_PRIVATE', keyRotationIntervalDays: 60 } });
    expect(byId(priv, 'vault')).toMatchObject({ part: 'B90328', description: 'vault oke-vn-example: virtual private' });
    expect(byId(priv, 'vault').monthly.min).toBeGreaterThan(0);
    expect(byId(priv, 'key-versions').description).toBe('HSM key versions (the AES key; +1 every 60 days)');
    const logs = reportFor({ ...base, logging: { flowLogSubnets: ['pods', 'database'], retentionDays: 90 } }, 12);
    expect(byId(logs, 'log-storage')).toMatchObject({ description: 'log storage GB (flow logs: pods, database, 90 days; --log-gb)', quantity: { min: 12, max: 12 } });
    expect(byId(reportFor(base), 'log-storage')).toMatchObject({ description: 'log storage GB (flow logs: pods, 30 days; volume: see --log-gb)', monthly: { min: 0, max: 0 } });
  });

  test('a MySQL shape without a known ECPU count is an error naming the field and the fix', () => {
    const base = exampleEnv();
    expect(() => reportFor({ ...base, database: { ...base.database, shape: 'MySQL.VM.Standard.E3.1.8GB' } }))
      .toThrow(new CostError('database.shape "MySQL.VM.Standard.E3.1.8GB" has no ECPU count in lib/cost/prices.json (mysqlEcpuShapes: MySQL.2, MySQL.4, MySQL.8, MySQL.16, MySQL.32, MySQL.48, MySQL.64, MySQL.256); use an ECPU shape or add this one with its ECPUs'));
  });

  test('a price list without a source or with a bad part number is rejected, naming the entry', () => {
    const broken = structuredClone(RAW) as unknown as { prices: { okeVirtualNode: Record<string, unknown>; mysqlEcpu: Record<string, unknown> } };
    delete broken.prices.okeVirtualNode.source;
    broken.prices.mysqlEcpu.part = 'mysql';
    expect(() => parsePriceList(broken)).toThrow(/prices\.okeVirtualNode\.source: .*\n.*prices\.mysqlEcpu\.part: must be an Oracle part number/);
  });
});
