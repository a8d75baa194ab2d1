/**
 * The guard judges an object as the API server stores it (lib/guard/stored.ts, api-object-name): a value the
 * server drops (omitempty zero values) or fills in anyway (defaults) is no violation, a pointer field keeps its
 * explicit value, and object names follow each kind's own validation. Each correction has a failing and a
 * passing fixture: an edit of the compliant set.
 */
import { guardObjects } from '../../lib/guard/engine';
import type { KubeObject } from '../../lib/guard/types';
import { C0, POD, find, goodSet, put, web } from './fixtures';

interface Correction {
  readonly rule: string;
  /** Object the finding is on. @default Deployment web */
  readonly object?: (set: KubeObject[]) => KubeObject;
  readonly fail: (set: KubeObject[]) => void;
  readonly pass: (set: KubeObject[]) => void;
}

const clusterRole = (name: string) => (s: KubeObject[]): void => {
  s.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get'] }] });
};
const apiService = (name: string) => (s: KubeObject[]): void => {
  s.push({
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name },
    spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, service: { name: 'metrics-server', namespace: 'kube-system' } },
  });
};
const last = (s: KubeObject[]): KubeObject => s[s.length - 1] as KubeObject;

const CORRECTIONS: Readonly<Record<string, Correction>> = {
  'hostNetwork: false is dropped (plain omitempty bool); true is a violation': {
    rule: 'vn-host-namespaces',
    fail: (s) => put(web(s), `${POD}.hostNetwork`, true),
    pass: (s) => { put(web(s), `${POD}.hostNetwork`, false); put(web(s), `${POD}.hostPID`, false); put(web(s), `${POD}.hostIPC`, false); },
  },
  'RBAC names are path segments: a ClusterRole named system:foo is valid': {
    rule: 'api-object-name', object: last,
    fail: clusterRole('system/foo'),
    pass: clusterRole('system:foo'),
  },
  'RBAC names: ".." is not a path segment; a RoleBinding named metrics-server:system:auth-delegator is': {
    rule: 'api-object-name', object: last,
    fail: clusterRole('..'),
    pass: (s) => put(find(s, 'RoleBinding', 'web-read-config'), 'metadata.name', 'metrics-server:system:auth-delegator'),
  },
  'APIService names are <version>.<group>': {
    rule: 'api-object-name', object: last,
    fail: apiService('metrics'),
    pass: apiService('v1beta1.metrics.k8s.io'),
  },
  'Service names are DNS-1035 labels (start with a letter)': {
    rule: 'api-object-name', object: (s) => find(s, 'Service', '8web'),
    fail: (s) => put(find(s, 'Service', 'web'), 'metadata.name', '8web'),
    pass: (s) => put(find(s, 'Service', 'web'), 'metadata.name', 'web8'),
  },
  'terminationGracePeriodSeconds: 30 is the default every stored pod carries': {
    rule: 'vn-pod-termination-grace-period',
    fail: (s) => put(web(s), `${POD}.terminationGracePeriodSeconds`, 45),
    pass: (s) => put(web(s), `${POD}.terminationGracePeriodSeconds`, 30),
  },
  'a pod template deletionGracePeriodSeconds never reaches a pod (cleared on create, not copied by controllers)': {
    rule: 'vn-pod-termination-grace-period',
    fail: (s) => put(web(s), `${POD}.terminationGracePeriodSeconds`, 0),
    pass: (s) => put(web(s), 'spec.template.metadata.deletionGracePeriodSeconds', 10),
  },
  'stdin/tty: false is dropped': {
    rule: 'vn-container-stdin-tty',
    fail: (s) => put(web(s), `${C0}.tty`, true),
    pass: (s) => { put(web(s), `${C0}.stdin`, false); put(web(s), `${C0}.stdinOnce`, false); put(web(s), `${C0}.tty`, false); },
  },
  'terminationMessagePath/Policy at the defaults the API server fills in': {
    rule: 'vn-container-termination-message',
    fail: (s) => put(web(s), `${C0}.terminationMessagePolicy`, 'FallbackToLogsOnError'),
    pass: (s) => { put(web(s), `${C0}.terminationMessagePath`, '/dev/termination-log'); put(web(s), `${C0}.terminationMessagePolicy`, 'File'); },
  },
  'an empty volumeDevices list is dropped': {
    rule: 'vn-container-volume-devices',
    fail: (s) => put(web(s), `${C0}.volumeDevices`, [{ name: 'tmp', devicePath: '/dev/xvdb' }]),
    pass: (s) => put(web(s), `${C0}.volumeDevices`, []),
  },
  'an empty overhead map is dropped': {
    rule: 'vn-pod-overhead',
    fail: (s) => put(web(s), `${POD}.overhead`, { cpu: '250m' }),
    pass: (s) => put(web(s), `${POD}.overhead`, {}),
  },
  'an empty hostname is dropped': {
    rule: 'vn-pod-hostname',
    fail: (s) => put(web(s), `${POD}.hostname`, 'web-0'),
    pass: (s) => put(web(s), `${POD}.hostname`, ''),
  },
  'hostPort: 0 and hostIP: "" are dropped': {
    rule: 'vn-host-port',
    fail: (s) => put(web(s), `${C0}.ports[0].hostIP`, '10.0.0.1'),
    pass: (s) => { put(web(s), `${C0}.ports[0].hostPort`, 0); put(web(s), `${C0}.ports[0].hostIP`, ''); },
  },
  'an empty subPathExpr is dropped': {
    rule: 'vn-volume-mount-fields',
    fail: (s) => put(web(s), `${C0}.volumeMounts[0].subPathExpr`, '$(POD_NAME)'),
    pass: (s) => put(web(s), `${C0}.volumeMounts[0].subPathExpr`, ''),
  },
  'a service-account token expiry of 3600 is the default the API server fills in': {
    rule: 'vn-projected-sources',
    fail: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600 } }] } }),
    pass: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } }),
  },
  'empty supplementalGroups and sysctls lists are dropped': {
    rule: 'vn-pod-supplemental-groups',
    fail: (s) => put(web(s), `${POD}.securityContext.supplementalGroups`, [10002]),
    pass: (s) => { put(web(s), `${POD}.securityContext.supplementalGroups`, []); put(web(s), `${POD}.securityContext.sysctls`, []); },
  },
  'a null pod securityContext field is absent': {
    rule: 'vn-pod-security-context-other',
    fail: (s) => put(web(s), `${POD}.securityContext.windowsOptions`, { hostProcess: false }),
    pass: (s) => put(web(s), `${POD}.securityContext.windowsOptions`, null),
  },
  'a null volume source is absent': {
    rule: 'vn-volume-type',
    fail: (s) => put(web(s), `${POD}.volumes[1].hostPath`, { path: '/etc' }),
    pass: (s) => put(web(s), `${POD}.volumes[1].hostPath`, null),
  },
};

describe.each(Object.entries(CORRECTIONS))('%s', (_title, c) => {
  const ruleFindings = (edit: (set: KubeObject[]) => void): { objects: string[]; set: KubeObject[] } => {
    const set = goodSet();
    edit(set);
    const objects = guardObjects(set).violations.filter((v) => v.ruleId === c.rule).map((v) => `${v.object.kind} ${v.object.name}`);
    return { objects, set };
  };

  it(`fails: ${c.rule} reports the object`, () => {
    const { objects, set } = ruleFindings(c.fail);
    const target = (c.object ?? web)(set);
    expect(objects).toContain(`${target.kind} ${String(target.metadata?.name)}`);
  });

  it(`passes: no ${c.rule} finding`, () => {
    expect(ruleFindings(c.pass).objects).toEqual([]);
  });
});

describe('pointer fields keep an explicit false in the stored object, so the node sees it', () => {
  it.each([
    ['vn-container-privileged', `${C0}.securityContext.privileged`],
    ['vn-pod-share-process-namespace', `${POD}.shareProcessNamespace`],
    ['vn-pod-set-hostname-as-fqdn', `${POD}.setHostnameAsFQDN`],
  ])('%s still reports %s: false', (rule, field) => {
    const set = goodSet();
    put(web(set), field, false);
    expect(guardObjects(set).violations.filter((v) => v.ruleId === rule).map((v) => v.path)).toEqual([field]);
  });
});
