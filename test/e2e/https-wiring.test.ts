/**
 * HTTPS as a client meets it, followed through the committed dist/example/ objects (what Argo CD applies):
 * load balancer port → Traefik entry point → Ingress → Service → container port, and Ingress tls → ExternalSecret →
 * vault secret → the bundle put-certificate writes, rendered the way ESO's template renders it and served over TLS.
 * Traefik ships no npm package, so its static configuration is read from its flags as Traefik reads them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tls from 'tls';
import { AddressInfo } from 'net';
import { buildTlsBundle } from '../../lib/bootstrap/tls-certificate';
import { guardObjects } from '../../lib/guard';
import { loadPaths } from '../../lib/guard/load';
import { traefikInstancesOf } from '../../lib/guard/traefik';
import type { KubeObject } from '../../lib/guard/types';
import { pemBlocks } from '../../lib/tls-bundle';
import { at, exampleEnv, findObject, ROOT } from '../helpers';
import { TestCa, testCa } from '../tls-fixtures';

const env = exampleEnv();
const DIST = path.join(ROOT, 'dist', 'example');
const objects = loadPaths(fs.readdirSync(DIST).filter((f) => f.endsWith('.k8s.yaml')).map((f) => path.join(DIST, f))).documents as KubeObject[];
const inNs = (kind: string, ns: string, name: string) => {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.namespace === ns && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${ns}/${name}, found ${found.length}`);
  return found[0] as KubeObject;
};
const portNamed = (container: unknown, name: string) => (at(container, 'ports') as Array<{ name: string; containerPort: number }>).find((p) => p.name === name);
const addressPort = (address: string | undefined) => Number(address?.split(':').pop());

const ingress = findObject(objects, 'Ingress', env.app.name);
const traefikDeployment = inNs('Deployment', env.ingress.controller.namespace, 'traefik');
const traefik = traefikInstancesOf(traefikDeployment)[0];
const entryPoint = (name: string) => traefik?.entryPoints.find((e) => e.name === name);
const lbService = objects.find((o) => o.kind === 'Service' && at(o, 'spec.type') === 'LoadBalancer') as KubeObject;

describe('dist/example: HTTPS end to end across the objects', () => {
  test('client → load balancer 443/80 → Traefik websecure (TLS) / web (redirect to :443)', () => {
    expect(`${lbService.metadata?.namespace}/${lbService.metadata?.name}`).toBe(traefik?.ingressProvider?.publishedService);
    const ports = at(lbService, 'spec.ports') as Array<{ name: string; port: number; targetPort: string }>;
    const container = at(traefikDeployment, 'spec.template.spec.containers[0]');
    const https = ports.find((p) => p.port === 443);
    const http = ports.find((p) => p.port === 80);
    // The Service's target port is the container port the entry point listens on.
    expect(portNamed(container, https?.targetPort ?? '')?.containerPort).toBe(addressPort(entryPoint('websecure')?.address));
    expect(portNamed(container, http?.targetPort ?? '')?.containerPort).toBe(addressPort(entryPoint('web')?.address));
    expect(entryPoint('websecure')).toMatchObject({ tls: true, asDefault: true });
    expect(entryPoint('web')).toMatchObject({ asDefault: true, redirectTo: `:${https?.port}`, redirectScheme: 'https' });
    // Ingress routers never reach the metrics or ping entry points.
    expect(traefik?.entryPoints.filter((e) => e.asDefault).map((e) => e.name).sort()).toEqual(['web', 'websecure']);
    // No TLS at the load balancer: it passes TCP to Traefik.
    expect(Object.keys(at(lbService, 'metadata.annotations') as object).filter((k) => /ssl-ports|tls-secret/.test(k))).toEqual([]);
  });

  test('Traefik serves the Ingress: its class, its namespace watched with RBAC, and its own namespace to publish the status', () => {
    const cls = at(ingress, 'spec.ingressClassName') as string;
    expect(at(findObject(objects, 'IngressClass', cls), 'spec.controller')).toBe('traefik.io/ingress-controller');
    expect(traefik?.ingressProvider?.ingressClass).toBe(cls);
    const watched = traefik?.ingressProvider?.namespaces ?? [];
    expect(watched).toEqual([env.app.namespace, env.ingress.controller.namespace].sort());
    for (const ns of watched) {
      const binding = inNs('RoleBinding', ns, 'traefik');
      expect(at(binding, 'subjects')).toEqual([{ kind: 'ServiceAccount', name: traefik?.serviceAccount, namespace: traefik?.namespace }]);
      expect(inNs('Role', ns, at(binding, 'roleRef.name') as string)).toBeDefined();
    }
  });

  test('Ingress → Service → port → the Deployment container port the app listens on', () => {
    const ns = ingress.metadata?.namespace as string;
    const rule = at(ingress, 'spec.rules[0]');
    expect(at(rule, 'host')).toBe(env.ingress.host);
    const backend = at(rule, 'http.paths[0].backend.service') as { name: string; port: { name: string } };
    const service = inNs('Service', ns, backend.name);
    const port = (at(service, 'spec.ports') as Array<{ name: string; targetPort: string }>).find((p) => p.name === backend.port.name);
    const selector = at(service, 'spec.selector') as Record<string, string>;
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata?.namespace === ns
      && Object.entries(selector).every(([k, v]) => (at(o, 'spec.template.metadata.labels') as Record<string, string>)[k] === v)) as KubeObject;
    expect(portNamed(at(deployment, 'spec.template.spec.containers[0]'), port?.targetPort ?? '')?.containerPort).toBe(env.app.port);
  });

  describe('Ingress tls → ExternalSecret → vault secret → a certificate clients accept', () => {
    let ca: TestCa;
    beforeAll(() => { ca = testCa(); });
    afterAll(() => ca.remove());

    test('the chain of names', () => {
      const secretName = at(ingress, 'spec.tls[0].secretName') as string;
      expect(at(ingress, 'spec.tls[0].hosts')).toEqual([env.ingress.host]);
      const es = inNs('ExternalSecret', ingress.metadata?.namespace as string, secretName);
      expect(at(es, 'spec.target.name')).toBe(secretName);
      expect(at(es, 'spec.target.template.type')).toBe('kubernetes.io/tls');
      // The vault secret ESO reads is the one put-certificate writes (both from ingress.tls.vaultSecretName) ...
      expect(at(es, 'spec.data[0].remoteRef.key')).toBe(env.ingress.tls.vaultSecretName);
      // ... in the vault the SecretStore names, through the app's Workload Identity.
      const store = inNs('SecretStore', es.metadata?.namespace as string, at(es, 'spec.secretStoreRef.name') as string);
      expect(at(store, 'spec.provider.oracle.vault')).toBe(env.vault.id);
    });

    test('rendered as ESO renders the committed template, the bundle put-certificate writes serves the host over TLS', async () => {
      const es = inNs('ExternalSecret', env.app.namespace, env.ingress.tls.secretName);
      const cert = ca.issue('app', [env.ingress.host]);
      const bundle = buildTlsBundle({
        certificatePem: fs.readFileSync(cert.fullchainFile, 'utf8'), privateKeyPem: fs.readFileSync(cert.keyFile, 'utf8'),
        certificateFile: 'fullchain.pem', privateKeyFile: 'privkey.pem', host: env.ingress.host, now: new Date(),
      }).content;
      // The ExternalSecret's keys, fetched from the vault: { <secretKey>: bundle }.
      const fetched = Object.fromEntries((at(es, 'spec.data') as Array<{ secretKey: string }>).map((d) => [d.secretKey, bundle]));
      // ESO v2 template: only the `{{ .<key> | filterPEM "<TYPE>" }}` form is used; anything else fails here.
      const render = (template: string) => {
        const m = /^\{\{ \.([A-Za-z0-9_]+) \| filterPEM "([A-Z ]+)" \}\}$/.exec(template);
        if (m === null) throw new Error(`template ${template} is not the filterPEM form this test understands`);
        return pemBlocks(fetched[m[1] as string] ?? '', m[2] as string).join('');
      };
      const data = at(es, 'spec.target.template.data') as Record<string, string>;
      const secret = { 'tls.crt': render(data['tls.crt'] as string), 'tls.key': render(data['tls.key'] as string) };
      const server = tls.createServer({ cert: secret['tls.crt'], key: secret['tls.key'] }, (s) => s.end());
      await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
      try {
        const seen = await new Promise<{ authorized: boolean; error?: string }>((res, rej) => {
          const socket = tls.connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername: env.ingress.host, ca: ca.rootPem, rejectUnauthorized: false }, () => {
            res({ authorized: socket.authorized, error: socket.authorizationError?.message });
            socket.end();
          });
          socket.on('error', rej);
        });
        expect(seen).toEqual({ authorized: true, error: undefined });
      } finally {
        server.close();
      }
    });
  });
});

describe('the guard fails, naming the fix, what would not be served', () => {
  const pool = env.virtualNodePool.nodeLabel;
  const guard = (edit: (set: KubeObject[]) => void) => {
    const set = JSON.parse(JSON.stringify(objects)) as KubeObject[];
    edit(set);
    return guardObjects(set, { virtualNodeLabels: { [pool.key]: pool.value } }).violations;
  };

  test('the committed objects pass', () => {
    expect(guard(() => undefined)).toEqual([]);
  });

  test('an Ingress in a namespace Traefik does not watch', () => {
    const found = guard((set) => {
      const extra = JSON.parse(JSON.stringify(findObject(set, 'Ingress', env.app.name))) as KubeObject;
      (extra.metadata as { namespace: string }).namespace = 'shop';
      delete (extra.spec as { tls?: unknown }).tls;
      set.push(extra);
    }).filter((v) => v.ruleId === 'ingress-controller-watches');
    expect(found).toHaveLength(1);
    expect(found[0]?.object).toMatchObject({ kind: 'Ingress', namespace: 'shop' });
    expect(found[0]?.message).toContain(`which Deployment ${env.ingress.controller.namespace}/traefik does not watch`);
    expect(found[0]?.fix).toMatch(/add shop to that list with a Role and RoleBinding/);
  });

  test('an Ingress tls Secret that nothing produces', () => {
    const found = guard((set) => {
      ((findObject(set, 'Ingress', env.app.name).spec as { tls: Array<{ secretName: string }> }).tls[0] as { secretName: string }).secretName = 'app-tls-2027';
    }).filter((v) => v.ruleId === 'ingress-tls-secret-source');
    expect(found.map((v) => v.path)).toEqual(['spec.tls[0].secretName']);
    expect(found[0]?.message).toContain(`Secret ${env.app.namespace}/app-tls-2027, which no object here produces`);
    expect(found[0]?.fix).toMatch(/an ExternalSecret writing a kubernetes\.io\/tls Secret app-tls-2027/);
  });
});
