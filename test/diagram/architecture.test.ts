/** The picture's text and determinism, and the diagram command's argument errors, in-process (`npm run diagram` as a process: test/e2e/diagram-command.test.ts). */
import * as fs from 'fs';
import * as path from 'path';
import { Environment } from '../../lib/config';
import { architectureSvg } from '../../lib/diagram/architecture';
import { diagramOf, main } from '../../lib/diagram/cli';
import { xml } from '../../lib/diagram/svg';
import { sizeEnvironment } from '../../lib/sizing';
import { synthesizeEnvironment } from '../../lib/synth/environment-app';
import { CONFIG_DIR, exampleEnv, runMain, tempConfig } from '../helpers';

function svgOf(env: Environment): string {
  const output = synthesizeEnvironment(env);
  return architectureSvg({ env, manifests: output.manifests, sizing: sizeEnvironment(env, output.manifests.flatMap((f) => f.objects)) });
}

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));

describe('architecture.svg', () => {
  test('is deterministic: the same input gives the same bytes', () => {
    expect(svgOf(exampleEnv())).toBe(svgOf(exampleEnv()));
    expect(diagramOf('example', CONFIG_DIR)).toBe(svgOf(exampleEnv()));
  });

  test('shows what the environment says: CIDRs, placement, replicas and sizes, LB, MySQL, vault secrets, OCIR image', () => {
    const env = exampleEnv();
    const t = texts(svgOf(env));
    expect(t).toContain('Pod subnet 10.0.32.0/20 (virtual nodes and pods)');
    expect(t).toContain('Database subnet 10.0.50.0/24');
    expect(t).toContain('public · routes: 0.0.0.0/0 -> internet gateway');
    expect(t).toContain('Virtual node pool virtual-nodes: 3 virtual nodes, pod shape Pod.Standard.E4.Flex');
    expect(t).toContain('Deployment app');
    expect(t).toContain('2-6 pods · HPA app, CPU 70%');
    expect(t).toContain('per pod 1 OCPU · 2 GiB');
    expect(t).toContain('total 2-6 OCPU · 4-12 GiB');
    expect(t).toContain('type lb · flexible shape · 10-100 Mbps · public');
    expect(t).toContain('shape MySQL.2 · 50 GB storage · standalone: 1 instance');
    expect(t).toContain('  oke-vn-example-db-password');
    expect(t).toContain('fra.ocir.io/examplenamespace/oke-vn/app:0.1.0');
    expect(t).toContain('namespace external-secrets');
    expect(t).toContain('add-on external-secrets: chart external-secrets 2.9.0');
  });

  test('shows the security side: etcd encryption, flow logs and their log group, the DB-user Job, the app user, DB protection', () => {
    const env = exampleEnv();
    const t = texts(svgOf(env));
    expect(t).toContain('Secrets in etcd encrypted with the vault key');
    expect(t).toContain('the key also encrypts the cluster\'s Secrets in etcd');
    expect(t).toContain('VCN flow log -> OCI Logging, log group oke-vn-example-logs');
    expect(t).toEqual(expect.arrayContaining(['OCI Logging', 'log group oke-vn-example-logs', 'VCN flow logs of the subnets: pods', 'kept 30 days']));
    expect(t).toEqual(expect.arrayContaining(['namespace db-user', 'Job db-user', '1 pod (per run) · parallelism: 1']));
    expect(t).toContain('endpoint 10.0.50.10:3306 · schema app · app user app (rights on app only)');
    expect(t).toContain('admin user admin: its password read only by the Job in namespace db-user');
    expect(t).toContain('delete-protected · backups kept 7 days, point-in-time recovery · final backup on delete');
    // Only the subnets that have a flow log say so.
    expect(t.filter((line) => line.startsWith('VCN flow log ->'))).toHaveLength(1);
    const more = texts(svgOf({ ...env, logging: { flowLogSubnets: ['pods', 'database', 'loadBalancer'], retentionDays: 60 }, vault: { ...env.vault, type: 'VIRTUAL_PRIVATE' } }));
    expect(more.filter((line) => line.startsWith('VCN flow log ->'))).toHaveLength(3);
    expect(more).toContain('virtual private vault, HSM-protected AES key, rotated every 90 days');
  });

  test('follows the environment: a changed CIDR or replica range is redrawn', () => {
    const base = exampleEnv();
    const env: Environment = {
      ...base,
      network: { ...base.network, podSubnetCidr: '10.0.64.0/22' },
      app: { ...base.app, autoscaling: { ...base.app.autoscaling, minReplicas: 3, maxReplicas: 9 } },
    };
    const t = texts(svgOf(env));
    expect(t).toContain('Pod subnet 10.0.64.0/22 (virtual nodes and pods)');
    expect(t).toContain('3-9 pods · HPA app, CPU 70%');
    expect(t.join('\n')).not.toContain('10.0.32.0/20');
  });

  test('draws the bootstrap outputs when config/<env>.outputs.json is present', () => {
    const t = tempConfig();
    fs.writeFileSync(path.join(t.configDir, 'example.outputs.json'), JSON.stringify({
      schemaVersion: 1,
      clusterId: 'ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaoutputsoutputsoutputsoutputsclusterzz',
      vaultId: 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaoutputsoutputsoutputsoutputsvaultzzzz',
      loadBalancerSubnetId: 'ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaoutputsoutputsoutputsoutputssubnetzz',
      loadBalancerNsgId: 'ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaoutputsoutputsoutputsnsgzz',
      databaseHost: '10.0.50.77',
      databasePort: 3307,
      imageRepository: 'fra.ocir.io/examplenamespace/from-bootstrap/app',
    }));
    const svg = diagramOf('example', t.configDir);
    expect(svg).toContain('endpoint 10.0.50.77:3307');
    expect(svg).toContain('fra.ocir.io/examplenamespace/from-bootstrap/app:0.1.0');
    expect(svg).toContain('clusterzz');
    expect(svg).not.toBe(diagramOf('example', CONFIG_DIR));
  });

  test('escapes text for XML', () => {
    expect(xml('a<b & "c">')).toBe('a&lt;b &amp; &quot;c&quot;&gt;');
  });

  // The command's own code in this process (`npm run diagram` as a process, its exit code and streams: test/e2e/diagram-command.test.ts).
  test('the diagram command without --env or with an unknown one fails with the fix', () => {
    const none = runMain(() => main([]));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--env is required');
    const unknown = runMain(() => main(['--env', 'nope']));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no such environment; known: example');
  });
});
