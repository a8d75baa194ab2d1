import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VirtualNodeDeployment, VirtualNodeDeploymentProps } from '../../lib/constructs/virtual-node-deployment';
import { at, findObject, synthObjects } from '../helpers';

function deploy(overrides: Partial<VirtualNodeDeploymentProps> = {}) {
  return findObject(synthObjects((scope: Construct) => {
    const sa = new kplus.ServiceAccount(scope, 'sa', { metadata: { name: 'web' } });
    new VirtualNodeDeployment(scope, 'web', {
      name: 'web',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'web', team: 'a' },
      selectorLabels: { 'app.kubernetes.io/name': 'web' },
      serviceAccount: sa,
      scheduling: { nodeLabel: { key: 'example.com/pool', value: 'vn' } },
      container: {
        name: 'web',
        image: 'registry.example.com/web:1.2.3',
        ports: [{ name: 'http', number: 8080 }],
        env: { MODE: 'prod' },
        cpu: 2,
        memoryGiB: 4,
        startupProbe: { path: '/healthz', port: 8080, periodSeconds: 2, failureThreshold: 30 },
        livenessProbe: { path: '/healthz', port: 8080 },
        readinessProbe: { path: '/readyz', port: 8080, periodSeconds: 5, failureThreshold: 2 },
      },
      ...overrides,
    });
  }), 'Deployment');
}

/** Pod and container fields OKE virtual nodes reject (docs/virtual-nodes.md §2). */
const REJECTED_POD_FIELDS = ['hostIPC', 'hostNetwork', 'hostPID', 'hostname', 'os', 'overhead', 'setHostnameAsFQDN', 'shareProcessNamespace',
  'terminationGracePeriodSeconds', 'initContainers', 'ephemeralContainers'];
const REJECTED_POD_SECURITY = ['fsGroup', 'fsGroupChangePolicy', 'supplementalGroups', 'seLinuxOptions', 'sysctls', 'seccompProfile'];
const REJECTED_CONTAINER_SECURITY = ['privileged', 'procMount', 'seccompProfile'];

describe('VirtualNodeDeployment', () => {
  const d = deploy();
  const pod = at(d, 'spec.template.spec') as Record<string, unknown>;
  const container = at(pod, 'containers[0]') as Record<string, unknown>;

  test('emits none of the pod fields virtual nodes reject (cdk8s-plus-27 defaults included)', () => {
    for (const f of REJECTED_POD_FIELDS) expect(pod).not.toHaveProperty([f]);
    for (const f of REJECTED_POD_SECURITY) expect(pod.securityContext).not.toHaveProperty([f]);
    for (const f of REJECTED_CONTAINER_SECURITY) expect(container.securityContext).not.toHaveProperty([f]);
    for (const f of ['stdin', 'stdinOnce', 'tty', 'terminationMessagePath', 'terminationMessagePolicy']) expect(container).not.toHaveProperty([f]);
  });

  test('requests equal limits in whole OCPUs and GiB', () => {
    expect(at(container, 'resources.requests')).toEqual(at(container, 'resources.limits'));
    expect(at(container, 'resources.limits.cpu')).toBe('2');
    expect(at(container, 'resources.limits.memory')).toBe('4096Mi');
  });

  test('runs non-root as 10001 with a read-only root, all capabilities dropped and no escalation', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('has exactly one emptyDir, at /tmp, without sizeLimit', () => {
    const volumes = pod.volumes as Array<Record<string, unknown>>;
    expect(volumes.filter((v) => 'emptyDir' in v)).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(container.volumeMounts).toEqual([{ name: 'scratch', mountPath: '/tmp' }]);
  });

  test('HTTP startup, liveness and readiness probes, liveness different from readiness', () => {
    expect(at(container, 'startupProbe.httpGet')).toEqual({ path: '/healthz', port: 8080, scheme: 'HTTP' });
    expect(at(container, 'startupProbe.failureThreshold')).toBe(30);
    expect(at(container, 'livenessProbe.httpGet.path')).toBe('/healthz');
    expect(at(container, 'readinessProbe.httpGet.path')).toBe('/readyz');
    for (const p of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(at(container, p)).not.toHaveProperty(['grpc']);
      expect(at(container, p)).not.toHaveProperty(['terminationGracePeriodSeconds']);
    }
  });

  test('schedules on the pool label and spreads over zones and fault domains without blocking', () => {
    expect(pod.nodeSelector).toEqual({ 'example.com/pool': 'vn' });
    expect(pod).not.toHaveProperty(['tolerations']);
    expect(pod).not.toHaveProperty(['affinity']);
    expect(pod.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
      { maxSkew: 1, topologyKey: 'oci.oraclecloud.com/fault-domain', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
    ]);
  });

  test('tolerates the pool taint when one is configured', () => {
    const tainted = deploy({ scheduling: { nodeLabel: { key: 'example.com/pool', value: 'vn' }, taint: { key: 'example.com/vn', value: 'true', effect: 'NoSchedule' } } });
    expect(at(tainted, 'spec.template.spec.tolerations')).toEqual([{ key: 'example.com/vn', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
  });

  test('selector is explicit and stable: no label derived from the construct path', () => {
    expect(at(d, 'spec.selector')).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web' } });
    const podLabels = at(d, 'spec.template.metadata.labels') as Record<string, string>;
    expect(podLabels).toEqual({ 'app.kubernetes.io/name': 'web', team: 'a' });
    expect(Object.keys(podLabels).some((k) => k.startsWith('cdk8s.io/'))).toBe(false);
  });

  test('a fixed replica count only when asked (an HPA owns it otherwise)', () => {
    expect(deploy({ replicas: 3 }).spec).toHaveProperty('replicas', 3);
  });

  test('mounts secret keys as read-only files with the default 0644 mode', () => {
    const withSecret = deploy({ secretFiles: [{ secretName: 'db', key: 'password', directory: '/var/run/secrets/db' }] });
    const volumes = at(withSecret, 'spec.template.spec.volumes') as Array<Record<string, unknown>>;
    const secretVolume = volumes.find((v) => 'secret' in v) as Record<string, unknown>;
    expect(secretVolume.secret).toEqual({ secretName: 'db', items: [{ key: 'password', path: 'password' }] });
    expect(at(withSecret, 'spec.template.spec.containers[0].volumeMounts')).toContainEqual({ name: secretVolume.name, mountPath: '/var/run/secrets/db', readOnly: true });
  });

  test('several keys of one Secret share a volume; one Secret in two directories is refused', () => {
    const two = deploy({ secretFiles: [{ secretName: 'db', key: 'user', directory: '/db' }, { secretName: 'db', key: 'password', directory: '/db' }] });
    const volumes = at(two, 'spec.template.spec.volumes') as Array<Record<string, unknown>>;
    expect(volumes.filter((v) => 'secret' in v)).toHaveLength(1);
    expect(() => deploy({ secretFiles: [{ secretName: 'db', key: 'user', directory: '/a' }, { secretName: 'db', key: 'password', directory: '/b' }] }))
      .toThrow('secretFiles: Secret "db" is mounted at /a and /b; mount each Secret in one directory');
  });

  test('container ports are named and the image is passed through untouched', () => {
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(container.image).toBe('registry.example.com/web:1.2.3');
    expect(container.env).toEqual([{ name: 'MODE', value: 'prod' }]);
  });
});

describe('VirtualNodeDeployment rollout', () => {
  test('surges one pod at a time and never drops below the desired count', () => {
    expect(at(deploy(), 'spec.strategy')).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });
});
