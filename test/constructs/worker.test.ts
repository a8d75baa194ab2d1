import '../../lib/guard/jest';
import { PropsError } from '../../lib/constructs/errors';
import { Worker, WorkerProps } from '../../lib/constructs/worker';
import { KubeObject } from '../../lib/synth/environment-app';
import { at, findObject, synthObjects } from '../helpers';

const POOL = { nodeLabel: { key: 'oke-vn.dev/pool', value: 'virtual' } };
const VN = { virtualNodeLabels: { 'oke-vn.dev/pool': 'virtual' } };

function worker(overrides: Partial<WorkerProps> = {}): KubeObject[] {
  return synthObjects((scope) => new Worker(scope, 'mailer', {
    name: 'mailer', namespace: 'shop', image: 'fra.ocir.io/ns/shop/mailer:2.0.1', scheduling: POOL, ...overrides,
  }));
}

describe('Worker', () => {
  test('a Deployment of 2 with a PDB and its ServiceAccount; no Service, no HPA, no ports, no probes', () => {
    const objects = worker();
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['ServiceAccount/mailer', 'Deployment/mailer', 'PodDisruptionBudget/mailer']);
    const d = findObject(objects, 'Deployment');
    expect(at(d, 'spec.replicas')).toBe(2);
    expect((d.metadata?.labels as Record<string, string>)['app.kubernetes.io/component']).toBe('worker');
    const c = at(d, 'spec.template.spec.containers[0]') as Record<string, unknown>;
    for (const f of ['ports', 'startupProbe', 'livenessProbe', 'readinessProbe']) expect(c).not.toHaveProperty([f]);
    expect(at(c, 'resources.limits')).toEqual({ cpu: '1', memory: '1024Mi' });
  });

  test('passes the guard as a virtual-node pod, with and without an exec liveness probe', () => {
    expect(worker()).toPassGuard(VN);
    expect(worker({ livenessProbe: { command: ['/app/healthcheck'], periodSeconds: 30 } })).toPassGuard(VN);
  });

  test('an exec liveness probe, as virtual nodes allow', () => {
    const c = at(findObject(worker({ livenessProbe: { command: ['/app/healthcheck', '--quick'], periodSeconds: 30, timeoutSeconds: 5 } }), 'Deployment'), 'spec.template.spec.containers[0]');
    expect(at(c, 'livenessProbe')).toEqual({ exec: { command: ['/app/healthcheck', '--quick'] }, failureThreshold: 3, initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 5 });
  });

  test('secrets from the vault through a SecretStore of its own, mounted as files', () => {
    const objects = worker({
      vault: { id: 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaavaultvaultvaultvaultvault', region: 'eu-frankfurt-1' },
      secrets: [{ name: 'mailer-smtp', mountPath: '/var/run/secrets/smtp', keys: [{ secretKey: 'password', vaultSecretName: 'smtp-password' }] }],
    });
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'SecretStore', 'ExternalSecret', 'Deployment', 'PodDisruptionBudget']);
    expect(at(findObject(objects, 'SecretStore'), 'spec.provider.oracle.serviceAccountRef.name')).toBe('mailer');
    expect(at(findObject(objects, 'Deployment'), 'spec.template.spec.containers[0].volumeMounts[1].mountPath')).toBe('/var/run/secrets/smtp');
  });

  test.each([
    ['one replica', { replicas: 1 }, /replicas 1 must be at least 2/],
    ['an empty exec command', { livenessProbe: { command: [] } }, /exec probe: command is empty/],
    ['a NodePort-range metrics port', { ports: [{ name: 'metrics', number: 31000 }] }, /port metrics \(31000\) is in 30000-32767/],
  ] as const)('refuses %s with a PropsError', (_n, props, message) => {
    expect(() => worker(props as Partial<WorkerProps>)).toThrow(PropsError);
    expect(() => worker(props as Partial<WorkerProps>)).toThrow(message);
  });
});
