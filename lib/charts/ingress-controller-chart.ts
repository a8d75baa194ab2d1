import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config';
import { TraefikIngressController } from '../constructs/traefik-ingress-controller';
import { imageReference } from './image';
import { traefikTls } from './ingress-tls';
import { gib, virtualNodeScheduling } from './scheduling';

export interface IngressControllerChartProps {
  /**
   * Namespaces whose Ingresses Traefik serves, each with a Role and RoleBinding. The synth derives them:
   * every namespace holding an Ingress of `ingress.className` (lib/workloads/derive.ts).
   * @default [app.namespace]
   */
  readonly watchNamespaces?: readonly string[];
}

/** Traefik and the OCI load balancer in front of it. */
export class IngressControllerChart extends Chart {
  readonly controller: TraefikIngressController;

  constructor(scope: Construct, id: string, env: Environment, props: IngressControllerChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    const c = env.ingress.controller;
    const lb = env.ingress.loadBalancer;
    this.controller = new TraefikIngressController(this, 'Traefik', {
      namespace: c.namespace,
      ingressClassName: env.ingress.className,
      watchNamespaces: props.watchNamespaces ?? [env.app.namespace],
      image: imageReference(c.image),
      replicas: c.replicas,
      cpu: c.resources.cpu,
      memoryGiB: gib(c.resources.memory),
      scheduling: virtualNodeScheduling(env),
      loadBalancer: {
        type: lb.type,
        shape: lb.shape,
        minMbps: lb.minMbps,
        maxMbps: lb.maxMbps,
        internal: lb.internal,
        subnetId: lb.subnetId,
        nsgIds: lb.nsgIds,
        healthCheck: lb.healthCheck,
      },
      tls: traefikTls(env),
    });
  }
}
