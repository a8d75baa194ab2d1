import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IntOrString, KubeIngress, KubeService } from '../../imports/k8s';
import { PropsError } from './errors';
import { PodDisruptionBudget } from './pod-disruption-budget';
import { ContainerProbe, VirtualNodeDeployment } from './virtual-node-deployment';
import { WorkloadIdentityServiceAccount } from './workload-identity-service-account';
import { WorkloadPod } from './workload-pod';
import { NamedPort, WorkloadPodProps, WorkloadResources, checkWorkloadProps } from './workload-props';
import { VaultCertificate, WorkloadSecrets } from './workload-secrets';

/** Name of the container port the Service and the Ingress route to. */
export const WEB_PORT_NAME = 'http';

/** Probe paths when `probes` is not given: HTTP GETs on the service port. */
export interface WebServiceHealthCheck {
  /** Liveness and startup: the process serves. @default "/healthz" */
  readonly livenessPath?: string;
  /** Readiness: this instance can take traffic (dependencies reachable, not shutting down). @default "/readyz" */
  readonly readinessPath?: string;
  /** How long the process may take to start before it is restarted (startup probe every 2 s). @default 120 */
  readonly startupTimeoutSeconds?: number;
}

/** Probes set one by one; each replaces the one `healthCheck` would give. */
export interface WebServiceProbes {
  /** @default GET livenessPath every 2 s, failing after startupTimeoutSeconds */
  readonly startup?: ContainerProbe;
  /** @default GET livenessPath every 10 s, 3 failures */
  readonly liveness?: ContainerProbe;
  /** @default GET readinessPath every 5 s, 2 failures */
  readonly readiness?: ContainerProbe;
}

/** Horizontal Pod Autoscaler on CPU. */
export interface WebServiceAutoscaling {
  /** At least 2: one pod can then be evicted during a cluster upgrade. @default 2 */
  readonly minReplicas?: number;
  /** Above minReplicas. Each pod takes one pod-subnet IP. @default 6 */
  readonly maxReplicas?: number;
  /** Average CPU utilisation aimed at, in percent of requests. @default 70 */
  readonly targetCpuUtilization?: number;
}

/** An Ingress routing a host (and path prefix) to the Service. */
export interface WebServiceIngress {
  /** IngressClass: the environment's Traefik serves `ingress.className` (`WorkloadContext.ingressClassName`). */
  readonly className: string;
  /** Host name, e.g. orders.example.com. */
  readonly host: string;
  /** Path prefix. @default "/" */
  readonly path?: string;
  /**
   * A kubernetes.io/tls Secret in the namespace that something else makes (a cert-manager Certificate, your own
   * ExternalSecret), for Traefik to terminate TLS with. The guard fails a Secret no object produces. @default none
   */
  readonly tlsSecretName?: string;
  /**
   * The certificate from OCI Vault (`vault` or `secretStoreName` reads it): ESO writes the kubernetes.io/tls Secret
   * and the Ingress names it, for Traefik to terminate TLS. @default none
   */
  readonly certificate?: VaultCertificate;
  /**
   * Where the certificate is served: `ingress` (Traefik: the Ingress's `tls` names the Secret) or `loadBalancer`
   * (the OCI load balancer's listener names it, the Ingress carries no `tls`). @default "ingress"
   */
  readonly terminateTlsAt?: 'ingress' | 'loadBalancer';
}

export interface WebServiceProps extends WorkloadPodProps {
  /** `app.kubernetes.io/component` label. @default "server" */
  readonly component?: string;
  /** Container port the server listens on, named "http"; unprivileged, outside 30000-32767. @default 8080 */
  readonly port?: number;
  /** Port of the ClusterIP Service (and the Ingress backend). @default 80 */
  readonly servicePort?: number;
  /** More container ports (e.g. metrics), not exposed through the Service or the Ingress. @default none */
  readonly extraPorts?: readonly NamedPort[];
  /** @default 1 OCPU, 2 GiB */
  readonly resources?: WorkloadResources;
  /** @default GET /healthz (startup, liveness), GET /readyz (readiness) on `port` */
  readonly healthCheck?: WebServiceHealthCheck;
  /** Probes one by one (HTTP or exec), overriding `healthCheck`. @default from healthCheck */
  readonly probes?: WebServiceProbes;
  /** @default 2 to 6 replicas at 70 % CPU */
  readonly autoscaling?: WebServiceAutoscaling;
  /** Route external traffic through the environment's ingress controller. @default none (reachable in-cluster only) */
  readonly ingress?: WebServiceIngress;
}

/**
 * A stateless HTTP service on OKE virtual nodes, in the style of cdk8s-plus: a Workload Identity
 * ServiceAccount, secrets from OCI Vault through External Secrets, a VirtualNodeDeployment scaled by an
 * HPA, a ClusterIP Service, a PodDisruptionBudget and, optionally, an Ingress for the environment's Traefik.
 * The example app (`lib/charts/app-chart.ts`) is one.
 *
 * Every object is reachable for changes the props do not cover: `workload.apiObject.addJsonPatch(...)`,
 * `service`, `autoscaler`, `ingress`...; objects added under this construct land in the same chart.
 */
export class WebService extends Construct {
  /** Labels on every object of the service. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pod selector (stable: never derived from construct paths). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: WorkloadIdentityServiceAccount;
  /** The SecretStore, ExternalSecrets and pull Secret. */
  readonly secrets: WorkloadSecrets;
  readonly workload: VirtualNodeDeployment;
  readonly service: KubeService;
  readonly autoscaler: kplus.HorizontalPodAutoscaler;
  readonly podDisruptionBudget: PodDisruptionBudget;
  /** Present when `ingress` is set. */
  readonly ingress?: KubeIngress;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const ns = props.namespace;
    const port = props.port ?? 8080;
    const resources = props.resources ?? { cpu: 1, memoryGiB: 2 };
    const ports = [{ name: WEB_PORT_NAME, number: port }, ...(props.extraPorts ?? [])];
    checkWorkloadProps('WebService', { name: props.name, resources, ports });
    if (port < 1024) throw new PropsError(`${props.name}: port ${port} is privileged; listen on 1024-65535 (e.g. 8080): the container runs without capabilities`);
    const scaling = { minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70, ...props.autoscaling };
    if (scaling.minReplicas < 2) throw new PropsError(`${props.name}: autoscaling.minReplicas ${scaling.minReplicas} must be at least 2, so one pod can be evicted during upgrades`);
    if (scaling.maxReplicas <= scaling.minReplicas) {
      throw new PropsError(`${props.name}: autoscaling.maxReplicas ${scaling.maxReplicas} must be above minReplicas ${scaling.minReplicas}, or the HPA cannot scale`);
    }

    const health = { livenessPath: '/healthz', readinessPath: '/readyz', startupTimeoutSeconds: 120, ...props.healthCheck };
    // Startup tolerates a slow first start (migrations); liveness stays cheap; readiness reacts fast.
    const startupFailures = Math.max(1, Math.ceil(health.startupTimeoutSeconds / 2));
    const pod = new WorkloadPod(this, props, {
      defaultComponent: 'server',
      resources,
      ports,
      certificate: props.ingress?.certificate,
      probes: {
        startupProbe: props.probes?.startup ?? { path: health.livenessPath, port, periodSeconds: 2, failureThreshold: startupFailures },
        livenessProbe: props.probes?.liveness ?? { path: health.livenessPath, port, periodSeconds: 10, failureThreshold: 3 },
        readinessProbe: props.probes?.readiness ?? { path: health.readinessPath, port, periodSeconds: 5, failureThreshold: 2 },
      },
    });
    this.labels = pod.labels;
    this.selectorLabels = pod.selectorLabels;
    this.serviceAccount = pod.serviceAccount;
    this.secrets = pod.secrets;
    this.workload = pod.workload;
    const labels = this.labels;

    this.service = new KubeService(this, 'Service', {
      metadata: { name: props.name, namespace: ns, labels },
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selectorLabels },
        ports: [{ name: WEB_PORT_NAME, port: props.servicePort ?? 80, targetPort: IntOrString.fromString(WEB_PORT_NAME), protocol: 'TCP' }],
      },
    });

    // Virtual kubelets report CPU over >= 60 s windows: scale up on a minute's evidence, down slowly.
    this.autoscaler = new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
      metadata: { name: props.name, namespace: ns, labels },
      target: this.workload.deployment,
      minReplicas: scaling.minReplicas,
      maxReplicas: scaling.maxReplicas,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(scaling.targetCpuUtilization))],
      scaleUp: {
        stabilizationWindow: Duration.seconds(60),
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        policies: [{ replicas: kplus.Replicas.absolute(2), duration: Duration.seconds(60) }],
      },
      scaleDown: {
        stabilizationWindow: Duration.seconds(300),
        strategy: kplus.ScalingStrategy.MIN_CHANGE,
        policies: [{ replicas: kplus.Replicas.absolute(1), duration: Duration.seconds(120) }],
      },
    });

    this.podDisruptionBudget = new PodDisruptionBudget(this, 'PodDisruptionBudget', {
      name: props.name, namespace: ns, labels, selectorLabels: this.selectorLabels, maxUnavailable: props.maxUnavailable,
    });

    const ing = props.ingress;
    if (ing !== undefined) {
      if (ing.tlsSecretName !== undefined && ing.certificate !== undefined) {
        throw new PropsError(`${props.name}: ingress.tlsSecretName and ingress.certificate both name the TLS Secret; keep one`);
      }
      const tlsSecret = ing.terminateTlsAt === 'loadBalancer' ? undefined : ing.tlsSecretName ?? this.secrets.certificateSecretName;
      this.ingress = new KubeIngress(this, 'Ingress', {
        metadata: { name: props.name, namespace: ns, labels },
        spec: {
          ingressClassName: ing.className,
          tls: tlsSecret === undefined ? undefined : [{ hosts: [ing.host], secretName: tlsSecret }],
          rules: [{
            host: ing.host,
            http: {
              paths: [{
                path: ing.path ?? '/',
                pathType: 'Prefix',
                backend: { service: { name: props.name, port: { name: WEB_PORT_NAME } } },
              }],
            },
          }],
        },
      });
    }
  }
}
