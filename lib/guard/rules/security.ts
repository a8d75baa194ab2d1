/**
 * Security rules merged from Pod Security Standards "restricted", kube-score, kube-linter, Polaris and Checkov
 * (docs/security-reliability.md §1), with the virtual-node exceptions where the two conflict.
 */
import type { ContainerAt } from '../pods';
import type { PodTemplate, Rule } from '../types';
import { has, isRecord, rec, recs, str } from '../util';
import { containerRule, finding, objectRule, podRule } from './helpers';

const SEC = 'security' as const;
/** Chosen threshold (docs/security-reliability.md §1.1): kube-score and Checkov need ≥ 10000, Monokle > 10000. */
export const MIN_ID = 10001;
/** Names kube-linter and Polaris treat as secrets. */
const SECRET_ENV_NAME = /password|passwd|secret|token|api_?key|private_?key|credential/i;
/** Names that hold a reference to a secret (a file path, a Secret name), not the secret. */
const REFERENCE_ENV_SUFFIX = /_(FILE|PATH|DIR|NAME|REF)$/i;

/** Effective securityContext value of a container: its own, else the pod's. */
function effective(c: ContainerAt, pod: PodTemplate, field: string): unknown {
  const own = rec(c.container.securityContext);
  return has(own, field) ? own[field] : rec(pod.spec.securityContext)[field];
}

/** Image reference parts: `repo[:tag][@sha256:digest]` (a port in the registry host is not a tag). */
export function parseImage(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  return { ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

export const securityRules: readonly Rule[] = [
  containerRule({
    id: 'sec-run-as-non-root', category: SEC, source: 'PSS restricted; kube-linter run-as-non-root; Polaris runAsRootAllowed; CKV_K8S_23',
    description: 'Every container runs with runAsNonRoot: true (its own or the pod\'s) and nothing sets it to false.',
    checkContainer: (c, pod) => (effective(c, pod, 'runAsNonRoot') === true ? [] : [finding(`${c.path}.securityContext.runAsNonRoot`, `container "${c.name}" may run as root (runAsNonRoot is not true)`, 'set runAsNonRoot: true in the pod and container securityContext')]),
  }),
  containerRule({
    id: 'sec-run-as-user', category: SEC, source: 'kube-score container-security-context-user-group-id; CKV_K8S_40',
    description: `Every container runs as a UID ≥ ${MIN_ID} (runAsUser, its own or the pod's).`,
    checkContainer: (c, pod) => {
      const uid = effective(c, pod, 'runAsUser');
      return typeof uid === 'number' && uid >= MIN_ID ? [] : [finding(`${c.path}.securityContext.runAsUser`, `container "${c.name}" runs as UID ${uid === undefined ? '(image default)' : String(uid)}, below ${MIN_ID}`, `set runAsUser: ${MIN_ID} (or higher)`)];
    },
  }),
  containerRule({
    id: 'sec-run-as-group', category: SEC, source: 'kube-score container-security-context-user-group-id',
    description: `Every container runs with a GID ≥ ${MIN_ID} (runAsGroup, its own or the pod's).`,
    checkContainer: (c, pod) => {
      const gid = effective(c, pod, 'runAsGroup');
      return typeof gid === 'number' && gid >= MIN_ID ? [] : [finding(`${c.path}.securityContext.runAsGroup`, `container "${c.name}" runs with GID ${gid === undefined ? '(image default)' : String(gid)}, below ${MIN_ID}`, `set runAsGroup: ${MIN_ID} (or higher)`)];
    },
  }),
  containerRule({
    id: 'sec-read-only-root-fs', category: SEC, source: 'kube-score container-security-context-readonlyrootfilesystem; kube-linter no-read-only-root-fs; CKV_K8S_22',
    description: 'Every container has readOnlyRootFilesystem: true (on virtual nodes, the single emptyDir is the scratch space).',
    checkContainer: (c) => (rec(c.container.securityContext).readOnlyRootFilesystem === true ? [] : [finding(`${c.path}.securityContext.readOnlyRootFilesystem`, `container "${c.name}" has a writable root filesystem`, 'set readOnlyRootFilesystem: true and mount the one emptyDir where the process writes (e.g. /tmp)')]),
  }),
  containerRule({
    id: 'sec-drop-all-capabilities', category: SEC, source: 'PSS restricted; Polaris insecureCapabilities; CKV_K8S_28, CKV_K8S_37',
    description: 'Every container drops ALL capabilities.',
    checkContainer: (c) => {
      const drop = rec(rec(c.container.securityContext).capabilities).drop;
      return Array.isArray(drop) && drop.includes('ALL') ? [] : [finding(`${c.path}.securityContext.capabilities.drop`, `container "${c.name}" does not drop ALL capabilities`, 'set capabilities.drop: [ALL]')];
    },
  }),
  containerRule({
    id: 'sec-capabilities-add', category: SEC, source: 'PSS restricted; Polaris dangerousCapabilities; CKV_K8S_25, CKV_K8S_39',
    description: 'Containers add no capability other than NET_BIND_SERVICE.',
    checkContainer: (c) => {
      const add = rec(rec(c.container.securityContext).capabilities).add;
      const bad = Array.isArray(add) ? add.filter((x) => x !== 'NET_BIND_SERVICE') : [];
      return bad.length === 0 ? [] : [finding(`${c.path}.securityContext.capabilities.add`, `container "${c.name}" adds ${bad.map(String).join(', ')}`, 'remove the added capabilities (listen on a port ≥ 1024 instead of adding NET_BIND_SERVICE where possible)')];
    },
  }),
  containerRule({
    id: 'sec-no-privilege-escalation', category: SEC, source: 'PSS restricted; kube-linter privilege-escalation-container; Polaris privilegeEscalationAllowed; CKV_K8S_20',
    description: 'Every container sets allowPrivilegeEscalation: false explicitly.',
    checkContainer: (c) => (rec(c.container.securityContext).allowPrivilegeEscalation === false ? [] : [finding(`${c.path}.securityContext.allowPrivilegeEscalation`, `container "${c.name}" does not set allowPrivilegeEscalation: false`, 'set allowPrivilegeEscalation: false')]),
  }),
  containerRule({
    id: 'sec-privileged', category: SEC, scope: 'off-virtual-nodes', source: 'PSS baseline; kube-linter privileged-container; CKV_K8S_16',
    description: 'No privileged container (on virtual nodes vn-container-privileged covers it).',
    checkContainer: (c) => (rec(c.container.securityContext).privileged === true ? [finding(`${c.path}.securityContext.privileged`, `container "${c.name}" is privileged`, 'remove privileged')] : []),
  }),
  podRule({
    id: 'sec-host-namespaces', category: SEC, scope: 'off-virtual-nodes', source: 'PSS baseline; CKV_K8S_17-19',
    description: 'No hostNetwork, hostPID or hostIPC: true (on virtual nodes vn-host-namespaces covers it).',
    checkPod: (pod) => ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => pod.spec[f] === true)
      .map((f) => finding(`${pod.specPath}.${f}`, `the pod shares the host's ${f.slice(4)} namespace`, `remove ${f}`)),
  }),
  podRule({
    id: 'sec-host-path', category: SEC, scope: 'off-virtual-nodes', source: 'PSS baseline; kube-linter sensitive-host-mounts; CKV_K8S_27',
    description: 'No hostPath volumes (on virtual nodes vn-volume-type covers it).',
    checkPod: (pod) => recs(pod.spec.volumes).flatMap((v, i) => (has(v, 'hostPath') ? [finding(`${pod.specPath}.volumes[${i}].hostPath`, `volume "${str(v.name) ?? i}" mounts a host path`, 'use a configMap, secret or emptyDir volume')] : [])),
  }),
  podRule({
    id: 'sec-seccomp', category: SEC, scope: 'off-virtual-nodes', source: 'PSS restricted; kube-score container-seccomp-profile; CKV_K8S_31',
    description: 'Pods off virtual nodes use seccomp RuntimeDefault or Localhost. Not enforced on virtual nodes: they reject pod-level seccompProfile (container level unconfirmed).',
    checkPod: (pod) => {
      const ok = (p: unknown): boolean => isRecord(p) && (p.type === 'RuntimeDefault' || p.type === 'Localhost');
      const podLevel = rec(pod.spec.securityContext).seccompProfile;
      const containers = recs(pod.spec.containers);
      if (ok(podLevel) || (containers.length > 0 && containers.every((c) => ok(rec(c.securityContext).seccompProfile)))) return [];
      return [finding(`${pod.specPath}.securityContext.seccompProfile`, 'the pod runs without a RuntimeDefault or Localhost seccomp profile', 'set securityContext.seccompProfile.type: RuntimeDefault')];
    },
  }),
  containerRule({
    id: 'sec-image-tag', category: SEC, source: 'kube-score container-image-tag; kube-linter latest-tag; Polaris tagNotSpecified; CKV_K8S_14',
    description: 'Images are pinned: a tag other than latest, or a digest.',
    checkContainer: (c) => {
      const image = str(c.container.image);
      if (image === undefined) return [];
      const { tag, digest } = parseImage(image);
      if (digest !== undefined) return [];
      if (tag === undefined || tag === 'latest') return [finding(`${c.path}.image`, `container "${c.name}" image "${image}" is ${tag === undefined ? 'untagged' : 'tagged latest'}, so what runs can change without a commit`, 'pin a version tag, or better a digest (@sha256:...)')];
      return [];
    },
  }),
  containerRule({
    id: 'sec-image-digest', category: SEC, optional: true, source: 'CKV_K8S_43; OKE image verification (contengenforcingsignedimagesfromocir.htm)',
    description: 'Images are referenced by digest (optional; required when OKE signed-image verification is on).',
    checkContainer: (c) => {
      const image = str(c.container.image);
      return image === undefined || parseImage(image).digest !== undefined ? [] : [finding(`${c.path}.image`, `container "${c.name}" image "${image}" has no digest`, 'reference the image as repo@sha256:<digest>')];
    },
  }),
  containerRule({
    id: 'sec-env-secret-literal', category: SEC, source: 'kube-linter env-var-secret; Polaris sensitiveContainerEnvVar',
    description: 'No literal value in environment variables named like secrets (password, token, secret, api key, private key, credential).',
    checkContainer: (c) => recs(c.container.env).flatMap((e, i) => {
      const name = str(e.name) ?? '';
      return SECRET_ENV_NAME.test(name) && !REFERENCE_ENV_SUFFIX.test(name) && typeof e.value === 'string' && e.value !== ''
        ? [finding(`${c.path}.env[${i}].value`, `container "${c.name}" sets ${name} to a literal value, so the secret lives in the manifest`, `read ${name} from a Secret (valueFrom.secretKeyRef, synced by an ExternalSecret) or mount it as a file`)]
        : [];
    }),
  }),
  containerRule({
    id: 'sec-probe-host', category: SEC, source: 'PSS baseline (Kubernetes ≥ 1.34: probe and lifecycle host fields)',
    description: 'Probes and lifecycle handlers set no httpGet.host or tcpSocket.host (they must target the pod itself).',
    checkContainer: (c) => {
      const out = [];
      const handlers: [string, unknown][] = [
        ['livenessProbe', c.container.livenessProbe], ['readinessProbe', c.container.readinessProbe], ['startupProbe', c.container.startupProbe],
        ['lifecycle.postStart', rec(c.container.lifecycle).postStart], ['lifecycle.preStop', rec(c.container.lifecycle).preStop],
      ];
      for (const [where, h] of handlers) {
        for (const kind of ['httpGet', 'tcpSocket']) {
          if (has(rec(rec(h)[kind]), 'host')) out.push(finding(`${c.path}.${where}.${kind}.host`, `container "${c.name}" points its ${where} at another host, which Pod Security "baseline" forbids`, 'remove host (the pod IP is used); make the server listen on 0.0.0.0'));
        }
      }
      return out;
    },
  }),
  containerRule({
    id: 'sec-resources', category: SEC, fields: ['initContainers', 'containers'], source: 'kube-score container-resources; kube-linter unset-cpu/memory-requirements; Polaris; CKV_K8S_10-13',
    description: 'Every container sets CPU and memory requests and limits.',
    checkContainer: (c) => {
      const res = rec(c.container.resources);
      const missing: string[] = [];
      for (const side of ['requests', 'limits'] as const) for (const r of ['cpu', 'memory']) if (!has(rec(res[side]), r)) missing.push(`${side}.${r}`);
      return missing.length === 0 ? [] : [finding(`${c.path}.resources`, `container "${c.name}" does not set ${missing.join(', ')}`, 'set cpu and memory requests and limits (equal values on virtual nodes)')];
    },
  }),
  objectRule({
    id: 'sec-secret-data', category: SEC, source: 'Own: secrets come from OCI Vault through External Secrets; a Secret in git leaks its value',
    kinds: ['Secret'],
    description: 'No Secret object carrying data or stringData in the manifests (use an ExternalSecret).',
    checkObject: (obj) => ['data', 'stringData'].filter((f) => Object.keys(rec(obj[f])).length > 0)
      .map((f) => finding(f, 'the manifest carries secret material', 'store the value in OCI Vault and sync it with an ExternalSecret')),
  }),
  objectRule({
    id: 'sec-nodeport-service', category: SEC, source: 'kube-score service-type; kube-linter exposed-services',
    kinds: ['Service'],
    description: 'No NodePort Services.',
    checkObject: (obj) => (rec(obj.spec).type === 'NodePort' ? [finding('spec.type', 'is NodePort, which exposes the service on every node port', 'use ClusterIP behind the ingress, or LoadBalancer')] : []),
  }),
];
