/**
 * Bootstrap benchmark: a full apply against the fake OCI API with its realistic lifecycle durations scaled down,
 * compared with the critical path of the dependency graph (independent branches such as MySQL and the cluster
 * must overlap: target ≤ 1.1×), then the no-op re-apply's call count and time.
 *
 * Run alone: node --require tsx/cjs bench/bootstrap.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { runBootstrap } from '../lib/bootstrap/bootstrap';
import { criticalPath } from '../lib/bootstrap/engine';
import { stackResources } from '../lib/bootstrap/stack';
import { startFakeOci } from '../lib/fake-oci';
import { LIFECYCLES } from '../lib/fake-oci/lifecycle';

/** Speed factor of the fake: 15 min of MySQL provisioning become 15 min / SPEED. */
const SPEED = 100;

/** Fake lifecycle kind of each logical resource (0 = no provisioning wait: rules, kubeconfig, disabled policy). */
const KIND: Record<string, keyof typeof LIFECYCLES | undefined> = {
  vcn: 'vcn', 'internet-gateway': 'internetGateway', 'nat-gateway': 'natGateway', 'service-gateway': 'serviceGateway',
  'route-table-public': 'routeTable', 'route-table-private': 'routeTable', 'route-table-database': 'routeTable',
  'nsg-api-endpoint': 'networkSecurityGroup', 'nsg-pods': 'networkSecurityGroup', 'nsg-load-balancer': 'networkSecurityGroup', 'nsg-database': 'networkSecurityGroup',
  'security-list-none': 'securityList', 'subnet-api-endpoint': 'subnet', 'subnet-pods': 'subnet', 'subnet-load-balancer': 'subnet', 'subnet-database': 'subnet',
  'ocir-repository': 'containerRepository', vault: 'vault', 'vault-key': 'key', 'db-password-secret': 'secret',
  'mysql-db-system': 'dbSystem', cluster: 'cluster', 'virtual-node-pool': 'virtualNodePool', 'policy-workload-identity': 'policy',
  'db-app-password-secret': 'secret', 'policy-cluster-kms': 'policy', 'log-group': 'logGroup', 'flow-log-pods': 'log',
};

export async function run(): Promise<string> {
  const tenancyId = 'ocid1.tenancy.oc1..aaaaaaaabenchtenancy00000000000000000000000000000';
  const compartmentId = 'ocid1.compartment.oc1..aaaaaaaabenchcompartment000000000000000000000000';
  const fake = await startFakeOci({ speed: SPEED, tenancyId, compartments: [{ name: 'bench', id: compartmentId }] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oke-vn-bench-'));
  try {
    const configDir = path.join(dir, 'config');
    fs.mkdirSync(configDir);
    const env = yaml.load(fs.readFileSync(path.join(__dirname, '../config/example.yaml'), 'utf8')) as { oci: Record<string, string> };
    env.oci.tenancyId = tenancyId;
    env.oci.compartmentId = compartmentId;
    fs.writeFileSync(path.join(configDir, 'bench.yaml'), yaml.dump(env));
    const oci = fake.writeConfig(path.join(dir, 'oci'));
    const options = {
      envName: 'bench', configDir, auth: { kind: 'config-file' as const, file: oci.configFile }, endpoint: fake.url,
      kubeconfigPath: path.join(dir, 'kubeconfig'),
      wait: { intervalMs: 20, maxIntervalMs: 60 }, // polling granularity (realistic 2 s .. 6 s at this speed)
    };

    const resources = stackResources();
    const weight = (id: string) => { const k = KIND[id]; return k ? LIFECYCLES[k].createMs / SPEED : 0; };
    const cp = criticalPath(resources, weight);
    const serial = resources.reduce((sum, r) => sum + weight(r.id), 0);

    const t0 = performance.now();
    const first = await runBootstrap({ ...options, command: 'apply' });
    const applyMs = performance.now() - t0;
    if (!first.ok) throw new Error(`bench apply failed: ${JSON.stringify(first.results.filter((r) => r.status !== 'done'))}`);
    const applyCalls = fake.requests().length;

    fake.clearRequests();
    const t1 = performance.now();
    const second = await runBootstrap({ ...options, command: 'apply' });
    const noopMs = performance.now() - t1;
    const noop = fake.requests();
    if (!second.ok) throw new Error('bench re-apply failed');

    const rows = [
      ['fake speed factor', `${SPEED}× (realistic durations / ${SPEED})`],
      ['critical path (graph, fake durations)', `${cp.total.toFixed(0)} ms: ${cp.path.join(' → ')}`],
      ['sum of all waits (fully serial)', `${serial.toFixed(0)} ms`],
      ['apply wall time (incl. preflight)', `${applyMs.toFixed(0)} ms`],
      ['apply / critical path', `${(applyMs / cp.total).toFixed(2)}× (target ≤ 1.10×)`],
      ['apply API calls', String(applyCalls)],
      ['no-op re-apply wall time', `${noopMs.toFixed(0)} ms`],
      ['no-op re-apply API calls (writes)', `${noop.length} (${noop.filter((r) => r.write).length})`],
    ];
    return ['| bootstrap | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  } finally {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) run().then(console.log);
