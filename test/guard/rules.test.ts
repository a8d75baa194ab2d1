/**
 * Every rule has a failing fixture (an edit of the compliant set that must produce the rule's violation at the
 * given path) and a passing fixture (a near miss that must not).
 */
import { readFileSync } from 'node:fs';
import { guardObjects } from '../../lib/guard/engine';
import { README, readmeWithTable } from '../../lib/guard/rule-table';
import { ALL_RULES } from '../../lib/guard/rules';
import type { GuardOptions, KubeObject } from '../../lib/guard/types';
import { TraefikIngressController } from '../../lib/constructs/traefik-ingress-controller';
import { VaultTlsCertificate } from '../../lib/constructs/vault-tls-certificate';
import { synthObjects } from '../helpers';
import { C0, POD, del, find, get, goodSet, put, web } from './fixtures';

interface Case {
  /** Edit of the compliant set that breaks the rule. */
  readonly fail: (set: KubeObject[]) => void;
  /** Edit that comes close without breaking it. @default no edit */
  readonly pass?: (set: KubeObject[]) => void;
  /** Path the failing finding must name. */
  readonly path: string;
  /** Kind/name of the object that must carry the violation. @default Deployment web */
  readonly object?: string;
  readonly options?: GuardOptions;
  /** Further failing fixtures for rules that check several things (same object unless stated). */
  readonly more?: readonly { readonly fail: (set: KubeObject[]) => void; readonly path: string; readonly object?: string }[];
}

/** Pins the web pods to managed nodes, given the virtual nodes carry `node.oke/pool: virtual`. */
const OFF_VN: GuardOptions = { virtualNodeLabels: { 'node.oke/pool': 'virtual' } };
const pinOff = (set: KubeObject[]): void => put(web(set), `${POD}.nodeSelector`, { 'node.oke/pool': 'managed' });

/** A copy of the web Deployment as another workload kind. */
function asKind(set: KubeObject[], kind: string, name: string): KubeObject {
  const obj = JSON.parse(JSON.stringify(web(set))) as KubeObject;
  obj.kind = kind;
  put(obj, 'metadata.name', name);
  del(obj, 'spec.strategy');
  set.push(obj);
  return obj;
}

const lbAnnotation = (key: string): string => `metadata.annotations["${key}"]`;
const LB = (set: KubeObject[]): KubeObject => find(set, 'Service', 'web-public');
const SHAPE = 'service.beta.kubernetes.io/oci-load-balancer-shape';
const FLEX_MIN = 'service.beta.kubernetes.io/oci-load-balancer-shape-flex-min';
const FLEX_MAX = 'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max';
const NSG = 'oci.oraclecloud.com/oci-network-security-groups';
const NSG_ID = 'ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaa4kq2hjv6l7tqz3n5xw3y6rbd2mfpeu7sgkcazxq4onrbt5gyhvda';

const podField = (field: string, value: unknown): Case => ({ fail: (s) => put(web(s), `${POD}.${field}`, value), path: `${POD}.${field}` });
const podSc = (field: string, value: unknown, passField = 'runAsUser', passValue: unknown = 20000): Case => ({
  fail: (s) => put(web(s), `${POD}.securityContext.${field}`, value),
  pass: (s) => put(web(s), `${POD}.securityContext.${passField}`, passValue),
  path: `${POD}.securityContext.${field}`,
});
const containerField = (field: string, value: unknown): Case => ({ fail: (s) => put(web(s), `${C0}.${field}`, value), path: `${C0}.${field}` });

/** Our Traefik, serving class traefik (the fixture Ingress's), watching `namespaces`. */
function addTraefik(set: KubeObject[], namespaces: readonly string[] = ['shop']): void {
  set.push(...synthObjects((s) => new TraefikIngressController(s, 'traefik', {
    namespace: 'traefik', ingressClassName: 'traefik', watchNamespaces: namespaces, image: 'docker.io/library/traefik:v3.7.11', replicas: 2, cpu: 1, memoryGiB: 1,
    scheduling: { nodeLabel: { key: 'node.oke/pool', value: 'virtual' } },
    loadBalancer: { type: 'lb', internal: false, subnetId: 'ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaasubnetsubnetsubnetsubnet', nsgIds: [NSG_ID] },
    tls: { termination: 'traefik' },
  })) as KubeObject[]);
}
const TRAEFIK_ARGS = `${C0}.args`;
/** Rewrites the Traefik Deployment's flags. */
const editArgs = (set: KubeObject[], edit: (args: string[]) => string[]): void => {
  const d = find(set, 'Deployment', 'traefik');
  put(d, TRAEFIK_ARGS, edit(get(d, TRAEFIK_ARGS) as string[]));
};
const INGRESS_TLS = (name: string) => (set: KubeObject[]): void => put(find(set, 'Ingress', 'web'), 'spec.tls', [{ hosts: ['shop.example.com'], secretName: name }]);
const webTls = (set: KubeObject[]): void => {
  set.push(...synthObjects((s) => new VaultTlsCertificate(s, 'tls', { secretName: 'web-tls', namespace: 'shop', secretStoreName: 'oci-vault', vaultSecretName: 'shop-tls', refreshInterval: '1h' })) as KubeObject[]);
};
const LB_TLS = 'service.beta.kubernetes.io/oci-load-balancer-tls-secret';

const CASES: Readonly<Record<string, Case>> = {
  'api-object-name': {
    fail: (s) => put(web(s), 'metadata.name', 'Web_Server'),
    pass: (s) => { put(web(s), 'metadata.name', 'web.v2'); put(find(s, 'HorizontalPodAutoscaler', 'web'), 'spec.scaleTargetRef.name', 'web.v2'); },
    path: 'metadata.name', object: 'Deployment Web_Server',
    more: [
      { fail: (s) => put(find(s, 'Service', 'web'), 'metadata.name', 'web.internal'), path: 'metadata.name', object: 'Service web.internal' },
      { fail: (s) => put(find(s, 'Role', 'web-read-config'), 'metadata.name', 'web/read'), path: 'metadata.name', object: 'Role web/read' },
    ],
  },
  'api-labels-annotations': {
    fail: (s) => put(web(s), 'metadata.labels.version', 'v1.0+build'),
    pass: (s) => put(web(s), 'metadata.labels["example.com/version"]', 'v1.0-build_7'),
    path: 'metadata.labels["version"]',
    more: [
      { fail: (s) => put(web(s), 'spec.template.metadata.labels["Example.com/tier"]', 'web'), path: 'spec.template.metadata.labels["Example.com/tier"]' },
      { fail: (s) => put(web(s), 'metadata.annotations["a/b/c"]', 'x'), path: 'metadata.annotations["a/b/c"]' },
      { fail: (s) => put(web(s), 'metadata.annotations.big', 'x'.repeat(300 * 1024)), path: 'metadata.annotations' },
    ],
  },
  'api-container-names': {
    fail: (s) => put(web(s), `${C0}.ports[0].name`, 'https-management'),
    pass: (s) => put(web(s), `${C0}.ports[0].name`, 'http-mgmt'),
    path: `${C0}.ports[0].name`,
    more: [{ fail: (s) => put(web(s), `${C0}.name`, 'Web'), path: `${C0}.name` }],
  },
  'vn-daemonset': {
    fail: (s) => asKind(s, 'DaemonSet', 'agent'),
    pass: (s) => put(asKind(s, 'DaemonSet', 'agent'), `${POD}.nodeSelector`, { 'node.oke/pool': 'managed' }),
    path: 'kind', object: 'DaemonSet agent', options: OFF_VN,
  },
  'vn-pvc': {
    fail: (s) => s.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
    more: [
      { fail: (s) => put(asKind(s, 'StatefulSet', 'db'), 'spec.volumeClaimTemplates', [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }]), path: 'spec.volumeClaimTemplates', object: 'StatefulSet db' },
    ],
    path: 'kind', object: 'PersistentVolumeClaim data',
  },
  'vn-network-policy': {
    fail: (s) => s.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {} } }),
    path: 'kind', object: 'NetworkPolicy deny',
  },
  'vn-service-mesh': {
    fail: (s) => put(web(s), 'spec.template.metadata.annotations["sidecar.istio.io/inject"]', 'true'),
    pass: (s) => put(web(s), 'spec.template.metadata.annotations["sidecar.istio.io/inject"]', 'false'),
    path: 'spec.template.metadata.annotations["sidecar.istio.io/inject"]',
    more: [{ fail: (s) => put(find(s, 'Namespace', 'shop'), 'metadata.labels["istio-injection"]', 'enabled'), path: 'metadata.labels["istio-injection"]', object: 'Namespace shop' }],
  },
  'vn-job-ttl': {
    fail: (s) => del(find(s, 'Job', 'migrate'), 'spec.ttlSecondsAfterFinished'),
    pass: (s) => put(find(s, 'Job', 'migrate'), 'spec.ttlSecondsAfterFinished', 0),
    more: [
      { fail: (s) => { const job = JSON.parse(JSON.stringify(find(s, 'Job', 'migrate').spec)) as object; del(job, 'ttlSecondsAfterFinished'); s.push({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: job } } }); }, path: 'spec.jobTemplate.spec.ttlSecondsAfterFinished', object: 'CronJob nightly' },
    ],
    path: 'spec.ttlSecondsAfterFinished', object: 'Job migrate',
  },
  'vn-external-traffic-policy-local': {
    fail: (s) => put(LB(s), 'spec.externalTrafficPolicy', 'Local'),
    path: 'spec.externalTrafficPolicy', object: 'Service web-public',
  },
  'vn-host-namespaces': {
    ...podField('hostNetwork', true),
    // A plain omitempty bool: the API server stores false exactly as an absent field.
    pass: (s) => { put(web(s), `${POD}.hostNetwork`, false); put(web(s), `${POD}.hostPID`, false); },
    more: [
      { fail: (s) => put(web(s), `${POD}.hostIPC`, true), path: `${POD}.hostIPC` },
    ],
  },
  'vn-pod-hostname': podField('hostname', 'web'),
  'vn-pod-os': podField('os', { name: 'linux' }),
  'vn-pod-overhead': podField('overhead', { cpu: '100m' }),
  'vn-pod-set-hostname-as-fqdn': podField('setHostnameAsFQDN', false),
  'vn-pod-share-process-namespace': podField('shareProcessNamespace', true),
  'vn-pod-termination-grace-period': {
    ...podField('terminationGracePeriodSeconds', 60),
    // The API server defaults an absent field to 30: every stored pod carries 30.
    pass: (s) => put(web(s), `${POD}.terminationGracePeriodSeconds`, 30),
  },
  'vn-pod-fs-group': podSc('fsGroup', 10001),
  'vn-pod-fs-group-change-policy': podSc('fsGroupChangePolicy', 'Always'),
  'vn-pod-supplemental-groups': podSc('supplementalGroups', [10002]),
  'vn-pod-selinux-options': podSc('seLinuxOptions', { level: 's0:c123,c456' }),
  'vn-pod-sysctls': podSc('sysctls', [{ name: 'net.core.somaxconn', value: '1024' }]),
  'vn-pod-seccomp-profile': { ...podSc('seccompProfile', { type: 'RuntimeDefault' }), pass: (s) => put(web(s), `${C0}.securityContext.runAsUser`, 20000) },
  'vn-pod-security-context-other': podSc('appArmorProfile', { type: 'RuntimeDefault' }),
  'vn-init-containers': {
    fail: (s) => put(web(s), `${POD}.initContainers`, [get(web(s), C0)]),
    pass: (s) => put(web(s), `${POD}.initContainers`, []),
    path: `${POD}.initContainers`,
  },
  'vn-ephemeral-containers': {
    fail: (s) => put(web(s), `${POD}.ephemeralContainers`, [{ name: 'debug', image: 'busybox:1.36' }]),
    path: `${POD}.ephemeralContainers`,
  },
  'vn-container-stdin-tty': {
    ...containerField('tty', true),
    more: [
      { fail: (s) => put(web(s), `${C0}.stdinOnce`, true), path: `${C0}.stdinOnce` },
    ],
  },
  'vn-container-termination-message': containerField('terminationMessagePolicy', 'FallbackToLogsOnError'),
  'vn-container-volume-devices': containerField('volumeDevices', [{ name: 'tmp', devicePath: '/dev/xvda' }]),
  'vn-container-privileged': { ...containerField('securityContext.privileged', false), pass: (s) => put(web(s), `${C0}.securityContext.allowPrivilegeEscalation`, false) },
  'vn-container-proc-mount': containerField('securityContext.procMount', 'Default'),
  'vn-container-privilege-escalation': { ...containerField('securityContext.allowPrivilegeEscalation', true), pass: (s) => put(web(s), `${C0}.securityContext.allowPrivilegeEscalation`, false) },
  'vn-volume-mount-fields': {
    fail: (s) => put(web(s), `${C0}.volumeMounts[0].mountPropagation`, 'HostToContainer'),
    pass: (s) => put(web(s), `${C0}.volumeMounts[0].subPath`, 'web'),
    path: `${C0}.volumeMounts[0].mountPropagation`,
  },
  'vn-requests-equal-limits': {
    fail: (s) => put(web(s), `${C0}.resources.requests.memory`, '512Mi'),
    pass: (s) => { put(web(s), `${C0}.resources.requests.memory`, '1073741824'); del(web(s), `${C0}.resources.requests`); },
    more: [
      { fail: (s) => del(web(s), `${C0}.resources.limits`), path: `${C0}.resources.limits["cpu"]` },
    ],
    path: `${C0}.resources.requests["memory"]`,
  },
  'vn-sub-ocpu-cpu': {
    fail: (s) => { put(web(s), `${C0}.resources.requests.cpu`, '1500m'); put(web(s), `${C0}.resources.limits.cpu`, 1.5); },
    pass: (s) => { put(web(s), `${C0}.resources.requests.cpu`, '2'); put(web(s), `${C0}.resources.limits.cpu`, '2000m'); },
    path: `${POD}.containers`,
  },
  'vn-probe-grpc': {
    fail: (s) => put(web(s), `${C0}.livenessProbe`, { grpc: { port: 9090 }, failureThreshold: 3 }),
    more: [
      { fail: (s) => put(web(s), `${C0}.startupProbe`, { grpc: { port: 9090 } }), path: `${C0}.startupProbe.grpc` },
    ],
    path: `${C0}.livenessProbe.grpc`,
  },
  'vn-probe-termination-grace-period': containerField('livenessProbe.terminationGracePeriodSeconds', 10),
  'vn-host-port': { ...containerField('ports[0].hostPort', 8080), pass: (s) => put(web(s), `${C0}.ports[0].protocol`, 'TCP') },
  'vn-container-port-range': {
    fail: (s) => put(web(s), `${C0}.ports[0].containerPort`, 30080),
    pass: (s) => put(web(s), `${C0}.ports[0].containerPort`, 29999),
    path: `${C0}.ports[0].containerPort`,
  },
  'vn-image-pull-secret-type': {
    fail: (s) => put(web(s), `${POD}.imagePullSecrets`, [{ name: 'web-db' }]),
    pass: (s) => { put(web(s), `${POD}.imagePullSecrets`, [{ name: 'web-db' }, { name: 'elsewhere' }]); put(find(s, 'ExternalSecret', 'web-db'), 'spec.target.template.type', 'kubernetes.io/dockerconfigjson'); },
    path: `${POD}.imagePullSecrets[0]`,
    more: [{ fail: (s) => { s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull', namespace: 'shop' }, type: 'Opaque' }); put(web(s), `${POD}.imagePullSecrets`, [{ name: 'pull' }]); }, path: `${POD}.imagePullSecrets[0]` }],
  },
  'vn-volume-type': {
    fail: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'data', persistentVolumeClaim: { claimName: 'data' } }),
    pass: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', secret: { secretName: 'web-db' } }),
    more: [
      { fail: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', downwardAPI: { items: [] } }), path: `${POD}.volumes[1].downwardAPI` },
    ],
    path: `${POD}.volumes[1].persistentVolumeClaim`,
  },
  'vn-projected-sources': {
    fail: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 7200 } }] } }),
    pass: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'web' } }] } }),
    more: [
      { fail: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', projected: { sources: [{ clusterTrustBundle: { path: 'ca.pem', signerName: 'x' } }] } }), path: `${POD}.volumes[1].projected.sources[0].clusterTrustBundle` },
      { fail: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', projected: { sources: [{ downwardAPI: { items: [{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu', containerName: 'web' } }] } }] } }), path: `${POD}.volumes[1].projected.sources[0].downwardAPI.items[0].resourceFieldRef` },
    ],
    path: `${POD}.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds`,
  },
  'vn-emptydir-count': {
    fail: (s) => put(web(s), `${POD}.volumes[2]`, { name: 'data', emptyDir: {} }),
    pass: (s) => put(web(s), `${POD}.volumes[0].emptyDir`, { medium: 'Memory' }),
    path: `${POD}.volumes[2]`,
  },
  'vn-emptydir-options': {
    fail: (s) => put(web(s), `${POD}.volumes[0].emptyDir.sizeLimit`, '1Gi'),
    pass: (s) => put(web(s), `${POD}.volumes[0].emptyDir.medium`, ''),
    more: [
      { fail: (s) => put(web(s), `${POD}.volumes[0].emptyDir.medium`, 'HugePages-2Mi'), path: `${POD}.volumes[0].emptyDir.medium` },
    ],
    path: `${POD}.volumes[0].emptyDir.sizeLimit`,
  },
  'vn-volume-mode': {
    fail: (s) => put(web(s), `${POD}.volumes[1].configMap.defaultMode`, 0o400),
    pass: (s) => put(web(s), `${POD}.volumes[1].configMap.defaultMode`, 0o644),
    more: [
      { fail: (s) => put(web(s), `${POD}.volumes[1].configMap.items`, [{ key: 'LOG_LEVEL', path: 'level', mode: 0o600 }]), path: `${POD}.volumes[1].configMap.items[0].mode` },
      { fail: (s) => put(web(s), `${POD}.volumes[1]`, { name: 'config', projected: { defaultMode: 0o440, sources: [{ secret: { name: 'web-db', items: [{ key: 'password', path: 'p', mode: 0o400 }] } }] } }), path: `${POD}.volumes[1].projected.sources[0].secret.items[0].mode` },
    ],
    path: `${POD}.volumes[1].configMap.defaultMode`,
  },
  'sec-run-as-non-root': {
    fail: (s) => { del(web(s), `${POD}.securityContext.runAsNonRoot`); del(web(s), `${C0}.securityContext.runAsNonRoot`); },
    pass: (s) => del(web(s), `${C0}.securityContext.runAsNonRoot`),
    path: `${C0}.securityContext.runAsNonRoot`,
  },
  'sec-run-as-user': {
    fail: (s) => put(web(s), `${C0}.securityContext.runAsUser`, 1000),
    pass: (s) => del(web(s), `${C0}.securityContext.runAsUser`),
    path: `${C0}.securityContext.runAsUser`,
  },
  'sec-run-as-group': {
    fail: (s) => { del(web(s), `${POD}.securityContext.runAsGroup`); del(web(s), `${C0}.securityContext.runAsGroup`); },
    pass: (s) => del(web(s), `${POD}.securityContext.runAsGroup`),
    path: `${C0}.securityContext.runAsGroup`,
  },
  'sec-read-only-root-fs': { fail: (s) => put(web(s), `${C0}.securityContext.readOnlyRootFilesystem`, false), path: `${C0}.securityContext.readOnlyRootFilesystem` },
  'sec-drop-all-capabilities': {
    fail: (s) => put(web(s), `${C0}.securityContext.capabilities.drop`, ['NET_RAW']),
    pass: (s) => put(web(s), `${C0}.securityContext.capabilities.drop`, ['NET_RAW', 'ALL']),
    path: `${C0}.securityContext.capabilities.drop`,
  },
  'sec-capabilities-add': {
    fail: (s) => put(web(s), `${C0}.securityContext.capabilities.add`, ['SYS_ADMIN']),
    pass: (s) => put(web(s), `${C0}.securityContext.capabilities.add`, ['NET_BIND_SERVICE']),
    path: `${C0}.securityContext.capabilities.add`,
  },
  'sec-no-privilege-escalation': { fail: (s) => del(web(s), `${C0}.securityContext.allowPrivilegeEscalation`), path: `${C0}.securityContext.allowPrivilegeEscalation` },
  'sec-privileged': {
    fail: (s) => { pinOff(s); put(web(s), `${C0}.securityContext.privileged`, true); },
    pass: (s) => { pinOff(s); put(web(s), `${C0}.securityContext.privileged`, false); },
    path: `${C0}.securityContext.privileged`, options: OFF_VN,
  },
  'sec-host-namespaces': {
    fail: (s) => { pinOff(s); put(web(s), `${POD}.hostPID`, true); },
    pass: (s) => { pinOff(s); put(web(s), `${POD}.hostPID`, false); },
    path: `${POD}.hostPID`, options: OFF_VN,
  },
  'sec-host-path': {
    fail: (s) => { pinOff(s); put(web(s), `${POD}.volumes[1]`, { name: 'config', hostPath: { path: '/etc' } }); },
    pass: (s) => pinOff(s),
    path: `${POD}.volumes[1].hostPath`, options: OFF_VN,
  },
  'sec-seccomp': {
    fail: (s) => pinOff(s),
    pass: (s) => { pinOff(s); put(web(s), `${POD}.securityContext.seccompProfile`, { type: 'RuntimeDefault' }); },
    path: `${POD}.securityContext.seccompProfile`, options: OFF_VN,
  },
  'sec-image-tag': {
    fail: (s) => put(web(s), `${C0}.image`, 'fra.ocir.io:443/tenancy/shop/web'),
    pass: (s) => put(web(s), `${C0}.image`, 'fra.ocir.io:443/tenancy/shop/web:1.4.3'),
    path: `${C0}.image`,
  },
  'sec-image-digest': {
    fail: (s) => put(web(s), `${C0}.image`, 'fra.ocir.io/tenancy/shop/web:1.4.3'),
    pass: (s) => [0, 1].forEach((i) => put(find(s, 'Job', 'migrate'), `spec.template.spec.containers[${i}].image`, `fra.ocir.io/tenancy/shop/job@sha256:${'ab'.repeat(32)}`)),
    path: `${C0}.image`, options: { enable: ['sec-image-digest'] },
  },
  'sec-env-secret-literal': {
    fail: (s) => put(web(s), `${C0}.env[1]`, { name: 'API_TOKEN', value: 'abc123' }),
    pass: (s) => { put(web(s), `${C0}.env[1]`, { name: 'DB_PASSWORD_FILE', value: '/etc/secrets/password' }); put(web(s), `${C0}.env[2]`, { name: 'LOG_LEVEL', value: 'info' }); },
    path: `${C0}.env[1].value`,
  },
  'sec-probe-host': {
    fail: (s) => put(web(s), `${C0}.readinessProbe.httpGet.host`, '10.0.0.1'),
    pass: (s) => put(web(s), `${C0}.readinessProbe.httpGet.scheme`, 'HTTP'),
    path: `${C0}.readinessProbe.httpGet.host`,
  },
  'sec-resources': {
    fail: (s) => del(web(s), `${C0}.resources.requests`),
    pass: (s) => { put(web(s), `${C0}.resources.requests.cpu`, 1); put(web(s), `${C0}.resources.limits.cpu`, 1); },
    path: `${C0}.resources`,
  },
  'sec-secret-data': {
    fail: (s) => s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-db', namespace: 'shop' }, stringData: { password: 'not-a-real-one' } }),
    pass: (s) => s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'empty', namespace: 'shop' }, data: {} }),
    more: [
      { fail: (s) => s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } }), path: 'data', object: 'Secret pull' },
    ],
    path: 'stringData', object: 'Secret web-db',
  },
  'sec-nodeport-service': {
    fail: (s) => put(find(s, 'Service', 'web'), 'spec.type', 'NodePort'),
    pass: (s) => put(find(s, 'Service', 'web'), 'spec.type', 'ClusterIP'),
    path: 'spec.type', object: 'Service web',
  },
  'rel-readiness-probe': {
    fail: (s) => del(web(s), `${C0}.readinessProbe`),
    pass: (s) => { put(find(s, 'Job', 'migrate'), 'spec.template.spec.containers[0].ports', [{ containerPort: 9000 }]); },
    path: `${C0}.readinessProbe`,
  },
  'rel-probes-identical': {
    fail: (s) => put(web(s), `${C0}.livenessProbe`, get(web(s), `${C0}.readinessProbe`)),
    pass: (s) => put(web(s), `${C0}.livenessProbe`, { ...(get(web(s), `${C0}.readinessProbe`) as object), failureThreshold: 3 }),
    path: `${C0}.livenessProbe`,
  },
  'rel-duplicate-env': {
    fail: (s) => put(web(s), `${C0}.env[1]`, { name: 'DB_PASSWORD', value: '' }),
    pass: (s) => put(web(s), `${C0}.env[1]`, { name: 'DB_USER', value: 'app' }),
    path: `${C0}.env[1].name`,
  },
  'rel-pdb': {
    fail: (s) => s.splice(s.indexOf(find(s, 'PodDisruptionBudget', 'web')), 1),
    pass: (s) => { s.splice(s.indexOf(find(s, 'PodDisruptionBudget', 'web')), 1); s.splice(s.indexOf(find(s, 'HorizontalPodAutoscaler', 'web')), 1); put(web(s), 'spec.replicas', 1); },
    path: 'spec.template.metadata.labels',
  },
  'rel-hpa-min-replicas': {
    fail: (s) => del(find(s, 'HorizontalPodAutoscaler', 'web'), 'spec.minReplicas'),
    pass: (s) => put(find(s, 'HorizontalPodAutoscaler', 'web'), 'spec.minReplicas', 3),
    more: [
      { fail: (s) => put(find(s, 'HorizontalPodAutoscaler', 'web'), 'spec.maxReplicas', 2), path: 'spec.maxReplicas' },
    ],
    path: 'spec.minReplicas', object: 'HorizontalPodAutoscaler web',
  },
  'rel-hpa-fixed-replicas': {
    fail: (s) => put(web(s), 'spec.replicas', 2),
    pass: (s) => { put(web(s), 'spec.replicas', 2); s.splice(s.indexOf(find(s, 'HorizontalPodAutoscaler', 'web')), 1); },
    path: 'spec.replicas',
  },
  'rel-replicas': {
    fail: (s) => { s.splice(s.indexOf(find(s, 'HorizontalPodAutoscaler', 'web')), 1); },
    pass: (s) => { s.splice(s.indexOf(find(s, 'HorizontalPodAutoscaler', 'web')), 1); put(web(s), 'spec.replicas', 2); },
    path: 'spec.replicas',
  },
  'rel-selector-labels': {
    fail: (s) => put(web(s), 'spec.selector.matchLabels', { 'app.kubernetes.io/name': 'webb' }),
    pass: (s) => put(web(s), 'spec.selector', { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'api'] }] }),
    path: 'spec.selector',
  },
  'ref-service-targets': {
    fail: (s) => put(find(s, 'Service', 'web'), 'spec.ports[0].targetPort', 'https'),
    pass: (s) => put(find(s, 'Service', 'web'), 'spec.ports[0].targetPort', 8080),
    more: [
      { fail: (s) => put(find(s, 'Service', 'web'), 'spec.ports[0].targetPort', 8081), path: 'spec.ports[0].targetPort' },
      { fail: (s) => put(find(s, 'Service', 'web'), 'spec.selector', { 'app.kubernetes.io/name': 'api' }), path: 'spec.selector' },
    ],
    path: 'spec.ports[0].targetPort', object: 'Service web',
  },
  'ref-ingress-backend': {
    fail: (s) => put(find(s, 'Ingress', 'web'), 'spec.rules[0].http.paths[0].backend.service.port', { number: 8080 }),
    pass: (s) => put(find(s, 'Ingress', 'web'), 'spec.rules[0].http.paths[0].backend.service.port', { name: 'http' }),
    more: [
      { fail: (s) => put(find(s, 'Ingress', 'web'), 'spec.rules[0].http.paths[0].backend.service.name', 'api'), path: 'spec.rules[0].http.paths[0].backend.service.name' },
    ],
    path: 'spec.rules[0].http.paths[0].backend.service.port', object: 'Ingress web',
  },
  'ref-hpa-target': {
    fail: (s) => put(find(s, 'HorizontalPodAutoscaler', 'web'), 'spec.scaleTargetRef.name', 'api'),
    path: 'spec.scaleTargetRef', object: 'HorizontalPodAutoscaler web',
  },
  'rbac-wildcard': {
    fail: (s) => put(find(s, 'Role', 'web-read-config'), 'rules[0].verbs', ['*']),
    more: [
      { fail: (s) => put(find(s, 'Role', 'web-read-config'), 'rules[1].resources', ['*']), path: 'rules[1].resources' },
    ],
    path: 'rules[0].verbs', object: 'Role web-read-config',
  },
  'rbac-secret-access': {
    fail: (s) => {
      s.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }] });
      s.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }] });
    },
    pass: (s) => put(find(s, 'Role', 'web-read-config'), 'rules[1]', { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }),
    path: 'rules[0]', object: 'ClusterRole reader',
  },
  'lb-shape': {
    fail: (s) => put(LB(s), lbAnnotation(SHAPE), '100Mb'),
    pass: (s) => { put(LB(s), lbAnnotation(SHAPE), '400Mbps'); del(LB(s), lbAnnotation(FLEX_MIN)); del(LB(s), lbAnnotation(FLEX_MAX)); },
    more: [
      { fail: (s) => del(LB(s), lbAnnotation(FLEX_MAX)), path: lbAnnotation(FLEX_MAX) },
      { fail: (s) => put(LB(s), lbAnnotation('oci.oraclecloud.com/load-balancer-type'), 'alb'), path: lbAnnotation('oci.oraclecloud.com/load-balancer-type') },
    ],
    path: lbAnnotation(SHAPE), object: 'Service web-public',
  },
  'lb-flex-range': {
    fail: (s) => { put(LB(s), lbAnnotation(FLEX_MIN), '200'); put(LB(s), lbAnnotation(FLEX_MAX), '100'); },
    pass: (s) => { put(LB(s), lbAnnotation(FLEX_MIN), '100'); put(LB(s), lbAnnotation(FLEX_MAX), '100'); },
    more: [
      { fail: (s) => put(LB(s), lbAnnotation(FLEX_MAX), '100Mbps'), path: lbAnnotation(FLEX_MAX) },
      { fail: (s) => put(LB(s), lbAnnotation(FLEX_MIN), '5'), path: lbAnnotation(FLEX_MIN) },
    ],
    path: lbAnnotation(FLEX_MIN), object: 'Service web-public',
  },
  'lb-nsg-ocid': {
    fail: (s) => put(LB(s), lbAnnotation(NSG), `${NSG_ID}, ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaa4kq2hjv6l7tqz3n5xw3y6rbd2mfpeu7sgkcazxq4onrbt5gyhvda`),
    pass: (s) => put(LB(s), lbAnnotation(NSG), `${NSG_ID},${NSG_ID.replace(/a$/, 'b')}`),
    more: [
      { fail: (s) => put(LB(s), lbAnnotation(NSG), Array.from({ length: 6 }, (_, i) => NSG_ID.replace(/a$/, String(i))).join(',')), path: lbAnnotation(NSG) },
    ],
    path: lbAnnotation(NSG), object: 'Service web-public',
  },
  'vn-eso-instance-principal': {
    fail: (s) => del(find(s, 'SecretStore', 'oci-vault'), 'spec.provider.oracle.principalType'),
    pass: (s) => { del(find(s, 'SecretStore', 'oci-vault'), 'spec.provider.oracle.principalType'); put(find(s, 'SecretStore', 'oci-vault'), 'spec.provider.oracle.auth', { user: 'ocid1.user.oc1..aaaa', tenancy: 'ocid1.tenancy.oc1..aaaa', secretRef: { privatekey: { name: 'k', key: 'k' }, fingerprint: { name: 'k', key: 'f' } } }); },
    more: [
      { fail: (s) => put(find(s, 'SecretStore', 'oci-vault'), 'spec.provider.oracle.principalType', 'InstancePrincipal'), path: 'spec.provider.oracle.principalType' },
    ],
    path: 'spec.provider.oracle.principalType', object: 'SecretStore oci-vault',
  },
  'vn-lb-security-list-mode': {
    fail: (s) => put(LB(s), lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-security-list-management-mode'), 'All'),
    pass: (s) => put(LB(s), lbAnnotation('oci.oraclecloud.com/security-rule-management-mode'), 'None'),
    path: lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-security-list-management-mode'), object: 'Service web-public',
  },
  'lb-annotation-values': {
    fail: (s) => put(LB(s), lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-internal'), 'yes'),
    pass: (s) => { put(LB(s), lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-internal'), 'true'); put(LB(s), lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-health-check-interval'), '10000'); },
    more: [
      { fail: (s) => put(LB(s), lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-subnet1'), 'subnet-123'), path: lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-subnet1') },
    ],
    path: lbAnnotation('service.beta.kubernetes.io/oci-load-balancer-internal'), object: 'Service web-public',
  },
  'ingress-controller-watches': {
    fail: (s) => addTraefik(s, ['blog']),
    pass: (s) => addTraefik(s, ['shop']),
    path: 'metadata.namespace', object: 'Ingress web',
    more: [
      { fail: (s) => { addTraefik(s); s.splice(s.findIndex((o) => o.kind === 'Role' && o.metadata?.name === 'traefik' && o.metadata.namespace === 'shop'), 1); }, path: 'metadata.namespace', object: 'Ingress web' },
      { fail: (s) => { addTraefik(s); del(find(s, 'Ingress', 'web'), 'spec.ingressClassName'); }, path: 'spec.ingressClassName', object: 'Ingress web' },
      { fail: (s) => { addTraefik(s); s.splice(s.findIndex((o) => o.kind === 'IngressClass'), 1); }, path: 'spec.ingressClassName', object: 'Ingress web' },
      { fail: (s) => { addTraefik(s); editArgs(s, (a) => [...a, '--providers.kubernetesingress.disableClusterScopeResources=true']); }, path: 'spec.ingressClassName', object: 'Ingress web' },
    ],
  },
  'ingress-tls-secret-source': {
    fail: INGRESS_TLS('web-tls'),
    pass: (s) => { INGRESS_TLS('web-tls')(s); webTls(s); },
    path: 'spec.tls[0].secretName', object: 'Ingress web',
    more: [
      { fail: (s) => { INGRESS_TLS('web-db')(s); }, path: 'spec.tls[0].secretName', object: 'Ingress web' },
      { fail: (s) => put(LB(s), lbAnnotation(LB_TLS), 'shop/web-tls'), path: lbAnnotation(LB_TLS), object: 'Service web-public' },
    ],
  },
  'traefik-static-config': {
    fail: (s) => { addTraefik(s); editArgs(s, (a) => a.map((x) => (x.startsWith('--providers.kubernetesingress.namespaces=') ? '--providers.kubernetesingress.namespaces=shop' : x))); },
    pass: (s) => addTraefik(s),
    path: TRAEFIK_ARGS, object: 'Deployment traefik',
    more: [
      { fail: (s) => { addTraefik(s); editArgs(s, (a) => a.filter((x) => !x.includes('asDefault'))); }, path: TRAEFIK_ARGS, object: 'Deployment traefik' },
      { fail: (s) => { addTraefik(s); editArgs(s, (a) => a.map((x) => x.replace('redirections.entryPoint.to=:443', 'redirections.entryPoint.to=websecure'))); }, path: TRAEFIK_ARGS, object: 'Deployment traefik' },
      { fail: (s) => { addTraefik(s); s.splice(s.findIndex((o) => o.kind === 'Role' && o.metadata?.namespace === 'traefik'), 1); }, path: TRAEFIK_ARGS, object: 'Deployment traefik' },
    ],
  },
  'ref-duplicate-object': {
    fail: (s) => s.push(JSON.parse(JSON.stringify(find(s, 'ConfigMap', 'web'))) as KubeObject),
    pass: (s) => { const cm = JSON.parse(JSON.stringify(find(s, 'ConfigMap', 'web'))) as KubeObject; put(cm, 'metadata.namespace', 'other'); s.push(cm); },
    path: 'metadata.name', object: 'ConfigMap web',
  },
};

function describeObject(kindAndName: string): { kind: string; name: string } {
  const [kind, name] = kindAndName.split(' ');
  return { kind: kind as string, name: name as string };
}

describe('the compliant fixture set', () => {
  it('passes every default rule and the schemas', () => {
    const report = guardObjects(goodSet());
    expect(report.violations).toEqual([]);
    expect(report.inputProblems).toEqual([]);
    expect(report.objectCount).toBe(15);
  });
});

describe.each(Object.entries(CASES))('rule %s', (id, c) => {
  it('reports the failing fixture at the field, naming object, path and fix', () => {
    const set = goodSet();
    c.fail(set);
    const { violations } = guardObjects(set, c.options);
    const mine = violations.filter((v) => v.ruleId === id);
    const { kind, name } = describeObject(c.object ?? 'Deployment web');
    const hit = mine.find((v) => v.path === c.path && v.object.kind === kind && v.object.name === name);
    expect({ paths: mine.map((v) => `${v.object.kind} ${v.object.name} ${v.path}`), found: hit !== undefined }).toEqual(expect.objectContaining({ found: true }));
    expect(hit?.message).toContain(`${kind} `);
    expect(hit?.message).toContain(name);
    expect(hit?.message).toContain(c.path);
    expect(hit?.message).toContain(`(fix: ${hit?.fix ?? ''})`);
    expect(hit?.message).not.toContain('\n');
  });

  (c.more ?? []).forEach((m, i) => {
    it(`reports further failing fixture ${i + 1} at ${m.path}`, () => {
      const set = goodSet();
      m.fail(set);
      const { kind, name } = describeObject(m.object ?? c.object ?? 'Deployment web');
      const paths = guardObjects(set, c.options).violations.filter((v) => v.ruleId === id && v.object.kind === kind && v.object.name === name).map((v) => v.path);
      expect(paths).toContain(m.path);
    });
  });

  it('accepts the passing fixture', () => {
    const set = goodSet();
    c.pass?.(set);
    const { violations } = guardObjects(set, c.options);
    expect(violations.filter((v) => v.ruleId === id)).toEqual([]);
  });
});

it('every rule has a failing and a passing fixture here', () => {
  expect(ALL_RULES.map((r) => r.id).filter((id) => CASES[id] === undefined)).toEqual([]);
});

it('the rule table of lib/guard/README.md is current', () => {
  const readme = readFileSync(README, 'utf8');
  expect(readme).toBe(readmeWithTable(readme));
  expect(ALL_RULES.every((r) => readme.includes(`| \`${r.id}\` |`))).toBe(true);
});
