import { Construct } from 'constructs';
import {
  IntOrString, KubeClusterRole, KubeClusterRoleBinding, KubeIngressClass, KubeRole, KubeRoleBinding, KubeService,
} from '../../imports/k8s';
import { PropsError } from './errors';
import { componentLabels, selectorLabels } from './labels';
import { OciLoadBalancerOptions, ociLoadBalancerAnnotations } from './oci-load-balancer';
import { PodDisruptionBudget } from './pod-disruption-budget';
import { VirtualNodeDeployment, VirtualNodeScheduling } from './virtual-node-deployment';
import { WorkloadIdentityServiceAccount } from './workload-identity-service-account';

/** Where HTTPS ends in front of the app, and what port 80 does. */
export interface TraefikTls {
  /**
   * `traefik`: the `websecure` entry point terminates TLS with the certificates of the Ingresses' `tls` Secrets.
   * `loadBalancer`: the OCI load balancer terminates TLS on 443 with `loadBalancerCertificate` and sends plain HTTP
   * to `websecure` (type "lb" only). `none`: port 80 only, no `websecure` entry point.
   */
  readonly termination: 'traefik' | 'loadBalancer' | 'none';
  /** Port 80 answers with a redirect to https://<host>/ (301 for GET, 308 otherwise). @default true unless termination is none */
  readonly redirectHttpToHttps?: boolean;
  /** termination `loadBalancer` only: the kubernetes.io/tls Secret of the listener, as `namespace/name`. */
  readonly loadBalancerCertificate?: string;
}

export interface TraefikIngressControllerProps {
  /** Namespace Traefik runs in (must exist). */
  readonly namespace: string;
  /** Name of the Deployment, Service, ServiceAccount and RBAC objects. @default "traefik" */
  readonly name?: string;
  /** IngressClass Traefik serves. */
  readonly ingressClassName: string;
  /**
   * Namespaces holding Ingresses of `ingressClassName`. Traefik watches them and its own namespace (it reads the
   * Service it publishes as the Ingresses' status through the same namespaced informers, and refuses a Service
   * outside its watched namespaces: traefik v3.7 `pkg/provider/kubernetes/ingress/client.go` `GetService`). Its
   * namespaced rights (Services, EndpointSlices, Secrets, Ingresses) are granted per namespace through Roles.
   */
  readonly watchNamespaces: readonly string[];
  /** Image reference (pinned tag or digest). */
  readonly image: string;
  /** Replicas (at least 2; a PDB keeps one up during upgrades). */
  readonly replicas: number;
  /** Whole OCPUs per pod; requests equal limits. */
  readonly cpu: number;
  /** GiB per pod; requests equal limits. */
  readonly memoryGiB: number;
  readonly scheduling: VirtualNodeScheduling;
  /** The OCI load balancer in front of Traefik (its TLS settings come from `tls`). */
  readonly loadBalancer: Omit<OciLoadBalancerOptions, 'tlsSecretName' | 'sslPorts'>;
  /** HTTPS and the HTTP redirect. */
  readonly tls: TraefikTls;
}

/** Container ports: unprivileged (no NET_BIND_SERVICE needed) and outside the 30000-32767 range virtual nodes reserve. */
export const TRAEFIK_PORTS = { web: 8000, websecure: 8443, traefik: 8080, metrics: 9100 } as const;

/** Ports of the LoadBalancer Service: what clients connect to. */
export const PUBLIC_PORTS = { http: 80, https: 443 } as const;

/** Resources Traefik's Kubernetes Ingress provider lists and watches in each watched namespace (traefik v3.7 `WatchAll`). */
const WATCHED_RESOURCES = [
  { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
  // TLS certificates referenced by Ingresses in this namespace; Traefik's informer lists every Secret of the namespace.
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
];

/**
 * Traefik v3 as the in-cluster ingress controller, entirely in our charts (the upstream chart always renders two
 * emptyDir volumes, which virtual nodes reject: README "Why Traefik is not installed from its chart"). Kubernetes
 * Ingress provider only, least-privilege RBAC, HTTPS by default, a LoadBalancer Service annotated for OCI with
 * `externalTrafficPolicy: Cluster` (virtual nodes do not preserve client IPs with `Local`).
 */
export class TraefikIngressController extends Construct {
  readonly serviceName: string;
  /** Every namespace Traefik watches: the Ingress namespaces and its own, sorted. */
  readonly watchedNamespaces: readonly string[];

  constructor(scope: Construct, id: string, props: TraefikIngressControllerProps) {
    super(scope, id);
    const name = props.name ?? 'traefik';
    const ns = props.namespace;
    const tls = props.tls;
    const redirect = tls.redirectHttpToHttps ?? tls.termination !== 'none';
    if (redirect && tls.termination === 'none') throw new PropsError('tls.redirectHttpToHttps: there is no HTTPS to redirect to with termination "none"; leave it unset or terminate TLS');
    if ((tls.termination === 'loadBalancer') !== (tls.loadBalancerCertificate !== undefined)) {
      throw new PropsError('tls.loadBalancerCertificate: set it (namespace/name of a kubernetes.io/tls Secret) exactly when termination is "loadBalancer"');
    }
    this.serviceName = name;
    const ingressNamespaces = [...new Set(props.watchNamespaces)].sort();
    this.watchedNamespaces = [...new Set([...ingressNamespaces, ns])].sort();
    const component = { name, component: 'ingress-controller' };
    const labels = componentLabels(component);
    const selector = selectorLabels(component);
    const https = tls.termination !== 'none';
    const ports = https ? TRAEFIK_PORTS : { web: TRAEFIK_PORTS.web, traefik: TRAEFIK_PORTS.traefik, metrics: TRAEFIK_PORTS.metrics };

    const sa = new WorkloadIdentityServiceAccount(this, 'ServiceAccount', { name, namespace: ns, labels, automountToken: true });

    // Cluster-scoped lookups only: IngressClasses, and Nodes (Traefik >= 3.1 resolves NodePort backends).
    new KubeClusterRole(this, 'ClusterRole', {
      metadata: { name, labels },
      rules: [
        { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    });
    for (const watched of this.watchedNamespaces) {
      // Status updates only where Ingresses are; its own namespace is watched to read the Service it publishes.
      const status = ingressNamespaces.includes(watched) ? [{ apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] }] : [];
      new KubeRole(this, `Role-${watched}`, { metadata: { name, namespace: watched, labels }, rules: [...WATCHED_RESOURCES, ...status] });
      new KubeRoleBinding(this, `RoleBinding-${watched}`, {
        metadata: { name, namespace: watched, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
      });
    }

    new VirtualNodeDeployment(this, 'Deployment', {
      name,
      namespace: ns,
      labels,
      selectorLabels: selector,
      serviceAccount: sa.serviceAccount,
      automountServiceAccountToken: true, // Traefik watches the Kubernetes API
      replicas: props.replicas,
      scheduling: props.scheduling,
      container: {
        name: 'traefik',
        image: props.image,
        args: traefikArgs({
          ingressClassName: props.ingressClassName,
          watchedNamespaces: this.watchedNamespaces,
          publishedService: `${ns}/${name}`,
          termination: tls.termination,
          redirectHttpToHttps: redirect,
        }),
        ports: Object.entries(ports).map(([portName, number]) => ({ name: portName, number })),
        cpu: props.cpu,
        memoryGiB: props.memoryGiB,
        startupProbe: { path: '/ping', port: TRAEFIK_PORTS.traefik, periodSeconds: 2, failureThreshold: 30 },
        livenessProbe: { path: '/ping', port: TRAEFIK_PORTS.traefik, periodSeconds: 10, failureThreshold: 3 },
        readinessProbe: { path: '/ping', port: TRAEFIK_PORTS.traefik, periodSeconds: 5, failureThreshold: 1 },
      },
    });

    new PodDisruptionBudget(this, 'PodDisruptionBudget', { name, namespace: ns, labels, selectorLabels: selector });

    new KubeIngressClass(this, 'IngressClass', {
      metadata: { name: props.ingressClassName, labels },
      spec: { controller: 'traefik.io/ingress-controller' },
    });

    const loadBalancer: OciLoadBalancerOptions = tls.termination === 'loadBalancer'
      ? { ...props.loadBalancer, sslPorts: [PUBLIC_PORTS.https], tlsSecretName: tls.loadBalancerCertificate }
      : props.loadBalancer;
    new KubeService(this, 'Service', {
      metadata: { name, namespace: ns, labels, annotations: ociLoadBalancerAnnotations(loadBalancer) },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        selector,
        ports: [
          { name: 'web', port: PUBLIC_PORTS.http, targetPort: IntOrString.fromString('web'), protocol: 'TCP' },
          // With termination at the load balancer, 443 arrives decrypted on websecure (plain HTTP there), so port 80
          // can still redirect without a loop.
          ...(https ? [{ name: 'websecure', port: PUBLIC_PORTS.https, targetPort: IntOrString.fromString('websecure'), protocol: 'TCP' }] : []),
        ],
      },
    });
  }
}

/** What the Traefik static configuration depends on. */
interface TraefikArgsInput {
  readonly ingressClassName: string;
  readonly watchedNamespaces: readonly string[];
  readonly publishedService: string;
  readonly termination: TraefikTls['termination'];
  readonly redirectHttpToHttps: boolean;
}

/**
 * Traefik's static configuration as command-line flags (traefik v3.7 `pkg/config/static`). Flags rather than a
 * ConfigMap file: no volume to mount (virtual nodes allow one emptyDir and nothing needs more), and a change of
 * configuration changes the pod template, so it rolls out.
 */
function traefikArgs(c: TraefikArgsInput): string[] {
  const https = c.termination !== 'none';
  const entryPoint = (ep: 'web' | 'websecure', port: number): string[] => [
    `--entryPoints.${ep}.address=:${port}`,
    // Routers without explicit entry points (every Ingress router) attach to the asDefault ones only, never to
    // `metrics` (traefik v3.7 cmd/traefik/traefik.go getDefaultsEntrypoints; `traefik` is excluded anyway).
    `--entryPoints.${ep}.asDefault=true`,
    // Shut down within the default 30 s grace period (virtual nodes reject changing it): keep accepting for 5 s
    // while readiness fails and the LB deregisters the pod, then drain for 20 s.
    `--entryPoints.${ep}.transport.lifeCycle.requestAcceptGraceTimeout=5s`,
    `--entryPoints.${ep}.transport.lifeCycle.graceTimeOut=20s`,
  ];
  return [
    ...entryPoint('web', TRAEFIK_PORTS.web),
    // `to=:443`, not `to=websecure`: Traefik would redirect to websecure's own port, 8443 (pkg/provider/traefik/internal.go).
    ...(c.redirectHttpToHttps ? [
      `--entryPoints.web.http.redirections.entryPoint.to=:${PUBLIC_PORTS.https}`,
      '--entryPoints.web.http.redirections.entryPoint.scheme=https',
      '--entryPoints.web.http.redirections.entryPoint.permanent=true',
    ] : []),
    ...(https ? entryPoint('websecure', TRAEFIK_PORTS.websecure) : []),
    // Every router on websecure gets TLS; the certificate is picked by SNI among the Ingresses' tls Secrets.
    ...(c.termination === 'traefik' ? ['--entryPoints.websecure.http.tls=true'] : []),
    `--entryPoints.traefik.address=:${TRAEFIK_PORTS.traefik}`,
    `--entryPoints.metrics.address=:${TRAEFIK_PORTS.metrics}`,
    '--ping=true',
    '--ping.entryPoint=traefik',
    '--ping.terminatingStatusCode=503',
    '--metrics.prometheus=true',
    '--metrics.prometheus.entryPoint=metrics',
    '--providers.kubernetesingress=true',
    `--providers.kubernetesingress.ingressClass=${c.ingressClassName}`,
    `--providers.kubernetesingress.namespaces=${c.watchedNamespaces.join(',')}`,
    `--providers.kubernetesingress.ingressendpoint.publishedservice=${c.publishedService}`,
    '--log.format=json',
    '--accesslog=true',
    '--accesslog.format=json',
    '--global.checknewversion=false',
    '--global.sendanonymoususage=false',
  ];
}
