import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PropsError } from './errors';

/** Where pods of a virtual-node workload may be scheduled. */
export interface VirtualNodeScheduling {
  /** Node label the virtual node pool carries; becomes the pod's nodeSelector. */
  readonly nodeLabel: { readonly key: string; readonly value: string };
  /** Taint on the pool, tolerated by the pods. @default no toleration */
  readonly taint?: { readonly key: string; readonly value: string; readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' };
  /**
   * Topology keys to spread replicas over, each with maxSkew 1 and ScheduleAnyway (how strictly virtual
   * nodes honour spread constraints is unconfirmed, so they must never block scheduling).
   * @default ['topology.kubernetes.io/zone', 'oci.oraclecloud.com/fault-domain']
   */
  readonly spreadOver?: readonly string[];
}

/** Timing shared by every probe kind. */
export interface ProbeTiming {
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 0 */
  readonly initialDelaySeconds?: number;
}

/** An HTTP GET probe (virtual nodes accept HTTP, HTTPS and exec probes; no gRPC, no probe-level grace period). */
export interface HttpProbe extends ProbeTiming {
  readonly path: string;
  /** Container port number. */
  readonly port: number;
}

/**
 * An exec probe: the command runs inside the container and succeeds with exit code 0. For processes that
 * serve no HTTP (workers). Virtual nodes accept exec liveness, readiness and startup probes (docs/virtual-nodes.md
 * §2; Oracle, "Comparing Virtual Nodes with Managed Nodes",
 * https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengcomparingvirtualwithmanagednodes_topic.htm).
 */
export interface ExecProbe extends ProbeTiming {
  /** Command and arguments, run without a shell (add `sh -c` yourself when you need one). */
  readonly command: readonly string[];
}

/** A probe of either kind. */
export type ContainerProbe = HttpProbe | ExecProbe;

/**
 * A key of a Kubernetes Secret mounted as a read-only file (mode left at the 0644 default virtual nodes require).
 * Several keys of one Secret in one directory share a volume.
 */
export interface SecretFile {
  /** Secret name. */
  readonly secretName: string;
  /** Key in the Secret. */
  readonly key: string;
  /** Directory the file appears in; the file is named after the key. */
  readonly directory: string;
}

export interface VirtualNodeContainer {
  /** Container name. */
  readonly name: string;
  /** Image reference, by tag or digest. */
  readonly image: string;
  /** Arguments. @default none */
  readonly args?: readonly string[];
  /** Named container ports (must avoid 30000-32767, which virtual nodes reserve). @default none */
  readonly ports?: ReadonlyArray<{ readonly name: string; readonly number: number }>;
  /** Plain environment variables (never secret values: use `secretFiles`). */
  readonly env?: Readonly<Record<string, string>>;
  /** CPU in whole OCPUs; request and limit are equal. */
  readonly cpu: number;
  /** Memory in GiB; request and limit are equal. */
  readonly memoryGiB: number;
  /** Holds liveness and readiness back until the process has started. @default none */
  readonly startupProbe?: ContainerProbe;
  /** Restarts the container when it fails. @default none */
  readonly livenessProbe?: ContainerProbe;
  /** Takes the pod out of Services while it fails; required for pods behind a Service (the guard checks). @default none */
  readonly readinessProbe?: ContainerProbe;
}

export interface VirtualNodeDeploymentProps {
  /** Deployment name (stable, no hash suffix). */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Labels on the Deployment and its pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** Pod selector labels (a subset of `labels`); immutable once deployed, so never derived from construct paths. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The single container (virtual nodes reject init and ephemeral containers). */
  readonly container: VirtualNodeContainer;
  /** ServiceAccount the pods run as. */
  readonly serviceAccount: kplus.IServiceAccount;
  /** Mount the ServiceAccount token (needed by pods that call the Kubernetes or OCI API). @default false */
  readonly automountServiceAccountToken?: boolean;
  readonly scheduling: VirtualNodeScheduling;
  /** Fixed replica count; leave unset when an HPA owns the scale. @default unset */
  readonly replicas?: number;
  /** UID and GID the pod runs as. @default 10001 */
  readonly runAsId?: number;
  /** Path of the one writable emptyDir (virtual nodes allow a single emptyDir). @default "/tmp" */
  readonly scratchPath?: string;
  /** Secret keys mounted as files. @default none */
  readonly secretFiles?: readonly SecretFile[];
  /** imagePullSecret name for private registries (OCIR on virtual nodes). @default none */
  readonly imagePullSecretName?: string;
  /** Pod template annotations (e.g. a checksum that rolls pods when a secret version changes). @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/**
 * Pod template fields cdk8s-plus-27 emits by default that virtual nodes reject (or whose explicit
 * "harmless" value is unconfirmed). Paths use cdk8s-plus' TypeScript spelling (`setHostnameAsFqdn`),
 * because patches are applied before the Kubernetes key names are produced.
 */
const REJECTED_POD_FIELDS = [
  '/spec/template/spec/terminationGracePeriodSeconds',
  '/spec/template/spec/setHostnameAsFqdn',
  '/spec/template/spec/hostNetwork',
  '/spec/template/spec/securityContext/fsGroupChangePolicy',
  '/spec/template/spec/containers/0/securityContext/privileged',
] as const;

const DEFAULT_SPREAD = ['topology.kubernetes.io/zone', 'oci.oraclecloud.com/fault-domain'];

function probe(p: ContainerProbe | undefined): kplus.Probe | undefined {
  if (p === undefined) return undefined;
  const timing = {
    periodSeconds: Duration.seconds(p.periodSeconds ?? 10),
    failureThreshold: p.failureThreshold ?? 3,
    timeoutSeconds: Duration.seconds(p.timeoutSeconds ?? 1),
    initialDelaySeconds: Duration.seconds(p.initialDelaySeconds ?? 0),
  };
  if ('command' in p) {
    if (p.command.length === 0) throw new PropsError('exec probe: command is empty; give the command and its arguments, e.g. ["/app/healthcheck"]');
    return kplus.Probe.fromCommand([...p.command], timing);
  }
  return kplus.Probe.fromHttpGet(p.path, { port: p.port, ...timing });
}

/** Groups secret files by Secret and directory: one volume per pair, one item per key. */
function secretVolumes(files: readonly SecretFile[]): Array<{ secretName: string; directory: string; keys: string[] }> {
  const groups: Array<{ secretName: string; directory: string; keys: string[] }> = [];
  for (const f of files) {
    const group = groups.find((g) => g.secretName === f.secretName);
    if (group === undefined) groups.push({ secretName: f.secretName, directory: f.directory, keys: [f.key] });
    else if (group.directory !== f.directory) {
      throw new PropsError(`secretFiles: Secret "${f.secretName}" is mounted at ${group.directory} and ${f.directory}; mount each Secret in one directory`);
    } else if (!group.keys.includes(f.key)) group.keys.push(f.key);
  }
  return groups;
}

/**
 * A Deployment whose pods fit OKE virtual nodes: one container with requests equal to limits in whole
 * OCPUs/GiB, non-root UID/GID, read-only root filesystem, all capabilities dropped, no privilege
 * escalation, HTTP or exec probes (or none), one emptyDir, a nodeSelector on the pool's label, spread over
 * ADs and fault domains, and none of the fields virtual nodes reject. Built on cdk8s-plus-27; the fields
 * its defaults add that virtual nodes refuse are removed here, in one place.
 */
export class VirtualNodeDeployment extends Construct {
  /** The underlying cdk8s-plus Deployment (escape hatch). */
  readonly deployment: kplus.Deployment;
  /** The Deployment's ApiObject, for JSON patches (escape hatch: patch paths use cdk8s-plus' TypeScript field names). */
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VirtualNodeDeploymentProps) {
    super(scope, id);
    const c = props.container;
    const uid = props.runAsId ?? 10001;
    const scratch = kplus.Volume.fromEmptyDir(this, 'scratch', 'scratch');
    const mounts: kplus.VolumeMount[] = [{ path: props.scratchPath ?? '/tmp', volume: scratch }];
    for (const [i, group] of secretVolumes(props.secretFiles ?? []).entries()) {
      const secret = kplus.Secret.fromSecretName(this, `secret-${i}`, group.secretName);
      const items = Object.fromEntries(group.keys.map((key) => [key, { path: key }]));
      const volume = kplus.Volume.fromSecret(this, `secret-volume-${i}`, secret, { name: `secret-${group.secretName}`, items });
      mounts.push({ path: group.directory, volume, readOnly: true });
    }

    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      select: false,
      replicas: props.replicas,
      // Never below the desired count during a rollout: one extra pod at a time instead.
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      securityContext: { ensureNonRoot: true, user: uid, group: uid },
      dockerRegistryAuth: props.imagePullSecretName === undefined ? undefined : kplus.Secret.fromSecretName(this, 'pull-secret', props.imagePullSecretName),
      podMetadata: { labels: { ...props.labels }, annotations: { ...(props.podAnnotations ?? {}) } },
      containers: [{
        name: c.name,
        image: c.image,
        args: c.args === undefined ? undefined : [...c.args],
        ports: (c.ports ?? []).map((p) => ({ name: p.name, number: p.number })),
        envVariables: Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
        resources: {
          cpu: { request: kplus.Cpu.units(c.cpu), limit: kplus.Cpu.units(c.cpu) },
          memory: { request: Size.gibibytes(c.memoryGiB), limit: Size.gibibytes(c.memoryGiB) },
        },
        securityContext: { ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, user: uid, group: uid },
        startup: probe(c.startupProbe),
        liveness: probe(c.livenessProbe),
        readiness: probe(c.readinessProbe),
        volumeMounts: mounts,
      }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...props.selectorLabels } }));

    const obj = ApiObject.of(this.deployment);
    this.apiObject = obj;
    for (const path of REJECTED_POD_FIELDS) obj.addJsonPatch(JsonPatch.remove(path));
    // cdk8s-plus adds a pod label derived from the construct path; a rename would roll every pod.
    obj.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { [props.scheduling.nodeLabel.key]: props.scheduling.nodeLabel.value }));
    const taint = props.scheduling.taint;
    if (taint !== undefined) {
      obj.addJsonPatch(JsonPatch.add('/spec/template/spec/tolerations', [{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }]));
    }
    obj.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', (props.scheduling.spreadOver ?? DEFAULT_SPREAD).map((key) => ({
      maxSkew: 1,
      topologyKey: key,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...props.selectorLabels } },
    }))));
  }
}
