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

export interface TraefikIngressControllerProps {
  /** Namespace Traefik runs in (must exist). */
  readonly namespace: string;
  /** Name of the Deployment, Service, ServiceAccount and RBAC objects. @default "traefik" */
  readonly name?: string;
  /** IngressClass Traefik serves. */
  readonly ingressClassName: string;
  /**
   * Namespaces whose Ingresses Traefik watches. Its namespaced rights (Services, EndpointSlices,
   * Secrets, Ingresses) are granted per namespace through Roles, not cluster-wide.
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
  /** The OCI load balancer in front of Traefik. */
  readonly loadBalancer: OciLoadBalancerOptions;
}

/** Container ports: unprivileged (no NET_BIND_SERVICE needed) and outside the 30000-32767 range virtual nodes reserve. */
export const TRAEFIK_PORTS = { web: 8000, websecure: 8443, traefik: 8080, metrics: 9100 } as const;

/**
 * Traefik v3 as the in-cluster ingress controller, entirely in our charts (no Helm chart: its defaults
 * break virtual-node rules: two emptyDirs, a 60 s grace period, pod-level seccomp). Kubernetes Ingress
 * provider only, least-privilege RBAC, a LoadBalancer Service annotated for OCI with
 * `externalTrafficPolicy: Cluster` (virtual nodes do not preserve client IPs with `Local`).
 */
export class TraefikIngressController extends Construct {
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: TraefikIngressControllerProps) {
    super(scope, id);
    const name = props.name ?? 'traefik';
    const ns = props.namespace;
    // Traefik reads an empty namespace list as "every namespace", which its Roles would not cover.
    if (props.watchNamespaces.length === 0) throw new PropsError('watchNamespaces is empty: Traefik would watch every namespace without the rights to; list the namespaces holding its Ingresses');
    this.serviceName = name;
    const component = { name, component: 'ingress-controller' };
    const labels = componentLabels(component);
    const selector = selectorLabels(component);

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
    for (const watched of [...props.watchNamespaces].sort()) {
      new KubeRole(this, `Role-${watched}`, {
        metadata: { name, namespace: watched, labels },
        rules: [
          { apiGroups: [''], resources: ['services'], verbs: ['get', 'list', 'watch'] },
          // TLS certificates referenced by Ingresses in this namespace.
          { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
          { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
        ],
      });
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
        args: [
          `--entryPoints.web.address=:${TRAEFIK_PORTS.web}`,
          `--entryPoints.websecure.address=:${TRAEFIK_PORTS.websecure}`,
          `--entryPoints.traefik.address=:${TRAEFIK_PORTS.traefik}`,
          `--entryPoints.metrics.address=:${TRAEFIK_PORTS.metrics}`,
          // Shut down within the default 30 s grace period (virtual nodes reject changing it): keep
          // accepting for 5 s while readiness fails and the LB deregisters the pod, then drain for 20 s.
          '--entryPoints.web.transport.lifeCycle.requestAcceptGraceTimeout=5s',
          '--entryPoints.web.transport.lifeCycle.graceTimeOut=20s',
          '--entryPoints.websecure.transport.lifeCycle.requestAcceptGraceTimeout=5s',
          '--entryPoints.websecure.transport.lifeCycle.graceTimeOut=20s',
          '--ping=true',
          '--ping.entryPoint=traefik',
          '--ping.terminatingStatusCode=503',
          '--metrics.prometheus=true',
          '--metrics.prometheus.entryPoint=metrics',
          '--providers.kubernetesingress=true',
          `--providers.kubernetesingress.ingressClass=${props.ingressClassName}`,
          `--providers.kubernetesingress.namespaces=${[...props.watchNamespaces].sort().join(',')}`,
          `--providers.kubernetesingress.ingressendpoint.publishedservice=${ns}/${name}`,
          '--log.format=json',
          '--accesslog=true',
          '--accesslog.format=json',
          '--global.checknewversion=false',
          '--global.sendanonymoususage=false',
        ],
        ports: Object.entries(TRAEFIK_PORTS).map(([portName, number]) => ({ name: portName, number })),
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

    new KubeService(this, 'Service', {
      metadata: { name, namespace: ns, labels, annotations: ociLoadBalancerAnnotations(props.loadBalancer) },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        selector,
        ports: [
          { name: 'web', port: 80, targetPort: IntOrString.fromString('web'), protocol: 'TCP' },
          { name: 'websecure', port: 443, targetPort: IntOrString.fromString(props.loadBalancer.tlsSecretName === undefined ? 'websecure' : 'web'), protocol: 'TCP' },
        ],
      },
    });
  }
}
