import { ConfigError, loadEnvironment, vaultReaders } from '../../lib/config';
import { tempConfig } from '../helpers';

function problems(edit: (s: string) => string): string[] {
  const t = tempConfig();
  t.edit('example.yaml', edit);
  try {
    loadEnvironment('example', { configDir: t.configDir });
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

const toAshburn = (s: string) => s.replace('region: eu-frankfurt-1', 'region: us-ashburn-1');

describe('region consistency', () => {
  test('the issue\'s case: region us-ashburn-1 with Frankfurt ADs, OCIDs and registry is caught field by field', () => {
    const found = problems(toAshburn);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^virtualNodePool\.placement\[1\]\.availabilityDomain: is not an availability domain of us-ashburn-1 \(oci\.region\), whose ADs are named US-ASHBURN-AD-<n>; use US-ASHBURN-AD-1/),
      expect.stringMatching(/^vault\.id: is an OCID of region "eu-frankfurt-1", but oci\.region is us-ashburn-1 .*\.iad\./),
      expect.stringMatching(/^cluster\.id: is an OCID of region "eu-frankfurt-1"/),
      expect.stringMatching(/^ingress\.loadBalancer\.nsgIds\[0\]: is an OCID of region "eu-frankfurt-1"/),
      expect.stringMatching(/^app\.image\.repository: is in the registry of eu-frankfurt-1 \(fra\.ocir\.io\), but oci\.region is us-ashburn-1: .*use iad\.ocir\.io\//),
    ]));
  });

  test('a consistent Ashburn environment passes: legacy AD names, region-key OCIDs, iad.ocir.io', () => {
    expect(problems((s) => toAshburn(s)
      .replace(/EU-FRANKFURT-1-AD-/g, 'US-ASHBURN-AD-')
      .replace(/\.oc1\.eu-frankfurt-1\./g, '.oc1.iad.')
      .replace('fra.ocir.io', 'iad.ocir.io'))).toEqual([]);
  });

  test('Phoenix ADs are PHX-AD-n; OCIR also answers as ocir.<region>.oci.oraclecloud.com', () => {
    expect(problems((s) => s.replace('region: eu-frankfurt-1', 'region: us-phoenix-1')
      .replace(/EU-FRANKFURT-1-AD-/g, 'PHX-AD-')
      .replace(/\.oc1\.eu-frankfurt-1\./g, '.oc1.us-phoenix-1.')
      .replace('fra.ocir.io', 'ocir.us-phoenix-1.oci.oraclecloud.com'))).toEqual([]);
  });

  test('an unknown region gets a suggestion', () => {
    expect(problems((s) => s.replace('region: eu-frankfurt-1', 'region: eu-frankfort-1'))).toEqual([
      'oci.region: is not an OCI region known to the OCI SDK this project pins (oci-common 2.139.1); did you mean "eu-frankfurt-1"? (list: lib/config/regions.ts)',
    ]);
  });

  test('images on other registries are not region-checked', () => {
    expect(problems((s) => s.replace('repository: docker.io/library/traefik', 'repository: ghcr.io/traefik/traefik'))).toEqual([]);
  });
});

describe('Kubernetes version', () => {
  test('a minor version other than the schema and PSA version the project ships is refused, naming both', () => {
    expect(problems((s) => s.replace('kubernetesVersion: v1.34.1', 'kubernetesVersion: v1.31.1'))).toEqual([
      expect.stringMatching(/^cluster\.kubernetesVersion: must be a v1\.34\.x version: the manifests are validated against the Kubernetes v1\.34 schema .*Pod Security Admission v1\.34 labels; use v1\.34\.1/),
    ]);
    expect(problems((s) => s.replace('kubernetesVersion: v1.34.1', 'kubernetesVersion: v1.34.2'))).toEqual([]);
  });
});

describe('cross-field rules', () => {
  test('TLS at a Network Load Balancer names both fields', () => {
    expect(problems((s) => s.replace('type: lb', 'type: nlb').replace('termination: traefik ', 'termination: loadBalancer '))).toEqual([
      'ingress.tls.termination: is "loadBalancer", but ingress.loadBalancer.type is "nlb": a Network Load Balancer passes TCP through and does not terminate TLS; '
        + 'use termination "traefik" (the default) or ingress.loadBalancer.type "lb"',
    ]);
  });

  test('a workload certificate Traefik cannot serve: TLS ends at the load balancer', () => {
    const withCert = (s: string) => `${s}\nworkloads:\n  webServices:\n    - name: orders\n      namespace: shop\n      image: { repository: fra.ocir.io/examplenamespace/shop/orders, tag: "1.0.0" }\n      ingress: { host: orders.example.com, certificate: { vaultSecretName: shop-orders-tls } }\n`;
    expect(problems((s) => withCert(s.replace('termination: traefik ', 'termination: loadBalancer ')))).toEqual([
      expect.stringMatching(/^workloads\.webServices\[0\]\.ingress\.certificate: is served by Traefik, but ingress\.tls\.termination is "loadBalancer".*set ingress\.tls\.termination to "traefik"$/),
    ]);
    expect(problems(withCert)).toEqual([]);
  });

  test('a redirect to HTTPS without HTTPS', () => {
    expect(problems((s) => s.replace('termination: traefik ', 'termination: none '))).toEqual([
      expect.stringMatching(/^ingress\.tls\.redirectHttpToHttps: is true, but ingress\.tls\.termination is "none": there is no HTTPS to redirect to/),
    ]);
  });

  test('the app in the ingress controller\'s namespace; an OCIR pull secret for a non-OCIR image', () => {
    expect(problems((s) => s.replace(/^  namespace: app$/m, '  namespace: traefik'))).toEqual([expect.stringMatching(/^app\.namespace: is also ingress\.controller\.namespace/)]);
    expect(problems((s) => s.replace('repository: fra.ocir.io/examplenamespace/oke-vn/app', 'repository: ghcr.io/example/app'))).toEqual([
      expect.stringMatching(/^app\.pullSecret\.enabled: builds an OCIR pull secret, but app\.image\.repository \(ghcr\.io\/example\/app\) is not on OCIR/),
    ]);
  });

  test('data workloads: distinct names, a namespace of their own, an HPA that scales, a pod that fits the shape', () => {
    const workloads = `
workloads:
  webServices:
    - { name: orders, namespace: traefik, image: { repository: fra.ocir.io/ns/orders, tag: "1" }, autoscaling: { minReplicas: 4, maxReplicas: 3 } }
  workers:
    - { name: orders, namespace: shop, image: { repository: ghcr.io/x/y, tag: "1" }, ocirPullSecret: true, resources: { cpu: 1, memory: 100Gi } }
`;
    expect(problems((s) => s + workloads).sort()).toEqual([
      expect.stringMatching(/^workloads\.webServices\[0\]\.autoscaling\.maxReplicas: must be above minReplicas \(4\)/),
      expect.stringMatching(/^workloads\.webServices\[0\]\.namespace: is the ingress controller's namespace/),
      expect.stringMatching(/^workloads\.workers\[0\]\.name: is also the name of workloads\.webServices\[0\]/),
      expect.stringMatching(/^workloads\.workers\[0\]\.ocirPullSecret: builds an OCIR pull secret, but the image \(ghcr\.io\/x\/y\) is not on OCIR/),
      expect.stringMatching(/^workloads\.workers\[0\]\.resources: does not fit a Pod\.Standard\.E4\.Flex pod/),
    ]);
  });
});

describe('vault readers (the Workload Identity policy\'s ServiceAccounts)', () => {
  test('the app, the DB-user Job, the data workloads that read the vault, then vault.readers, once each, each with the secrets it reads', () => {
    const t = tempConfig();
    t.edit('example.yaml', (s) => s.replace('  dbPasswordSecretName: oke-vn-example-db-password', '  dbPasswordSecretName: oke-vn-example-db-password\n  readers: [{ namespace: shop, serviceAccount: orders, secrets: [orders-db] }, { namespace: app, serviceAccount: app, secrets: [app-extra] }]') + `
workloads:
  workers:
    - { name: mailer, namespace: shop, image: { repository: fra.ocir.io/ns/mailer, tag: "1" }, secrets: [{ name: smtp, mountPath: /s, keys: [{ secretKey: p, vaultSecretName: smtp }] }] }
    - { name: idle, namespace: shop, image: { repository: fra.ocir.io/ns/idle, tag: "1" } }
`);
    expect(vaultReaders(loadEnvironment('example', { configDir: t.configDir }))).toEqual([
      { namespace: 'app', serviceAccount: 'app', secrets: ['oke-vn-example-db-app-password', 'oke-vn-example-ocir-token', 'oke-vn-example-tls', 'app-extra'] },
      { namespace: 'db-user', serviceAccount: 'db-user', secrets: ['oke-vn-example-db-password', 'oke-vn-example-db-app-password', 'oke-vn-example-ocir-token'] },
      { namespace: 'shop', serviceAccount: 'mailer', secrets: ['smtp'] },
      { namespace: 'shop', serviceAccount: 'orders', secrets: ['orders-db'] },
    ]);
  });
});
