import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadEnvironment } from '../../lib/config';
import { CONFIG_DIR, tempConfig } from '../helpers';

function loadError(edit: (text: string) => string): ConfigError {
  const t = tempConfig();
  t.edit('example.yaml', edit);
  try {
    loadEnvironment('example', { configDir: t.configDir });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnvironment', () => {
  test('the example environment is complete and fills defaults', () => {
    const env = loadEnvironment('example', { configDir: CONFIG_DIR });
    expect(env.name).toBe('example');
    expect(env.app.namespace).toBe('app');
    expect(env.app.serviceAccountName).toBe('app');
    expect(env.vault.dbPasswordSecretName).toBe('oke-vn-example-db-password');
    expect(env.cluster.id).toMatch(/^ocid1\.cluster\.oc1\.eu-frankfurt-1\.aaaaaaaaexample/);
    expect(env.virtualNodePool.nodeLabel).toEqual({ key: 'oke-vn.dev/pool', value: 'virtual' });
    expect(env.ingress.controller.image.tag).toBe('v3.7.11');
  });

  test('an unknown environment names the known ones', () => {
    expect(() => loadEnvironment('nope', { configDir: CONFIG_DIR })).toThrow(/no such environment; known: example/);
  });

  test('outputs.json written by the bootstrap is merged over the file', () => {
    const t = tempConfig();
    const outputs = {
      schemaVersion: 1,
      clusterId: 'ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaarealclusterrealclusterrealcluster',
      vaultId: 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaarealvaultrealvaultrealvault',
      loadBalancerSubnetId: 'ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaareallbsubnetreallbsubnet',
      loadBalancerNsgId: 'ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaareallbnsgreallbnsg',
      databaseHost: '10.0.50.77',
      databasePort: 3307,
      imageRepository: 'fra.ocir.io/realns/oke-vn/app',
    };
    fs.writeFileSync(path.join(t.configDir, 'example.outputs.json'), JSON.stringify(outputs));
    // Fields the bootstrap fills may be left out of the environment file.
    t.edit('example.yaml', (s) => s.replace(/^  id: ocid1\.cluster.*$/m, '').replace(/^  host: 10\.0\.50\.10.*$/m, ''));
    const env = loadEnvironment('example', { configDir: t.configDir });
    expect(env.cluster.id).toBe(outputs.clusterId);
    expect(env.vault.id).toBe(outputs.vaultId);
    expect(env.ingress.loadBalancer.subnetId).toBe(outputs.loadBalancerSubnetId);
    expect(env.ingress.loadBalancer.nsgIds).toEqual([outputs.loadBalancerNsgId]);
    expect(env.database.host).toBe('10.0.50.77');
    expect(env.database.port).toBe(3307);
    expect(env.app.image.repository).toBe('fra.ocir.io/realns/oke-vn/app');
  });

  test('an outputs.json with a wrong shape is rejected with its field', () => {
    const t = tempConfig();
    fs.writeFileSync(path.join(t.configDir, 'example.outputs.json'), JSON.stringify({ schemaVersion: 1, clusterId: 'nope' }));
    expect(() => loadEnvironment('example', { configDir: t.configDir })).toThrow(/example\.outputs\.json: clusterId \(got "nope"\) must be an OCID of a cluster/);
  });
});

/** One case per class of bad input the issue names: field path, value and fix must all be in the message. */
const cases: ReadonlyArray<readonly [string, (s: string) => string, RegExp]> = [
  ['missing OCID', (s) => s.replace(/^  id: ocid1\.vault.*$/m, ''), /vault\.id is required .*npm run bootstrap -- apply/],
  ['malformed OCID', (s) => s.replace(/compartmentId: ocid1\.compartment\.oc1\.\.\w+/, 'compartmentId: ocid1.compartment.oc1..short'),
    /oci\.compartmentId \(got "ocid1\.compartment\.oc1\.\.short"\) must be an OCID of a compartment .*copy it from the OCI console/],
  ['wrong OCID type', (s) => s.replace('id: ocid1.vault.oc1', 'id: ocid1.key.oc1'), /vault\.id \(got "ocid1\.key\.oc1.*must be an OCID of a vault/],
  ['unknown key', (s) => s.replace('minReplicas: 2', 'minReplica: 2'), /app\.autoscaling\.minReplica \(got 2\) unknown key; did you mean "minReplicas"\?/],
  ['CPU not a whole number of OCPUs', (s) => s.replace('cpu: 1                            # whole', 'cpu: 0.5 # whole'),
    /app\.resources\.cpu \(got 0\.5\) must be a whole number of OCPUs .*virtual nodes reject sub-core CPU/],
  ['memory above what the pod shape allows', (s) => s.replace('memory: 2Gi', 'memory: 100Gi'),
    /app\.resources\.memory \(got "100Gi"\) exceeds what a Pod\.Standard\.E4\.Flex pod with 1 OCPU can have \(64Gi.*lower memory or raise cpu/],
  ['min replicas > max', (s) => s.replace('minReplicas: 2', 'minReplicas: 7'),
    /app\.autoscaling\.minReplicas \(got 7\) is greater than app\.autoscaling\.maxReplicas \(6\); lower minReplicas or raise maxReplicas/],
  ['image tag latest', (s) => s.replace('tag: "0.1.0"', 'tag: latest'), /app\.image\.tag \(got "latest"\) must not be "latest": pin a version tag/],
  ['image tag missing', (s) => s.replace('    tag: "0.1.0"\n', ''), /app\.image .*needs a tag or a digest: set app\.image\.tag/],
  ['host not a DNS name', (s) => s.replace('host: app.example.com', 'host: "https://app.example.com/"'),
    /ingress\.host \(got "https:\/\/app\.example\.com\/"\) must be a DNS name such as app\.example\.com/],
  ['app port on the metrics port', (s) => s.replace(/^  port: 8080$/m, '  port: 9090'),
    /app\.port \(got 9090\) is the app's metrics port \(9090, kept off the Service and Ingress\); use another such as 8080/],
  ['LB flexible min > max', (s) => s.replace('minMbps: 10', 'minMbps: 500'),
    /ingress\.loadBalancer\.minMbps \(got 500\) is greater than ingress\.loadBalancer\.maxMbps \(100\)/],
  ['namespace not a DNS label', (s) => s.replace('namespace: app', 'namespace: My_App'), /app\.namespace \(got "My_App"\) must be a DNS label/],
  ['YAML syntax error', (s) => s.replace('  region: eu-frankfurt-1', '  region: [eu-frankfurt-1'), /example\.yaml:\d+: YAML syntax error: .*fix the syntax at this line/],
  ['overlapping subnets', (s) => s.replace('databaseSubnetCidr: 10.0.50.0/24', 'databaseSubnetCidr: 10.0.20.0/25'),
    /network\.loadBalancerSubnetCidr \(got "10\.0\.20\.0\/24"\) overlaps network\.databaseSubnetCidr/],
  ['pod subnet too small for the HPA maximum', (s) => s.replace('podSubnetCidr: 10.0.32.0/20', 'podSubnetCidr: 10.0.32.0/28'),
    /network\.podSubnetCidr \(got "10\.0\.32\.0\/28"\) has 13 usable IPs but up to \d+ pods/],
];

describe('bad input gets a clear error naming field, value and fix', () => {
  test.each(cases)('%s', (_name, edit, expected) => {
    const error = loadError(edit);
    expect(error.message).toMatch(expected);
    expect(error.message).toMatch(/config[/\\]example\.yaml/);
  });

  test('YAML syntax errors carry the line number', () => {
    const error = loadError((s) => s.replace('  region: eu-frankfurt-1', '  region: [eu-frankfurt-1'));
    const lines = fs.readFileSync(path.join(CONFIG_DIR, 'example.yaml'), 'utf8').split('\n');
    const regionLine = lines.findIndex((l) => l.startsWith('  region: ')) + 1;
    expect(error.issues[0]?.line).toBeGreaterThanOrEqual(regionLine);
    expect(error.issues[0]?.line).toBeLessThanOrEqual(regionLine + 2);
  });

  test('every problem of a file is reported at once', () => {
    const error = loadError((s) => s.replace('tag: "0.1.0"', 'tag: latest').replace('namespace: app', 'namespace: My_App'));
    expect(error.issues.map((i) => i.path).sort()).toEqual(['app.image.tag', 'app.namespace']);
  });
});
