/**
 * Virtual-node rules: one per limit of OKE virtual nodes that a manifest can break
 * (docs/virtual-nodes.md §2). They apply to pods that can be scheduled onto a virtual node.
 */
import { WORKLOAD_KINDS, containersOf, podTemplateOf } from '../pods';
import { parseQuantity, sameQuantity } from '../quantity';
import type { Finding, Rule } from '../types';
import { setInStoredObject } from '../stored';
import { has, isRecord, join, nameOf, namespaceOf, rec, recs, str } from '../util';
import { containerFieldsAbsent, containerRule, finding, objectRule, podFieldsAbsent, podRule } from './helpers';

const COMPARING = 'Oracle, Comparing Virtual Nodes with Managed Nodes (contengcomparingvirtualwithmanagednodes_topic.htm, 2024-10-28)';
const ALLOCATION = 'Oracle, Resources Allocated to Pods Provisioned by Virtual Nodes (contengvirtualnodepodresourceallocation.htm)';
const VN = 'virtual-node' as const;
/** For pointer fields (`*bool`), which the API server stores even when false: the node sees the explicit value. */
const UNCONFIRMED_FALSE = 'virtual nodes do not support the field, and the API server keeps even an explicit false (a pointer field), whose acceptance on virtual nodes is unconfirmed';

const podSecurityContext = (pod: { spec: Record<string, unknown>; specPath: string }) => ({ obj: rec(pod.spec.securityContext), path: `${pod.specPath}.securityContext`, type: 'PodSecurityContext' as const });

function podSecurityField(id: string, field: string): Rule {
  return podFieldsAbsent({
    id, category: VN, source: COMPARING,
    description: `Pod securityContext.${field} is absent (virtual nodes support only runAsNonRoot, runAsUser and runAsGroup there).`,
    fields: [field], why: 'virtual nodes reject this pod securityContext field', at: podSecurityContext,
  });
}

/** Pod securityContext fields virtual nodes accept. */
const POD_SC_SUPPORTED = new Set(['runAsNonRoot', 'runAsUser', 'runAsGroup']);
/** Pod securityContext fields with their own rule. */
const POD_SC_OWN_RULE = new Set(['fsGroup', 'fsGroupChangePolicy', 'supplementalGroups', 'seLinuxOptions', 'sysctls', 'seccompProfile']);

const ALLOWED_VOLUME_TYPES = new Set(['emptyDir', 'configMap', 'secret', 'projected']);
const ALLOWED_PROJECTED_SOURCES = new Set(['configMap', 'secret', 'serviceAccountToken', 'downwardAPI']);
const MODE_0644 = 420;
/** Labels/annotations that turn on sidecar injection (values: undefined = any value). */
const MESH_INJECTION: ReadonlyArray<{ key: string; values?: readonly string[] }> = [
  { key: 'istio-injection', values: ['enabled'] },
  { key: 'istio.io/rev' },
  { key: 'sidecar.istio.io/inject', values: ['true'] },
  { key: 'linkerd.io/inject', values: ['enabled', 'ingress'] },
  { key: 'servicemesh.oci.oraclecloud.com/sidecar-injection', values: ['enabled'] },
];

export const virtualNodeRules: readonly Rule[] = [
  objectRule({
    id: 'vn-daemonset', category: VN, source: COMPARING, kinds: ['DaemonSet'],
    description: 'No DaemonSet whose pods can land on virtual nodes.',
    checkObject: (obj, ctx) => {
      const pod = podTemplateOf(obj);
      return pod === undefined || ctx.canRunOnVirtualNodes(pod)
        ? [finding('kind', 'virtual nodes do not run DaemonSets', 'use a Deployment (or a sidecar in each pod), or pin the DaemonSet to managed nodes with a nodeSelector')]
        : [];
    },
  }),
  objectRule({
    id: 'vn-pvc', category: VN, source: COMPARING, kinds: ['PersistentVolumeClaim', 'StatefulSet'],
    description: 'No PersistentVolumeClaim objects or StatefulSet volumeClaimTemplates (virtual nodes cannot mount them).',
    checkObject: (obj) => {
      if (obj.kind === 'PersistentVolumeClaim') {
        return [finding('kind', 'virtual nodes cannot mount persistent volumes', 'keep state outside the pod (e.g. the MySQL database or OCI Object Storage) and delete the claim')];
      }
      return recs(rec(obj.spec).volumeClaimTemplates).length > 0
        ? [finding('spec.volumeClaimTemplates', 'virtual nodes cannot mount persistent volumes', 'remove volumeClaimTemplates and keep state outside the pod')]
        : [];
    },
  }),
  objectRule({
    id: 'vn-network-policy', category: VN, source: COMPARING, kinds: ['NetworkPolicy'],
    description: 'No NetworkPolicy objects: virtual nodes do not enforce them (use NSGs on the pod VNICs).',
    checkObject: () => [finding('kind', 'virtual nodes do not enforce NetworkPolicy, so it gives a false sense of isolation', 'delete it and restrict traffic with the pod NSGs (virtual node pool podConfiguration.nsgIds)')],
  }),
  objectRule({
    id: 'vn-service-mesh', category: VN, source: COMPARING, kinds: ['Namespace', ...WORKLOAD_KINDS],
    description: 'No service-mesh sidecar injection (Istio, Linkerd, OCI Service Mesh) on namespaces or pod templates: virtual nodes do not support service meshes.',
    checkObject: (obj) => {
      const out: Finding[] = [];
      const check = (path: string, map: unknown): void => {
        for (const [k, v] of Object.entries(rec(map))) {
          const on = MESH_INJECTION.some((m) => m.key === k && (m.values === undefined || m.values.includes(String(v))));
          if (on) out.push(finding(`${path}[${JSON.stringify(k)}]`, `asks for service-mesh sidecar injection (${k}: ${String(v)}), which virtual nodes do not support`, 'remove it; secure pod traffic with NSGs and TLS in the application'));
        }
      };
      check('metadata.labels', rec(obj.metadata).labels);
      check('metadata.annotations', rec(obj.metadata).annotations);
      const pod = podTemplateOf(obj);
      if (pod !== undefined && pod.specPath !== 'spec') {
        const template = pod.specPath.replace(/\.spec$/, '');
        let node: unknown = obj;
        for (const key of template.split('.')) node = rec(node)[key];
        check(`${template}.metadata.labels`, rec(rec(node).metadata).labels);
        check(`${template}.metadata.annotations`, rec(rec(node).metadata).annotations);
      }
      return out;
    },
  }),
  objectRule({
    id: 'vn-job-ttl', category: VN, source: `${ALLOCATION}; docs/virtual-nodes.md §2`, kinds: ['Job', 'CronJob'],
    description: 'Jobs (and CronJob job templates) set ttlSecondsAfterFinished: virtual-node pods are billed until the Job is deleted.',
    checkObject: (obj) => {
      const path = obj.kind === 'CronJob' ? 'spec.jobTemplate.spec' : 'spec';
      const spec = obj.kind === 'CronJob' ? rec(rec(rec(obj.spec).jobTemplate).spec) : rec(obj.spec);
      return has(spec, 'ttlSecondsAfterFinished') ? [] : [finding(`${path}.ttlSecondsAfterFinished`, 'is not set, so finished Jobs and their pods stay billed on virtual nodes until deleted', 'set ttlSecondsAfterFinished (e.g. 300)')];
    },
  }),
  objectRule({
    id: 'vn-external-traffic-policy-local', category: VN, source: `${COMPARING}; contengconfiguringloadbalancersnetworkloadbalancers-subtopic.htm`, kinds: ['Service'],
    description: 'No Service externalTrafficPolicy: Local: virtual nodes do not preserve the client IP.',
    checkObject: (obj) => (rec(obj.spec).externalTrafficPolicy === 'Local'
      ? [finding('spec.externalTrafficPolicy', 'is Local, but virtual nodes do not preserve the client IP this way', 'use Cluster and read the client IP from X-Forwarded-For (HTTP listener) or proxy protocol')]
      : []),
  }),

  podFieldsAbsent({
    id: 'vn-host-namespaces', category: VN, source: COMPARING,
    description: 'Pod spec shares no host namespace: hostNetwork, hostPID and hostIPC are unset or false (plain omitempty bools: the API server drops false, so the node never sees it).',
    fields: ['hostNetwork', 'hostPID', 'hostIPC'], why: 'virtual nodes do not support host namespaces',
  }),
  podFieldsAbsent({ id: 'vn-pod-hostname', category: VN, source: COMPARING, description: 'Pod spec has no hostname (an empty one is dropped by the API server).', fields: ['hostname'], why: 'virtual nodes reject it' }),
  podFieldsAbsent({ id: 'vn-pod-os', category: VN, source: COMPARING, description: 'Pod spec has no os.', fields: ['os'], why: 'virtual nodes reject it (they run Linux pods only)' }),
  podFieldsAbsent({ id: 'vn-pod-overhead', category: VN, source: COMPARING, description: 'Pod spec has no overhead (an empty map is dropped by the API server).', fields: ['overhead'], why: 'virtual nodes reject it' }),
  podFieldsAbsent({ id: 'vn-pod-set-hostname-as-fqdn', category: VN, source: COMPARING, description: 'Pod spec has no setHostnameAsFQDN (not even false: a pointer field, stored as written).', fields: ['setHostnameAsFQDN'], why: UNCONFIRMED_FALSE }),
  podFieldsAbsent({ id: 'vn-pod-share-process-namespace', category: VN, source: COMPARING, description: 'Pod spec has no shareProcessNamespace (not even false: a pointer field, stored as written).', fields: ['shareProcessNamespace'], why: UNCONFIRMED_FALSE }),
  podRule({
    id: 'vn-pod-termination-grace-period', category: VN, source: COMPARING,
    // The API server defaults an absent terminationGracePeriodSeconds to 30, so every stored pod carries 30:
    // only another value is what virtual nodes refuse. metadata.deletionGracePeriodSeconds is not checked: the
    // API server clears it on create and controllers do not copy a template's into pods (it is set by deletes).
    description: 'Pod spec sets no terminationGracePeriodSeconds other than 30, the value the API server stores anyway (shutdown must fit the default 30 s).',
    checkPod: (pod) => (setInStoredObject(pod.spec, 'terminationGracePeriodSeconds', 'PodSpec')
      ? [finding(`${pod.specPath}.terminationGracePeriodSeconds`, `terminationGracePeriodSeconds is set (${String(pod.spec.terminationGracePeriodSeconds)}); virtual nodes reject a value other than the default 30; the process must finish its shutdown within 30 s`, 'remove terminationGracePeriodSeconds from the pod spec')]
      : []),
  }),

  podSecurityField('vn-pod-fs-group', 'fsGroup'),
  podSecurityField('vn-pod-fs-group-change-policy', 'fsGroupChangePolicy'),
  podSecurityField('vn-pod-supplemental-groups', 'supplementalGroups'),
  podSecurityField('vn-pod-selinux-options', 'seLinuxOptions'),
  podSecurityField('vn-pod-sysctls', 'sysctls'),
  podSecurityField('vn-pod-seccomp-profile', 'seccompProfile'),
  podRule({
    id: 'vn-pod-security-context-other', category: VN, source: COMPARING,
    description: 'Pod securityContext holds only runAsNonRoot, runAsUser and runAsGroup (the fields virtual nodes list as supported).',
    checkPod: (pod) => Object.keys(rec(pod.spec.securityContext))
      .filter((k) => !POD_SC_SUPPORTED.has(k) && !POD_SC_OWN_RULE.has(k) && has(rec(pod.spec.securityContext), k))
      .map((k) => finding(`${pod.specPath}.securityContext.${k}`, `${k} is not among the pod securityContext fields virtual nodes support (runAsNonRoot, runAsUser, runAsGroup)`, `remove ${k}, or set it per container if the container securityContext supports it`)),
  }),

  podRule({
    id: 'vn-init-containers', category: VN, source: COMPARING,
    description: 'No init containers.',
    checkPod: (pod) => (recs(pod.spec.initContainers).length > 0
      ? [finding(`${pod.specPath}.initContainers`, 'virtual nodes do not run init containers', 'move the work into the main container start-up, a Job, or the image build')]
      : []),
  }),
  podRule({
    id: 'vn-ephemeral-containers', category: VN, source: COMPARING,
    description: 'No ephemeral containers.',
    checkPod: (pod) => (recs(pod.spec.ephemeralContainers).length > 0
      ? [finding(`${pod.specPath}.ephemeralContainers`, 'virtual nodes do not run ephemeral containers', 'remove them')]
      : []),
  }),
  containerFieldsAbsent({ id: 'vn-container-stdin-tty', category: VN, source: COMPARING, description: 'Containers set no stdin, stdinOnce or tty (false is dropped by the API server and passes).', fields: ['stdin', 'stdinOnce', 'tty'], why: 'virtual nodes reject it (and do not support attach)' }),
  containerFieldsAbsent({ id: 'vn-container-termination-message', category: VN, source: COMPARING, description: 'Containers set no terminationMessagePath or terminationMessagePolicy other than the defaults the API server fills in (/dev/termination-log, File).', fields: ['terminationMessagePath', 'terminationMessagePolicy'], why: 'virtual nodes do not support it' }),
  containerFieldsAbsent({ id: 'vn-container-volume-devices', category: VN, source: COMPARING, description: 'Containers set no volumeDevices.', fields: ['volumeDevices'], why: 'virtual nodes have no block devices' }),
  containerFieldsAbsent({ id: 'vn-container-privileged', category: VN, source: COMPARING, description: 'Container securityContext has no privileged field (not even false).', fields: ['privileged'], why: UNCONFIRMED_FALSE, inSecurityContext: true }),
  containerFieldsAbsent({ id: 'vn-container-proc-mount', category: VN, source: COMPARING, description: 'Container securityContext has no procMount.', fields: ['procMount'], why: 'virtual nodes reject it', inSecurityContext: true }),
  containerRule({
    id: 'vn-container-privilege-escalation', category: VN, source: COMPARING,
    description: 'No container sets allowPrivilegeEscalation: true.',
    checkContainer: (c) => (rec(c.container.securityContext).allowPrivilegeEscalation === true
      ? [finding(`${c.path}.securityContext.allowPrivilegeEscalation`, `container "${c.name}" allows privilege escalation, which virtual nodes reject`, 'set allowPrivilegeEscalation: false')]
      : []),
  }),
  containerRule({
    id: 'vn-volume-mount-fields', category: VN, source: COMPARING,
    description: 'Volume mounts set no mountPropagation or subPathExpr (an empty subPathExpr is dropped by the API server).',
    checkContainer: (c) => recs(c.container.volumeMounts).flatMap((m, i) => ['mountPropagation', 'subPathExpr']
      .filter((f) => setInStoredObject(m, f, 'VolumeMount'))
      .map((f) => finding(`${c.path}.volumeMounts[${i}].${f}`, `container "${c.name}" mount "${str(m.name) ?? i}" sets ${f}, which virtual nodes do not support`, `remove ${f}${f === 'subPathExpr' ? ' (use a fixed subPath)' : ''}`))),
  }),
  containerRule({
    id: 'vn-requests-equal-limits', category: VN, source: `${COMPARING}; ${ALLOCATION}`,
    description: 'Every container has requests equal to limits for each resource (or only limits, which Kubernetes copies to requests, or neither).',
    checkContainer: (c) => {
      const res = rec(c.container.resources);
      const requests = rec(res.requests);
      const limits = rec(res.limits);
      const out = [];
      for (const name of Object.keys(requests)) {
        if (!has(limits, name)) {
          out.push(finding(`${c.path}.resources.limits[${JSON.stringify(name)}]`, `container "${c.name}" requests ${name} without a limit; virtual nodes need requests equal to limits`, `set limits.${name} equal to requests.${name}`));
        } else if (!sameQuantity(requests[name], limits[name])) {
          out.push(finding(`${c.path}.resources.requests[${JSON.stringify(name)}]`, `container "${c.name}" requests ${String(requests[name])} of ${name} but is limited to ${String(limits[name])}; virtual nodes need them equal`, `set requests.${name} and limits.${name} to the same value`));
        }
      }
      return out;
    },
  }),
  podRule({
    id: 'vn-sub-ocpu-cpu', category: VN, source: `${COMPARING} ("sub-core ResourceRequirements"); ${ALLOCATION}`,
    description: 'The CPU of the pod (sum of each container\'s limit, else request) is a whole number of cores: virtual nodes list sub-core resource requirements as unsupported and round the pod up to whole OCPUs.',
    checkPod: (pod) => {
      let total = 0;
      let declared = false;
      for (const c of containersOf(pod)) {
        const res = rec(c.container.resources);
        const cpu = parseQuantity(rec(res.limits).cpu ?? rec(res.requests).cpu);
        if (cpu !== undefined) { total += cpu; declared = true; }
      }
      if (!declared) return [];
      const whole = Math.abs(total - Math.round(total)) < 1e-9 && Math.round(total) >= 1;
      if (whole) return [];
      const up = Math.max(1, Math.ceil(total - 1e-9));
      return [finding(`${pod.specPath}.containers`, `the containers' CPU adds up to ${Number((total * 1000).toFixed(3))}m, not a whole core; the pod is allocated and billed ${up} OCPU anyway`, `size the containers' CPU to add up to a whole number of cores (e.g. ${up})`)];
    },
  }),
  containerRule({
    id: 'vn-probe-grpc', category: VN, source: COMPARING,
    description: 'No gRPC probes (virtual nodes support HTTP, HTTPS and exec probes).',
    checkContainer: (c) => ['livenessProbe', 'readinessProbe', 'startupProbe']
      .filter((p) => has(rec(c.container[p]), 'grpc'))
      .map((p) => finding(`${c.path}.${p}.grpc`, `container "${c.name}" uses a gRPC ${p}, which virtual nodes do not support`, 'use an httpGet or exec probe')),
  }),
  containerRule({
    id: 'vn-probe-termination-grace-period', category: VN, source: COMPARING,
    description: 'Probes set no terminationGracePeriodSeconds.',
    checkContainer: (c) => ['livenessProbe', 'readinessProbe', 'startupProbe']
      .filter((p) => has(rec(c.container[p]), 'terminationGracePeriodSeconds'))
      .map((p) => finding(`${c.path}.${p}.terminationGracePeriodSeconds`, `container "${c.name}" sets a probe-level grace period, which virtual nodes do not support`, 'remove it')),
  }),
  containerRule({
    id: 'vn-host-port', category: VN, source: COMPARING,
    description: 'Container ports set no hostPort or hostIP (0 and "" are dropped by the API server).',
    checkContainer: (c) => recs(c.container.ports).flatMap((p, i) => ['hostPort', 'hostIP']
      .filter((f) => setInStoredObject(p, f, 'ContainerPort'))
      .map((f) => finding(`${c.path}.ports[${i}].${f}`, `container "${c.name}" port ${String(p.containerPort)} sets ${f}, which virtual nodes do not support`, `remove ${f}; expose the port through a Service`))),
  }),
  containerRule({
    id: 'vn-container-port-range', category: VN, source: COMPARING,
    description: 'No containerPort in the NodePort range 30000-32767.',
    checkContainer: (c) => recs(c.container.ports).flatMap((p, i) => {
      const n = p.containerPort;
      return typeof n === 'number' && n >= 30000 && n <= 32767
        ? [finding(`${c.path}.ports[${i}].containerPort`, `container "${c.name}" listens on ${n}, inside the NodePort range 30000-32767 that virtual nodes reserve`, 'listen on a port outside 30000-32767 (e.g. 8080)')]
        : [];
    }),
  }),

  podRule({
    id: 'vn-image-pull-secret-type', category: VN, source: COMPARING,
    description: 'imagePullSecrets defined in the set (Secret, or ESO ExternalSecret target) are of type kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg.',
    checkPod: (pod, ctx) => recs(pod.spec.imagePullSecrets).flatMap((ref, i) => {
      const name = str(ref.name);
      if (name === undefined) return [];
      const ns = namespaceOf(pod.owner);
      for (const o of ctx.objects) {
        if (namespaceOf(o) !== ns) continue;
        let type: unknown;
        if (o.kind === 'Secret' && nameOf(o) === name) type = o.type ?? 'Opaque';
        else if (o.kind === 'ExternalSecret' && (str(rec(rec(o.spec).target).name) ?? nameOf(o)) === name) type = rec(rec(rec(o.spec).target).template).type ?? 'Opaque';
        else continue;
        if (type === 'kubernetes.io/dockerconfigjson' || type === 'kubernetes.io/dockercfg') return [];
        return [finding(`${pod.specPath}.imagePullSecrets[${i}]`, `names Secret "${name}" of type ${String(type)}; virtual nodes pull only with kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg secrets`, `make ${o.kind} ${name} produce type kubernetes.io/dockerconfigjson${o.kind === 'ExternalSecret' ? ' (spec.target.template.type)' : ''}`)];
      }
      return [];
    }),
  }),
  podRule({
    id: 'vn-volume-type', category: VN, source: COMPARING,
    description: 'Volumes are emptyDir, configMap, secret or projected only (no persistentVolumeClaim, hostPath, nfs, downwardAPI, ephemeral...).',
    checkPod: (pod) => recs(pod.spec.volumes).flatMap((v, i) => Object.keys(v)
      .filter((k) => k !== 'name' && !ALLOWED_VOLUME_TYPES.has(k) && has(v, k))
      .map((k) => finding(`${pod.specPath}.volumes[${i}].${k}`, `volume "${str(v.name) ?? i}" is of type ${k}, which virtual nodes do not support${k === 'persistentVolumeClaim' ? ' (no PVCs)' : ''}`, 'use emptyDir, configMap, secret or projected'))),
  }),
  podRule({
    id: 'vn-projected-sources', category: VN, source: COMPARING,
    description: 'Projected volumes use only configMap, secret, serviceAccountToken (default expiry: unset or 3600, the value the API server fills in) and downwardAPI without resourceFieldRef.',
    checkPod: (pod) => recs(pod.spec.volumes).flatMap((v, i) => recs(rec(v.projected).sources).flatMap((s, j) => {
      const base = `${pod.specPath}.volumes[${i}].projected.sources[${j}]`;
      const out = Object.keys(s).filter((k) => !ALLOWED_PROJECTED_SOURCES.has(k) && has(s, k))
        .map((k) => finding(`${base}.${k}`, `projected volume "${str(v.name) ?? i}" uses a ${k} source, which virtual nodes do not support`, 'use configMap, secret or serviceAccountToken sources'));
      if (setInStoredObject(rec(s.serviceAccountToken), 'expirationSeconds', 'ServiceAccountTokenProjection')) {
        out.push(finding(`${base}.serviceAccountToken.expirationSeconds`, `projected volume "${str(v.name) ?? i}" sets a token expiry, which virtual nodes do not support`, 'remove expirationSeconds (use the default expiry)'));
      }
      recs(rec(s.downwardAPI).items).forEach((item, k) => {
        if (has(item, 'resourceFieldRef')) out.push(finding(`${base}.downwardAPI.items[${k}].resourceFieldRef`, `projected volume "${str(v.name) ?? i}" exposes a resourceFieldRef, which virtual nodes do not support`, 'remove it (pass the value as an environment variable instead)'));
      });
      return out;
    })),
  }),
  podRule({
    id: 'vn-emptydir-count', category: VN, source: COMPARING,
    description: 'At most one emptyDir volume per pod.',
    checkPod: (pod) => {
      const dirs = recs(pod.spec.volumes).map((v, i) => ({ v, i })).filter(({ v }) => has(v, 'emptyDir'));
      return dirs.length > 1
        ? [finding(`${pod.specPath}.volumes[${dirs[1]?.i ?? 0}]`, `the pod has ${dirs.length} emptyDir volumes (${dirs.map(({ v }) => str(v.name)).join(', ')}); virtual nodes allow one`, 'keep a single emptyDir and mount subPaths of it where several writable paths are needed')]
        : [];
    },
  }),
  podRule({
    id: 'vn-emptydir-options', category: VN, source: COMPARING,
    description: 'emptyDir volumes set no sizeLimit and no medium other than "" or Memory.',
    checkPod: (pod) => recs(pod.spec.volumes).flatMap((v, i) => {
      const e = v.emptyDir;
      if (!isRecord(e)) return [];
      const out = [];
      if (has(e, 'sizeLimit')) out.push(finding(`${pod.specPath}.volumes[${i}].emptyDir.sizeLimit`, `emptyDir "${str(v.name) ?? i}" sets sizeLimit, which virtual nodes do not support`, 'remove sizeLimit'));
      if (setInStoredObject(e, 'medium', 'EmptyDirVolumeSource') && e.medium !== 'Memory') out.push(finding(`${pod.specPath}.volumes[${i}].emptyDir.medium`, `emptyDir "${str(v.name) ?? i}" uses medium ${JSON.stringify(e.medium)}, which virtual nodes do not support`, 'use medium "" or Memory'));
      return out;
    }),
  }),
  podRule({
    id: 'vn-volume-mode', category: VN, source: COMPARING,
    description: 'configMap, secret and projected volumes leave defaultMode and items[].mode unset or 0644 (420).',
    checkPod: (pod) => recs(pod.spec.volumes).flatMap((v, i) => {
      const base = `${pod.specPath}.volumes[${i}]`;
      const out: Finding[] = [];
      const check = (holder: Record<string, unknown>, path: string, field: string): void => {
        if (has(holder, field) && holder[field] !== MODE_0644) {
          const mode = holder[field];
          const octal = typeof mode === 'number' ? `0${mode.toString(8)}` : JSON.stringify(mode);
          out.push(finding(join(path, field), `volume "${str(v.name) ?? i}" sets ${field} ${octal}; virtual nodes accept only 0644`, `remove ${field} or set it to 0644 (420)`));
        }
      };
      for (const type of ['configMap', 'secret', 'projected'] as const) {
        const src = v[type];
        if (!isRecord(src)) continue;
        check(src, `${base}.${type}`, 'defaultMode');
        recs(src.items).forEach((item, k) => check(item, `${base}.${type}.items[${k}]`, 'mode'));
        recs(src.sources).forEach((s, j) => {
          for (const inner of ['configMap', 'secret', 'downwardAPI'] as const) {
            recs(rec(s[inner]).items).forEach((item, k) => check(item, `${base}.${type}.sources[${j}].${inner}.items[${k}]`, 'mode'));
          }
        });
      }
      return out;
    }),
  }),
];
